// The gate between OCR and the store: numbers read from pictures are trusted only when the national format's
// identities hold over every table read. A misread digit breaks a sum, so a report whose sums all hold was read
// right; one with any break (or a table, row or cell OCR could not find) is refused as `ocr_unverified`, with
// its breaks listed — never stored as numbers.
//
// Part 二 has no identities: its numbers are trusted only where both readings of the page agree (or the one
// reading is confident). A break in parts 三/四 explained by exactly one cell whose other reading makes every
// identity hold is corrected, the cell marked `ocrCorrected` with the first reading kept as its raw text.
import { extractReport } from '../extract/index.js';
import type { OcrDocModel } from '../frontends/ocr.js';
import { parseCellValue } from '../normalize/number.js';
import { layoutPages, type PageContent } from '../pdf/layout.js';
import type { TableName } from '../schema.js';
import type { Cell, Finding, ParseInput, ParseOutcome, Report, Table } from '../types.js';
import { validateReport } from '../validate.js';

/** Findings that mean a number may be wrong or missing: every one refuses an OCR'd report. */
function isBreak(f: Finding): boolean {
  return (
    f.rule.startsWith('identity.') ||
    f.rule === 'cell.lost' ||
    f.rule.startsWith('row.') ||
    f.rule === 'table.incomplete' ||
    f.rule === 'table.missing' ||
    f.rule === 'table.empty'
  );
}

const TABLES: TableName[] = ['active', 'requests', 'review'];

interface Place {
  table: TableName;
  row: string;
  column: string;
}

/** Above any count a report prints: a value that can only be a marker put in by `locate`. */
const MARK = 900_000_000;

/** Which cell each doubted number landed in: the pages laid out again with each one replaced by a marker. */
function locate(model: OcrDocModel, hints: ParseInput['hints']): (Place | undefined)[] | null {
  const pages: PageContent[] = model.pages.map((p) => ({ ...p, texts: [...p.texts] }));
  model.numbers.forEach((n, i) => {
    const page = pages[n.page]!;
    page.texts[n.index] = { ...page.texts[n.index]!, str: String(MARK + i) };
  });
  const places: (Place | undefined)[] = model.numbers.map(() => undefined);
  let marked: Report;
  try {
    marked = extractReport({ ...model, blocks: layoutPages(pages) }, hints);
  } catch {
    return null;
  }
  for (const table of TABLES) {
    for (const [row, cols] of Object.entries(marked[table] ?? {})) {
      for (const [column, cell] of Object.entries(cols)) {
        const i = (cell.value ?? 0) - MARK;
        if (i >= 0 && i < places.length) places[i] = { table, row, column };
      }
    }
  }
  return places;
}

function describe(f: Finding): string {
  const where = [f.table, f.row, f.column].filter(Boolean).join('.');
  const values = f.expected != null && f.actual != null ? ` (${f.expected} ≠ ${f.actual})` : '';
  return `${f.rule}${where ? ` ${where}` : ''}${values}`;
}

function refuse(breaks: string[]): ParseOutcome {
  const listed = breaks.slice(0, 8).join('; ');
  const more = breaks.length > 8 ? `; and ${breaks.length - 8} more` : '';
  return {
    ok: false,
    error: {
      code: 'ocr_unverified',
      message: `read by OCR, but its numbers do not prove themselves: ${listed}${more}`,
    },
  };
}

function cellAt(report: Report, p: Place): Cell | undefined {
  return report[p.table]?.[p.row]?.[p.column];
}

function identityBreaks(report: Report): Finding[] {
  return validateReport(report).filter((f) => f.rule.startsWith('identity.'));
}

/** The one other reading that makes every identity hold, if exactly one does. */
function correction(report: Report, model: OcrDocModel, places: (Place | undefined)[]) {
  const fixes: { place: Place; value: number }[] = [];
  model.numbers.forEach((n, i) => {
    const place = places[i];
    if (!place || place.table === 'active' || n.alternative === undefined) return;
    const cell = cellAt(report, place);
    const value = parseCellValue(n.alternative)?.value;
    if (!cell || value === undefined || value === cell.value) return;
    const saved = cell.value;
    cell.value = value;
    if (identityBreaks(report).length === 0) fixes.push({ place, value });
    cell.value = saved;
  });
  return fixes.length === 1 ? fixes[0] : undefined;
}

function markTable(table: Table | null): void {
  if (!table) return;
  for (const row of Object.values(table)) for (const cell of Object.values(row)) cell.ocr = true;
}

export function verifyOcrReport(model: OcrDocModel, report: Report, hints: ParseInput['hints']): ParseOutcome {
  const places = model.numbers.length ? locate(model, hints) : [];
  if (!places) return refuse(['ocr.doubtful (the doubted numbers could not be placed in their tables)']);
  const doubts: string[] = [];
  model.numbers.forEach((n, i) => {
    const place = places[i];
    if (place?.table !== 'active') return;
    const read = model.pages[n.page]!.texts[n.index]!.str;
    const how =
      n.alternative !== undefined ? `read both ${read} and ${n.alternative}` : `read ${read} with low confidence`;
    doubts.push(`ocr.doubtful active.${place.row}.${place.column} (${how})`);
  });
  let breaks = report.findings.filter(isBreak);
  if (breaks.length > 0 && breaks.every((f) => f.rule.startsWith('identity.'))) {
    const fix = correction(report, model, places);
    if (fix) {
      const cell = cellAt(report, fix.place)!;
      cell.value = fix.value;
      cell.ocrCorrected = true;
      report.findings = report.findings.filter((f) => !f.rule.startsWith('identity.'));
      report.findings.push({
        rule: 'ocr.corrected',
        severity: 'info',
        table: fix.place.table,
        row: fix.place.row,
        column: fix.place.column,
        expected: fix.value,
        message: `OCR read "${cell.raw}"; its other reading ${fix.value} is the only one that makes every identity hold`,
      });
      breaks = [];
    }
  }
  if (breaks.length > 0 || doubts.length > 0) return refuse([...breaks.map(describe), ...doubts]);
  for (const table of TABLES) markTable(report[table]);
  return { ok: true, report, source: 'ocr' };
}
