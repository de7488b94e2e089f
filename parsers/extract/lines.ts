// DocModel → lines of tokens: the one shape every extractor step reads, whatever the front end.
import { hasTraditional, labelKey, tidyText, toSimplified } from '../normalize/chinese.js';
import { type CellValue, parseCellValue, unreadableValue } from '../normalize/number.js';
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

/** Longer strings are narrative: only their sentences that state a count of applications are converted. */
const LONG = 160;
const HAN = /[\u3400-\u9fff]/;
const COUNT_SENTENCE = /申[請请][^。；;]*\d|\d[^。；;]*申[請请]/;

/** Traditional → simplified for everything the extractor reads, in one converter call. */
export function simplifyModel(model: DocModel): DocModel {
  const parts: string[] = [];
  const visit = (s: string) => parts.push(s);
  if (model.title) visit(model.title);
  for (const b of model.blocks) {
    if (b.kind === 'text') visit(b.text);
    else for (const row of b.rows) for (const c of row) visit(c);
  }
  // Labels, headings and the title decide whether the document is traditional; narrative need not be scanned.
  if (!parts.some((p) => p.length <= LONG && hasTraditional(p))) return model;
  // The document has traditional characters (decided on all of it). Short strings with Han characters (labels,
  // headings, cells) are converted whole; in narrative only
  // the sentences that state a count of applications are (the narrative check reads them). The agency search
  // converts the running text itself when it needs to (see extractMeta).
  const texts: string[] = [];
  const plan: (number | { sentences: string[]; picked: number[] })[] = parts.map((s) => {
    if (!HAN.test(s)) return -1;
    if (s.length <= LONG) return texts.push(s) - 1;
    if (!COUNT_SENTENCE.test(s)) return -1;
    const sentences = s.split(/(?<=[。；;])/);
    const picked: number[] = [];
    sentences.forEach((x, i) => {
      if (COUNT_SENTENCE.test(x)) picked.push(i, texts.push(x) - 1);
    });
    return { sentences, picked };
  });
  const converted = toSimplified(texts.join('\u0001')).split('\u0001');
  const out = parts.map((s, i) => {
    const p = plan[i]!;
    if (typeof p === 'number') return p < 0 ? s : (converted[p] ?? s);
    for (let k = 0; k < p.picked.length; k += 2)
      p.sentences[p.picked[k]!] = converted[p.picked[k + 1]!] ?? p.sentences[p.picked[k]!]!;
    return p.sentences.join('');
  });
  let k = 0;
  const next = () => out[k++]!;
  const title = model.title ? next() : undefined;
  const blocks: Block[] = model.blocks.map((b) =>
    b.kind === 'text' ? { kind: 'text', text: next() } : { ...b, rows: b.rows.map((r) => r.map(() => next())) },
  );
  return { ...model, title, blocks };
}

/** No cell value is this long ("92(含撤销件)", "2122500000元"); longer text is a label or a sentence. */
const MAX_VALUE = 40;
/** Labels and headings are matched on keys up to this length; longer text is narrative and keeps its text as key. */
const MAX_KEY = 200;

/** Digits (spaced or separated) too long to be any cell's value: a cell that cannot be read, not a label. */
const DIGIT_RUN = /^[+-]?\d[\d\s,.，．]*$/;

function unreadableRun(text: string): Tok {
  const shown = text.length > MAX_KEY ? `${text.slice(0, 20)}…` : text;
  return { text: shown, key: shown, value: unreadableValue(`a cell of ${text.length} characters of digits`) };
}

export function tok(raw: string): Tok {
  // A huge run of digits is told before it is tidied (a 5 MB cell costs seconds in the text passes).
  if (raw.length > MAX_KEY && DIGIT_RUN.test(raw.trim())) return unreadableRun(raw.trim());
  const text = tidyText(raw);
  if (text.length > MAX_VALUE && DIGIT_RUN.test(text)) return unreadableRun(text);
  if (text.length > MAX_KEY) return { text, key: text, value: null };
  return { text, key: labelKey(text), value: text.length > MAX_VALUE ? null : parseCellValue(text) };
}

const SPLIT = /\t| {2,}|\u3000{2,}/;

function textLine(text: string): Tok[] {
  const t = text.trim();
  if (t.startsWith('|') && t.endsWith('|') && t.length > 1) {
    if (/^\|[\s|:-]+\|$/.test(t)) return [];
    return t.slice(1, -1).split('|').map(tok);
  }
  const out: Tok[] = [];
  for (const part of t.split(SPLIT)) {
    const p = part.trim();
    if (p) for (const v of splitSpacedValues(p)) out.push(v); // no spread: a line may hold a million values
  }
  return out;
}

/** One printed value in a space-separated row: a number (signed, with separators, unit or note) or a blank mark. */
const VALUE = String.raw`(?:[+\-]?[\d０-９][\d０-９,，.．]*(?:万元|亿元|元)?(?:[(（][^()（）\s]*[)）])?|/|／|—+|－|-|无)`;
const ALL_VALUES = new RegExp(String.raw`^${VALUE}(?:\s+${VALUE})+$`);
const LABEL_THEN_VALUES = new RegExp(String.raw`^(.*?[^\s\d０-９,，.．+\-/／—－])\s+(${VALUE}(?:\s+${VALUE})*)$`);

/** Text extracted from PDFs and some portals prints a row on one line with single spaces:
 *  "一、本年新收政府信息公开申请数量 225 9 0 1 0 0 235", "21 28 2 8 59 …". Split off the values. */
function splitSpacedValues(p: string): Tok[] {
  if (ALL_VALUES.test(p)) return p.split(/\s+/).map(tok);
  const m = p.length <= 240 ? LABEL_THEN_VALUES.exec(p) : null;
  if (m && /[\u3400-\u9fff]/.test(m[1]!) && !/[。，；]$/.test(m[1]!))
    return [tok(m[1]!), ...m[2]!.split(/\s+/).map(tok)];
  return [tok(p)];
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
