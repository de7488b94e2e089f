// Shapes shared by the PDF layout modules. Coordinates are PDF user space: x grows right, y grows UP.

/** A piece of text as placed on the page (one pdf.js text item, or part of one). */
export interface PlacedText {
  str: string;
  /** Left edge and baseline. */
  x: number;
  y: number;
  width: number;
  /** Font size (glyph height), used for line and gap tolerances. */
  size: number;
}

/** An axis-aligned ruling line: horizontal when `horizontal`, spanning [from, to] at `at`. */
export interface Ruling {
  horizontal: boolean;
  at: number;
  from: number;
  to: number;
}

/** A table cell as drawn: its box (top > bottom) and the text inside it. */
export interface CellBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
  text: string;
}

/** One drawn table on one page (or several pages once continuations are joined). */
export interface TablePart {
  left: number;
  right: number;
  top: number;
  bottom: number;
  cells: CellBox[];
  /** For a table printed without lines: the centres of its value columns (its edges are only estimates). */
  valueColumns?: number[];
}

/** Vertical middle of a text piece: baseline plus about a third of the font size. */
export function midY(t: PlacedText): number {
  return t.y + t.size * 0.35;
}

export function midX(t: PlacedText): number {
  return t.x + t.width / 2;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]/;

/** Join two pieces of text read in order: no space next to CJK characters; between Latin words or digits, one
 *  space only when they are apart (`apart` false: the pieces touch, as "202" and "3" of one number do). */
export function joinPieces(a: string, b: string, apart = true): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (!apart || CJK.test(last) || CJK.test(first) || /\s/.test(last) || /\s/.test(first)) return a + b;
  return `${a} ${b}`;
}

/** Pieces on one line further apart than a quarter of the font size are separate words. */
export function apartOnLine(prevEnd: number, next: PlacedText): boolean {
  return next.x - prevEnd > next.size * 0.25;
}
