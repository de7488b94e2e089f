// Ruling lines + placed text of one page → the drawn tables as cell boxes, and the text outside them.
import { clusterValues, mergeIntervals } from './cluster.js';
import {
  apartOnLine,
  type CellBox,
  joinPieces,
  midX,
  midY,
  type PlacedText,
  type Ruling,
  type TablePart,
} from './geometry.js';

const SAME_LINE = 1.2; // rulings closer than this (pt) are one line
const TOUCH = 2.5; // a ruling ending this close to another meets it
const GRID = 2.5; // boundaries closer than this are one grid line
const MAX_RULINGS = 5000; // more line segments than this on a page: a drawing or a chart, not a form

interface Line {
  at: number;
  from: number;
  to: number;
}

function mergeRulings(rulings: Ruling[], horizontal: boolean): Line[] {
  const own = rulings.filter((r) => r.horizontal === horizontal);
  const ats = clusterValues(
    own.map((r) => r.at),
    SAME_LINE,
  );
  const out: Line[] = [];
  for (const at of ats) {
    const members = own.filter((r) => Math.abs(r.at - at) <= SAME_LINE);
    for (const iv of mergeIntervals(members, TOUCH)) out.push({ at, from: iv.from, to: iv.to });
  }
  return out;
}

/** Connected groups of horizontal and vertical lines: each group with enough lines is one drawn table. */
function components(hs: Line[], vs: Line[]): { hs: Line[]; vs: Line[] }[] {
  const parent = [...Array(hs.length + vs.length).keys()];
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j]!;
      if (v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH) {
        parent[find(i)] = find(hs.length + j);
      }
    }
  }
  const groups = new Map<number, { hs: Line[]; vs: Line[] }>();
  const group = (i: number) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { hs: [], vs: [] }));
    return g;
  };
  hs.forEach((h, i) => group(i).hs.push(h));
  vs.forEach((v, j) => group(hs.length + j).vs.push(v));
  return [...groups.values()];
}

function covers(lines: Line[], at: number, pos: number): boolean {
  return lines.some((l) => Math.abs(l.at - at) <= GRID && pos >= l.from - 0.5 && pos <= l.to + 0.5);
}

/** The grid of one table: base slots from every boundary, merged into cells where a border is missing. */
function gridCells(hs: Line[], vs: Line[]): { xs: number[]; ys: number[]; cells: CellBox[]; owner: number[][] } | null {
  const xs = clusterValues(
    vs.map((v) => v.at),
    GRID,
  );
  const ys = clusterValues(
    hs.map((h) => h.at),
    GRID,
  ).reverse(); // top first
  if (xs.length < 2 || ys.length < 2) return null;
  // Verticals that run past the outermost horizontal: a row whose closing border is not drawn (the page ends).
  const lowest = vs.reduce((m, v) => Math.min(m, v.from), Infinity);
  const highest = vs.reduce((m, v) => Math.max(m, v.to), -Infinity);
  const full = { from: xs[0]!, to: xs[xs.length - 1]! };
  if (lowest < ys[ys.length - 1]! - 4) {
    ys.push(lowest);
    hs = [...hs, { at: lowest, ...full }];
  }
  if (highest > ys[0]! + 4) {
    ys.unshift(highest);
    hs = [...hs, { at: highest, ...full }];
  }
  if (xs.length < 2 || ys.length < 2 || (xs.length - 1) * (ys.length - 1) < 2) return null;
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const rightBorder = (r: number, c: number) => c === cols - 1 || covers(vs, xs[c + 1]!, (ys[r]! + ys[r + 1]!) / 2);
  const bottomBorder = (r: number, c: number) => r === rows - 1 || covers(hs, ys[r + 1]!, (xs[c]! + xs[c + 1]!) / 2);
  const taken: boolean[][] = Array.from({ length: rows }, () => Array<boolean>(cols).fill(false));
  const owner: number[][] = Array.from({ length: rows }, () => Array<number>(cols).fill(0));
  const cells: CellBox[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (taken[r]![c]) continue;
      let c2 = c;
      while (c2 < cols - 1 && !rightBorder(r, c2) && !taken[r]![c2 + 1]) c2++;
      let r2 = r;
      const open = (rr: number) => {
        for (let k = c; k <= c2; k++) if (bottomBorder(rr, k)) return false;
        for (let k = c; k <= c2; k++) if (taken[rr + 1]![k]) return false;
        return true;
      };
      while (r2 < rows - 1 && open(r2)) r2++;
      for (let rr = r; rr <= r2; rr++)
        for (let k = c; k <= c2; k++) {
          taken[rr]![k] = true;
          owner[rr]![k] = cells.length;
        }
      cells.push({ left: xs[c]!, right: xs[c2 + 1]!, top: ys[r]!, bottom: ys[r2 + 1]!, text: '' });
    }
  }
  return { xs, ys, cells, owner };
}

