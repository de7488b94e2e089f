// Pages (drawn tables + loose text) → the blocks of the intermediate form, in reading order, with tables that
// break across pages joined and wrapped lines joined into paragraphs.
import type { Block } from '../types.js';
import { findTables } from './cells.js';
import { joinPieces, type PlacedText, type Ruling, type TablePart } from './geometry.js';
import { continues, joinParts, partToBlock } from './grid.js';
import { continuesLine, dropFurniture, isPageNumber, type TextLine, toLines, toParagraphs } from './lines.js';
import { findUnruledTables } from './unruled.js';

export interface PageContent {
  /** Page box in user space. */
  top: number;
  bottom: number;
  texts: PlacedText[];
  rulings: Ruling[];
}

type Element = { kind: 'table'; top: number; part: TablePart } | { kind: 'line'; top: number; line: TextLine };

function pageElements(page: PageContent): Element[] {
  const drawn = findTables(page.rulings, page.texts);
  // a page with no drawn table may still hold one printed without lines
  const unruled =
    drawn.tables.length === 0
      ? findUnruledTables(dropMarginNumbers(drawn.outside, page))
      : { tables: [], outside: drawn.outside };
  const tables = [...drawn.tables, ...unruled.tables];
  const lines = dropFurniture(toLines(unruled.outside), page.top, page.bottom);
  const left = lines.reduce((m, l) => Math.min(m, l.left), Infinity);
  const right = lines.reduce((m, l) => Math.max(m, l.right), -Infinity);
  const paragraphs = lines.length ? toParagraphs(lines, left, right) : [];
  const elements: Element[] = [
    ...tables
      .filter((t) => t.cells.some((c) => c.text !== ''))
      .map((part) => ({ kind: 'table' as const, top: part.top, part })),
    ...paragraphs.map((line) => ({ kind: 'line' as const, top: line.y + line.size, line })),
  ];
  return elements.sort((a, b) => b.top - a.top);
}

/** Page numbers in the margins, dropped before looking for values ("-3-" and "3" are not cell values). */
function dropMarginNumbers(pieces: PlacedText[], page: PageContent): PlacedText[] {
  const margin = (page.top - page.bottom) * 0.12;
  const inMargin = (p: PlacedText) => p.y < page.bottom + margin || p.y > page.top - margin;
  // a page number may come in pieces ("-", "3", "-"): judge the margin's lines, not its pieces
  const drop = new Set<PlacedText>();
  const marginPieces = pieces.filter(inMargin).sort((a, b) => b.y - a.y || a.x - b.x);
  for (let i = 0; i < marginPieces.length; ) {
    let j = i;
    while (j < marginPieces.length && Math.abs(marginPieces[j]!.y - marginPieces[i]!.y) < marginPieces[i]!.size * 0.5)
      j++;
    const line = marginPieces.slice(i, j);
    if (isPageNumber(line.map((p) => p.str).join(''))) for (const p of line) drop.add(p);
    i = j;
  }
  return pieces.filter((p) => !drop.has(p));
}

/** Lay out all pages as blocks. */
export function layoutPages(pages: PageContent[]): Block[] {
  const flow: Element[] = [];
  let bodyLeft = Infinity;
  let bodyRight = -Infinity;
  for (const page of pages) {
    const elements = pageElements(page);
    for (const e of elements) {
      if (e.kind === 'line') {
        bodyLeft = Math.min(bodyLeft, e.line.left);
        bodyRight = Math.max(bodyRight, e.line.right);
      }
    }
    const first = elements[0];
    const last = flow[flow.length - 1];
    let start = 0;
    if (first && last && first.kind === 'table' && last.kind === 'table' && continues(last.part, first.part)) {
      last.part = joinParts(last.part, first.part);
      start = 1;
    } else if (
      first &&
      last &&
      first.kind === 'line' &&
      last.kind === 'line' &&
      first.line.size < last.line.size * 1.2 &&
      continuesLine(last.line, first.line, bodyLeft, bodyRight, first.line.size)
    ) {
      last.line = { ...first.line, text: joinPieces(last.line.text, first.line.text) };
      start = 1;
    }
    for (let i = start; i < elements.length; i++) flow.push(elements[i]!); // no spread: a page may hold 100k+ lines
  }
  return flow.map((e): Block => (e.kind === 'table' ? partToBlock(e.part) : { kind: 'text', text: e.line.text }));
}
