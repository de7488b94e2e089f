// DocModel → lines of tokens: the one shape every extractor step reads, whatever the front end.
import { hasTraditional, labelKey, tidyText, toSimplified } from '../normalize/chinese.js';
import { parseCellValue, type CellValue } from '../normalize/number.js';
import type { Block, DocModel } from '../types.js';

/** One cell or text fragment. `value` is null for labels (text that is not a number, blank or empty). */
export interface Tok {
  text: string;
  key: string;
  value: CellValue | null;
}

/** A row of a grid (true table: empty cells are real cells), a row of a text table, or a line of text. */
export interface Line {
  toks: Tok[];
  /** From a TableBlock with `spanned` (HTML/DOCX grid): empty cells are cells, a row is a row. */
  grid: boolean;
  /** From any TableBlock: the row ends a run of values. */
  table: boolean;
}

/** Long narrative lines are only converted to simplified when they may matter (counts of applications). */
const LONG = 160;
const WORTH_CONVERTING = /申請|報告|人民政府|管委會|管理委員會/;

/** Traditional → simplified for everything the extractor reads, in one converter call. */
export function simplifyModel(model: DocModel): DocModel {
  const parts: string[] = [];
  const visit = (s: string) => parts.push(s);
  if (model.title) visit(model.title);
  for (const b of model.blocks) {
    if (b.kind === 'text') visit(b.text);
    else for (const row of b.rows) for (const c of row) visit(c);
  }
  if (!hasTraditional(parts.join(''))) return model;
  const picked: number[] = [];
  const texts: string[] = [];
  parts.forEach((s, i) => {
    if (s.length <= LONG || WORTH_CONVERTING.test(s)) {
      picked.push(i);
      texts.push(s);
    }
  });
  const converted = toSimplified(texts.join('\u0001')).split('\u0001');
  const out = parts.slice();
  picked.forEach((idx, j) => (out[idx] = converted[j] ?? parts[idx]!));
  let k = 0;
  const next = () => out[k++]!;
  const title = model.title ? next() : undefined;
  const blocks: Block[] = model.blocks.map((b) =>
    b.kind === 'text' ? { kind: 'text', text: next() } : { ...b, rows: b.rows.map((r) => r.map(() => next())) },
  );
  return { ...model, title, blocks };
}

export function tok(raw: string): Tok {
  const text = tidyText(raw);
  return { text, key: labelKey(text), value: parseCellValue(text) };
}

const SPLIT = /\t| {2,}|\u3000{2,}/;

function textLine(text: string): Tok[] {
  const t = text.trim();
  if (t.startsWith('|') && t.endsWith('|') && t.length > 1) {
    if (/^\|[\s|:-]+\|$/.test(t)) return [];
    return t.slice(1, -1).split('|').map(tok);
  }
  return t.split(SPLIT).map(tok).filter((x) => x.text !== '');
}

export function toLines(model: DocModel): Line[] {
  const lines: Line[] = [];
  for (const b of model.blocks) {
    if (b.kind === 'text') {
      const toks = textLine(b.text);
      if (toks.length) lines.push({ toks, grid: false, table: false });
      continue;
    }
    const grid = b.spanned !== undefined;
    b.rows.forEach((row, r) => {
      const toks: Tok[] = [];
      row.forEach((cell, c) => {
        if (b.spanned?.[r]?.[c]) return;
        toks.push(tok(cell));
      });
      if (toks.some((t) => t.text !== '')) lines.push({ toks, grid, table: true });
    });
  }
  return lines;
}
