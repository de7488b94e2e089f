// Drawn tables as cell boxes → true grids (TableBlock), and joining a table that continues on the next page.
import type { TableBlock } from '../types.js';
import { clusterValues, nearest } from './cluster.js';
import type { CellBox, TablePart } from './geometry.js';

const EDGE = 2.5;

/** Lay the cells on the grid of all their edges: a cell's text goes in its top-left slot, the rest are spanned. */
export function partToBlock(part: TablePart): TableBlock {
  const xs = clusterValues(part.cells.flatMap((c) => [c.left, c.right]), EDGE);
  const ys = clusterValues(part.cells.flatMap((c) => [c.top, c.bottom]), EDGE).reverse();
  const rows = Math.max(ys.length - 1, 0);
  const cols = Math.max(xs.length - 1, 0);
  const grid: string[][] = Array.from({ length: rows }, () => Array<string>(cols).fill(''));
  const spanned: boolean[][] = Array.from({ length: rows }, () => Array<boolean>(cols).fill(false));
  for (const c of part.cells) {
    const c0 = nearest(xs, c.left, EDGE), c1 = nearest(xs, c.right, EDGE);
    const r0 = nearest(ys, c.top, EDGE), r1 = nearest(ys, c.bottom, EDGE);
    if (c0 < 0 || c1 <= c0 || r0 < 0 || r1 <= r0) continue;
    for (let r = r0; r < r1; r++) for (let k = c0; k < c1; k++) spanned[r]![k] = r !== r0 || k !== c0;
    grid[r0]![c0] = c.text;
  }
  const anySpan = spanned.some((row) => row.some(Boolean));
  return anySpan ? { kind: 'table', rows: grid, spanned } : { kind: 'table', rows: grid };
}

/** Do two tables on consecutive pages look like one table broken by the page? Same left and right edges. */
export function continues(upper: TablePart, lower: TablePart): boolean {
  return Math.abs(upper.left - lower.left) <= 4 && Math.abs(upper.right - lower.right) <= 4;
}

const NUMBER = /^[\s\d０-９.,，．%+\-/／—–－无]*\d[\s\d０-９.,，．%+\-]*$|^[/／—–－无]$/;

/** Rows of a part, top first: bands of cells that share a top edge. */
function bands(part: TablePart): CellBox[][] {
  const tops = clusterValues(part.cells.map((c) => c.top), EDGE).reverse();
  return tops.map((t) => part.cells.filter((c) => Math.abs(c.top - t) <= EDGE).sort((a, b) => a.left - b.left));
}

function bandText(band: CellBox[]): string {
  return band.map((c) => c.text.replace(/\s+/g, '')).join('|');
}

/**
 * Join `lower` (the top of the next page) under `upper`. A header repeated on the new page is dropped; a label
 * cell left empty at the top of the new page is the same cell as the one above it (a row group broken by the
 * page), so the upper cell is extended over it.
 */
export function joinParts(upper: TablePart, lower: TablePart): TablePart {
  let cells = lower.cells;
  const upperBands = bands(upper);
  const lowerBands = bands(lower);
  let repeated = 0;
  while (
    repeated < Math.min(4, upperBands.length, lowerBands.length - 1) &&
    bandText(upperBands[repeated]!) !== '' &&
    bandText(upperBands[repeated]!) === bandText(lowerBands[repeated]!)
  )
    repeated++;
  let top = lower.top;
  if (repeated > 0) {
    const dropped = new Set(lowerBands.slice(0, repeated).flat());
    cells = cells.filter((c) => !dropped.has(c));
    top = cells.reduce((m, c) => Math.max(m, c.top), -Infinity);
  }
  const shift = upper.bottom - top;
  const moved = cells.map((c) => ({ ...c, top: c.top + shift, bottom: c.bottom + shift }));
  const firstNumberX = Math.min(
    ...[...upper.cells, ...moved].filter((c) => NUMBER.test(c.text.trim())).map((c) => c.left),
  );
  const upperCells = upper.cells.map((c) => ({ ...c }));
  const kept: CellBox[] = [];
  for (const c of moved) {
    const atSeam = Math.abs(c.top - upper.bottom) <= EDGE;
    const above = atSeam && c.text === '' && c.right <= firstNumberX + EDGE
      ? upperCells.find((u) => Math.abs(u.bottom - upper.bottom) <= EDGE && Math.abs(u.left - c.left) <= EDGE &&
          Math.abs(u.right - c.right) <= EDGE && u.text !== '')
      : undefined;
    if (above) above.bottom = c.bottom;
    else kept.push(c);
  }
  const all = [...upperCells, ...kept];
  return {
    left: Math.min(upper.left, lower.left),
    right: Math.max(upper.right, lower.right),
    top: upper.top,
    bottom: all.reduce((m, c) => Math.min(m, c.bottom), Infinity),
    cells: all,
  };
}
