// Drawn tables as cell boxes → true grids (TableBlock), and joining a table that continues on the next page.
import type { TableBlock } from '../types.js';
import { clusterValues, nearestSorted } from './cluster.js';
import type { CellBox, TablePart } from './geometry.js';

const EDGE = 2.5;

/** Lay the cells on the grid of all their edges: a cell's text goes in its top-left slot, the rest are spanned. */
export function partToBlock(part: TablePart): TableBlock {
  const xs = clusterValues(
    part.cells.flatMap((c) => [c.left, c.right]),
    EDGE,
  );
  const ysUp = clusterValues(
    part.cells.flatMap((c) => [c.top, c.bottom]),
    EDGE,
  );
  const ys = [...ysUp].reverse();
  // a row index from a y: binary search in ascending order (a table joined over many pages has thousands of rows)
  const rowOf = (y: number) => {
    const i = nearestSorted(ysUp, y, EDGE);
    return i < 0 ? -1 : ysUp.length - 1 - i;
  };
  const rows = Math.max(ys.length - 1, 0);
  const cols = Math.max(xs.length - 1, 0);
  const grid: string[][] = Array.from({ length: rows }, () => Array<string>(cols).fill(''));
  const spanned: boolean[][] = Array.from({ length: rows }, () => Array<boolean>(cols).fill(false));
  for (const c of part.cells) {
    const c0 = nearestSorted(xs, c.left, EDGE),
      c1 = nearestSorted(xs, c.right, EDGE);
    const r0 = rowOf(c.top),
      r1 = rowOf(c.bottom);
    if (c0 < 0 || c1 <= c0 || r0 < 0 || r1 <= r0) continue;
    for (let r = r0; r < r1; r++) for (let k = c0; k < c1; k++) spanned[r]![k] = r !== r0 || k !== c0;
    grid[r0]![c0] = c.text;
  }
  const anySpan = spanned.some((row) => row.some(Boolean));
  return anySpan ? { kind: 'table', rows: grid, spanned } : { kind: 'table', rows: grid };
}

/** Do two tables on consecutive pages look like one table broken by the page? Same left and right edges. */
export function continues(upper: TablePart, lower: TablePart): boolean {
  const a = upper.valueColumns;
  const b = lower.valueColumns;
  if (a && b) return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 4);
  return Math.abs(upper.left - lower.left) <= 4 && Math.abs(upper.right - lower.right) <= 4;
}

const NUMBER = /^[\s\d０-９.,，．%+\-/／—–－无]*\d[\s\d０-９.,，．%+-]*$|^[/／—–－无]$/;

/** The first `limit` rows of a part, top first: bands of cells that share a top edge. Linear in the number of
 *  cells, since a table joined over many pages is joined again at every page. */
function topBands(part: TablePart, limit: number): CellBox[][] {
  const tops: number[] = []; // the highest distinct tops seen, descending
  for (const c of part.cells) {
    if (tops.some((t) => Math.abs(t - c.top) <= EDGE)) continue;
    if (tops.length === limit && c.top < tops[limit - 1]!) continue;
    tops.push(c.top);
    tops.sort((a, b) => b - a);
    if (tops.length > limit) tops.pop();
  }
  const bands: CellBox[][] = tops.map(() => []);
  for (const c of part.cells) {
    const i = tops.findIndex((t) => Math.abs(t - c.top) <= EDGE);
    if (i >= 0) bands[i]!.push(c);
  }
  return bands.map((b) => b.sort((a, b2) => a.left - b2.left));
}

function bandText(band: CellBox[]): string {
  return band.map((c) => c.text.replace(/\s+/g, '')).join('|');
}

/** What a table keeps between joins, so that joining it at every page of a long document stays linear. */
interface JoinState {
  header: CellBox[][];
  /** Left edge of the leftmost cell holding a number: label columns lie left of it. */
  firstNumberX: number;
}

const joinStates = new WeakMap<TablePart, JoinState>();

function numberLeft(cells: CellBox[]): number {
  let x = Infinity;
  for (const c of cells) if (c.left < x && NUMBER.test(c.text.trim())) x = c.left;
  return x;
}

/**
 * Join `lower` (the top of the next page) under `upper`, in place: `upper` is returned, grown. A header repeated
 * on the new page is dropped; a label cell left empty at the top of the new page is the same cell as the one
 * above it (a row group broken by the page), so the upper cell is extended over it.
 */
export function joinParts(upper: TablePart, lower: TablePart): TablePart {
  let state = joinStates.get(upper);
  if (!state) joinStates.set(upper, (state = { header: topBands(upper, 4), firstNumberX: numberLeft(upper.cells) }));
  const upperBands = state.header;
  let cells = lower.cells;
  const lowerBands = topBands(lower, 5);
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
  state.firstNumberX = Math.min(state.firstNumberX, numberLeft(moved));
  const seam = upper.bottom;
  const emptyAtSeam = moved.filter(
    (c) => Math.abs(c.top - seam) <= EDGE && c.text === '' && c.right <= state.firstNumberX + EDGE,
  );
  const upperAtSeam = emptyAtSeam.length
    ? upper.cells.filter((u) => Math.abs(u.bottom - seam) <= EDGE && u.text !== '')
    : [];
  let bottom = seam;
  for (const c of moved) {
    const above = emptyAtSeam.includes(c)
      ? upperAtSeam.find((u) => Math.abs(u.left - c.left) <= EDGE && Math.abs(u.right - c.right) <= EDGE)
      : undefined;
    if (above) above.bottom = c.bottom;
    else upper.cells.push(c);
    bottom = Math.min(bottom, c.bottom);
  }
  upper.left = Math.min(upper.left, lower.left);
  upper.right = Math.max(upper.right, lower.right);
  upper.bottom = bottom;
  return upper;
}
