// Tables printed without ruling lines (borderless layouts, OCR'd scans). Columns are where the numbers stand;
// rows are the lines that hold numbers; every label word left of the numbers belongs to the row whose numbers
// are nearest (a label that wraps around its numbers, a group label stacked down the side), and is read as
// one label cell. The extractor keys rows by the words of their labels, so the order of a row's label words
// matters more than which column they came from.
import { cellText } from './cells.js';
import { clusterValues } from './cluster.js';
import { type CellBox, midX, midY, type PlacedText, type TablePart } from './geometry.js';

/** A cell value: a number (separators, sign, decimals, percent, a bracketed note) or a blank mark. */
const VALUE = /^(?:[+-]?[\d０-９][\d０-９,，.．]*%?(?:[(（][^)）]{0,12}[)）]?)?|[/／—–\-无])$/;

interface Line {
  tokens: PlacedText[];
  y: number;
  size: number;
}

/** Split pieces at inner spaces ("589 27 / 2"), placing each word by its share of the characters. */
function words(pieces: PlacedText[]): PlacedText[] {
  const out: PlacedText[] = [];
  for (const p of pieces) {
    if (!p.str.trim()) continue;
    if (!/\S\s+\S/.test(p.str)) {
      out.push(p);
      continue;
    }
    const perChar = p.width / Math.max(p.str.length, 1);
    for (const m of p.str.matchAll(/\S+/g))
      out.push({ ...p, str: m[0], x: p.x + m.index! * perChar, width: m[0].length * perChar });
  }
  return out;
}

function toLines(pieces: PlacedText[]): Line[] {
  const sorted = words(pieces).sort((a, b) => midY(b) - midY(a) || a.x - b.x);
  const out: Line[] = [];
  for (const t of sorted) {
    const line = out[out.length - 1];
    if (line && Math.abs(line.y - midY(t)) < Math.min(line.size, t.size) * 0.5) line.tokens.push(t);
    else out.push({ tokens: [t], y: midY(t), size: t.size });
  }
  for (const l of out) l.tokens.sort((a, b) => a.x - b.x);
  return out;
}

/** The values ending a line, after its label. */
function valueTail(line: Line): PlacedText[] {
  let i = line.tokens.length;
  while (i > 0 && VALUE.test(line.tokens[i - 1]!.str.trim())) i--;
  return line.tokens.slice(i);
}

const MIN_VALUES = 2;
const isValueRow = (line: Line) => valueTail(line).length >= MIN_VALUES;

export interface UnruledTables {
  tables: TablePart[];
  /** The pieces in no table, as they came. */
  outside: PlacedText[];
}

/** Find tables printed without rulings among a page's loose text. */
export function findUnruledTables(pieces: PlacedText[]): UnruledTables {
  const lines = toLines(pieces);
  const tables: TablePart[] = [];
  const used = new Set<Line>();
  let i = 0;
  while (i < lines.length) {
    if (!isValueRow(lines[i]!)) {
      i++;
      continue;
    }
    // a run of value rows, with at most three lines of wrapped labels between two of them
    let end = i;
    for (let j = i + 1; j < lines.length && j - end <= 4; j++) {
      if (lines[j - 1]!.y - lines[j]!.y > lines[j]!.size * 4) break;
      if (isValueRow(lines[j]!)) end = j;
    }
    const built = build(lines, i, end);
    if (built) {
      tables.push(built.part);
      for (const l of built.lines) used.add(l);
    }
    i = end + 1;
  }
  if (!tables.length) return { tables, outside: pieces };
  const inTable = new Set(tables.length ? [...used].flatMap((l) => l.tokens) : []);
  return { tables, outside: words(pieces).filter((t) => !inTable.has(t)) };
}