/** Split a piece of text that crosses a column boundary (one pdf.js item over two cells) by character share. */
function splitAt(piece: PlacedText, xs: number[]): PlacedText[] {
  const chars = [...piece.str];
  if (chars.length < 2) return [piece];
  const inner = xs.filter((x) => x > piece.x + 1 && x < piece.x + piece.width - 1);
  if (inner.length === 0) return [piece];
  const out: PlacedText[] = [];
  const perChar = piece.width / chars.length;
  let start = 0;
  for (const x of [...inner, Infinity]) {
    const end = x === Infinity ? chars.length : Math.round((x - piece.x) / perChar);
    if (end > start) {
      out.push({
        ...piece,
        str: chars.slice(start, end).join(''),
        x: piece.x + start * perChar,
        width: (end - start) * perChar,
      });
      start = end;
    }
  }
  return out;
}

/** Text of the pieces inside one cell, in reading order: lines top to bottom, pieces left to right. */
export function cellText(pieces: PlacedText[]): string {
  const sorted = [...pieces].sort((a, b) => midY(b) - midY(a));
  const lines: PlacedText[][] = [];
  for (const p of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(midY(line[0]!) - midY(p)) < Math.max(line[0]!.size, p.size) * 0.5) line.push(p);
    else lines.push([p]);
  }
  let text = '';
  for (const line of lines) {
    line.sort((a, b) => a.x - b.x);
    let lineText = '';
    let end = -Infinity;
    for (const p of line) {
      lineText = joinPieces(lineText, p.str.trim(), apartOnLine(end, p));
      end = Math.max(end, p.x + p.width);
    }
    text = joinPieces(text, lineText);
  }
  return text.trim();
}

export interface PageTables {
  tables: TablePart[];
  /** Text pieces that lie in no table. */
  outside: PlacedText[];
}

/** Find the drawn tables of a page and fill their cells with the text inside them. */
export function findTables(rulings: Ruling[], texts: PlacedText[]): PageTables {
  const hs = mergeRulings(rulings, true);
  const vs = mergeRulings(rulings, false);
  const tables: { part: TablePart; xs: number[]; ys: number[]; owner: number[][]; pieces: PlacedText[][] }[] = [];
  if (rulings.length > MAX_RULINGS) return { tables: [], outside: texts }; // a drawing, not a form
  for (const g of components(hs, vs)) {
    if (g.hs.length < 2 || g.vs.length < 2) continue;
    const grid = gridCells(g.hs, g.vs);
    if (!grid) continue;
    const { xs, ys, cells } = grid;
    tables.push({
      ys,
      owner: grid.owner,
      part: { left: xs[0]!, right: xs[xs.length - 1]!, top: ys[0]!, bottom: ys[ys.length - 1]!, cells },
      xs,
      pieces: cells.map(() => []),
    });
  }
  const outside: PlacedText[] = [];
  for (const t of texts) {
    const x = midX(t);
    const y = midY(t);
    const table = tables.find(({ part }) => x >= part.left && x <= part.right && y <= part.top && y >= part.bottom);
    if (!table) {
      outside.push(t);
      continue;
    }
    for (const piece of splitAt(t, table.xs)) {
      const px = midX(piece);
      const idx = table.owner[slot(table.ys, y, true)]![slot(table.xs, px, false)]!;
      table.pieces[idx]!.push(piece);
    }
  }
  for (const t of tables) t.part.cells.forEach((c, i) => (c.text = cellText(t.pieces[i]!)));
  return { tables: tables.map((t) => t.part), outside };
}

/** The grid slot a coordinate falls in (edges sorted ascending, or descending for rows), clamped to the grid. */
function slot(edges: number[], v: number, descending: boolean): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (descending ? edges[mid]! > v : edges[mid]! < v) lo = mid;
    else hi = mid;
  }
  return lo;
}
