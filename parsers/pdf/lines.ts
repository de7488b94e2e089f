// Text outside tables: pieces → visual lines → paragraphs; page numbers and similar furniture dropped.
import { apartOnLine, joinPieces, midY, type PlacedText } from './geometry.js';

export interface TextLine {
  text: string;
  left: number;
  right: number;
  /** Baseline of the line's first piece. */
  y: number;
  size: number;
}

/** "-3-", "— 3 —", "3", "第3页", "第 3 页 共 5 页", "3/5": a page number, not content. */
const PAGE_NUMBER =
  /^(?:[-—–－‐~\s]*\d{1,4}[-—–－‐~\s]*|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

/** A cell value of an undrawn table: a number, a signed change, a percentage, or a blank mark. */
const NUMBERISH = /^(?:[+-]?[\d０-９][\d０-９,，.．]*%?|[/／—–\-无])$/;

function lastToken(text: string): string {
  return text.split(/[\t ]/).pop() ?? '';
}

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(text.trim());
}

/** Group the pieces of one page into lines, top to bottom; pieces far apart on a line are separated by a tab. */
export function toLines(pieces: PlacedText[]): TextLine[] {
  const sorted = [...pieces].filter((p) => p.str.trim() !== '').sort((a, b) => midY(b) - midY(a) || a.x - b.x);
  const groups: PlacedText[][] = [];
  for (const p of sorted) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(midY(g[0]!) - midY(p)) < Math.min(g[0]!.size, p.size) * 0.5) g.push(p);
    else groups.push([p]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const p of g) {
      const gap = p.x - end;
      // a gap of several characters on one line (or of one between two numbers): columns of an undrawn table,
      // kept apart by a tab
      const piece = p.str.trim();
      const column =
        gap > p.size * 2.5 || (gap > p.size * 0.8 && NUMBERISH.test(piece) && NUMBERISH.test(lastToken(text)));
      text = column && text !== '' ? `${text}\t${piece}` : joinPieces(text, piece, apartOnLine(end, p));
      end = Math.max(end, p.x + p.width);
    }
    const size = g.reduce((m, p) => Math.max(m, p.size), -Infinity);
    return { text, left: g[0]!.x, right: end, y: g[0]!.y, size };
  });
}

/** Drop page numbers printed in the top or bottom margin of a page. */
export function dropFurniture(lines: TextLine[], pageTop: number, pageBottom: number): TextLine[] {
  const margin = (pageTop - pageBottom) * 0.12;
  return lines.filter((l) => !(isPageNumber(l.text) && (l.y < pageBottom + margin || l.y > pageTop - margin)));
}

/** A line that opens a section or a numbered item never continues the line before it. */
const OPENS_ITEM = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])/;

/** The most common font size of the lines: the body text's. */
export function bodySize(lines: TextLine[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) counts.set(Math.round(l.size), (counts.get(Math.round(l.size)) ?? 0) + l.text.length);
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of counts) if (count > bestCount) [best, bestCount] = [size, count];
  return best;
}

/** Does `next` carry on the paragraph `prev` (wrapped at the right margin), or a title set in a larger size? */
export function continuesLine(
  prev: TextLine,
  next: TextLine,
  leftMargin: number,
  rightMargin: number,
  body: number,
): boolean {
  if (prev.text.includes('\t') || next.text.includes('\t') || OPENS_ITEM.test(next.text)) return false;
  if (Math.abs(prev.size - next.size) >= 0.6) return false;
  const gap = prev.y - next.y;
  if (next.size >= body * 1.2) return gap > 0 && gap < next.size * 2.2; // a title wrapped over lines
  return (
    prev.right >= rightMargin - prev.size * 1.6 &&
    Math.abs(next.left - leftMargin) < next.size * 0.6 &&
    (gap <= 0 || gap < next.size * 4.5) // gap ≤ 0: the next page
  );
}

/** Join wrapped lines into paragraphs (see continuesLine). */
export function toParagraphs(
  lines: TextLine[],
  leftMargin: number,
  rightMargin: number,
  body = bodySize(lines),
): TextLine[] {
  const out: TextLine[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev && prev.y > line.y && continuesLine(prev, line, leftMargin, rightMargin, body)) {
      prev.text = joinPieces(prev.text, line.text);
      prev.right = line.right;
      prev.y = line.y;
    } else out.push({ ...line });
  }
  return out;
}