function build(lines: Line[], first: number, last: number): { part: TablePart; lines: Line[] } | null {
  const rows = lines.slice(first, last + 1).filter(isValueRow);
  if (rows.length < 2) return null;
  const size = rows[0]!.size;
  const centers = clusterValues(
    rows.flatMap((r) => valueTail(r).map(midX)),
    size * 1.2,
  );
  if (centers.length < MIN_VALUES) return null;
  const spacing = centers.slice(1).reduce((m, c, k) => Math.min(m, c - centers[k]!), Infinity);
  // labels end where the first column's values begin (that column may be wider than the spacing of the rest)
  const firstColumn = rows.flatMap((r) => valueTail(r)).filter((t) => Math.abs(midX(t) - centers[0]!) <= size * 1.2);
  const labelEdge =
    Math.min(
      centers[0]! - spacing / 2,
      firstColumn.reduce((m, t) => Math.min(m, t.x), Infinity),
    ) - 0.5;
  // header lines above the first row: within a few line heights, no larger than the table's text
  let top = first;
  while (top > 0) {
    const above = lines[top - 1]!;
    if (above.y - lines[top]!.y > size * 4 || above.size > size * 1.25 || isValueRow(above)) break;
    top--;
  }
  // the last label's wrapped end below the last row: close, and all left of the values
  let bottom = last;
  while (
    bottom + 1 < lines.length &&
    lines[bottom]!.y - lines[bottom + 1]!.y < size * 1.8 &&
    lines[bottom + 1]!.tokens.every((t) => t.x + t.width < labelEdge)
  )
    bottom++;
  const region = lines.slice(top, bottom + 1);
  // a header line names columns: it has words (not values) over the values. Lines above the first row that are
  // only labels, or only values (a note wrapped above its number), belong to the nearest row instead.
  const headers = region
    .slice(0, first - top)
    .filter((l) => l.tokens.some((t) => midX(t) >= labelEdge && !VALUE.test(t.str.trim())));
  const anchors = [...headers, ...rows];
  const nearestAnchor = (y: number, from: number) => {
    let best = from;
    for (let k = from + 1; k < anchors.length; k++)
      if (Math.abs(anchors[k]!.y - y) < Math.abs(anchors[best]!.y - y)) best = k;
    return best;
  };
  const column = (x: number) => {
    let best = 0;
    for (let k = 1; k < centers.length; k++) if (Math.abs(centers[k]! - x) < Math.abs(centers[best]! - x)) best = k;
    return best;
  };
  // slot 0 is the label; slots 1… the value columns
  const slots: PlacedText[][][] = anchors.map(() => Array.from({ length: centers.length + 1 }, () => []));
  for (const line of region) {
    const isHeader = headers.includes(line);
    // header lines are rows of their own; the rest goes to the nearest value row
    const band = isHeader ? anchors.indexOf(line) : nearestAnchor(line.y, headers.length);
    // on a row's own line everything before its values is label, even a word that overhangs into the values
    const tail = isValueRow(line) ? new Set(valueTail(line)) : null;
    for (const t of line.tokens) {
      const inLabels = tail ? !tail.has(t) : midX(t) < labelEdge && !(isHeader && t.x + t.width > labelEdge);
      slots[band]![inLabels ? 0 : column(midX(t)) + 1]!.push(t);
    }
  }
  const bounds = anchors.map((a, k) => ({
    top: k === 0 ? a.y + a.size : (anchors[k - 1]!.y + a.y) / 2,
    bottom: k === anchors.length - 1 ? a.y - a.size : (a.y + anchors[k + 1]!.y) / 2,
  }));
  const edges = [
    0,
    labelEdge,
    ...centers.slice(1).map((c, k) => (c + centers[k]!) / 2),
    centers[centers.length - 1]! + spacing / 2,
  ];
  const cells: CellBox[] = [];
  slots.forEach((row, r) =>
    row.forEach((toks, c) =>
      cells.push({
        left: edges[c]!,
        right: edges[c + 1]!,
        top: bounds[r]!.top,
        bottom: bounds[r]!.bottom,
        text: cellText(toks),
      }),
    ),
  );
  return {
    part: {
      left: edges[0]!,
      right: edges[edges.length - 1]!,
      top: bounds[0]!.top,
      bottom: bounds[bounds.length - 1]!.bottom,
      cells,
      valueColumns: centers,
    },
    lines: region,
  };
}
