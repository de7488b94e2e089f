// The report as JSON in the keys of docs/SCHEMA.md and the golden files: a cell is a plain number when it was
// printed as that number, otherwise an object with `value` and what else is known of it.
import type { Format, TableName } from './schema.js';
import type { Cell, Finding, Report, Table } from './types.js';

export type CellJson =
  | number
  | null
  | {
      value: number | null;
      raw: string;
      blank?: true;
      note?: string;
      inferred?: true;
      /** Read by OCR from a picture of the table. */
      ocr?: true;
      /** OCR's reading (kept in `raw`) was corrected by the identities to `value`. */
      ocr_corrected?: true;
    };
export type TableJson = Record<string, Record<string, CellJson>>;

export interface ReportJson {
  agency: string | null;
  year: number | null;
  title: string | null;
  published_date: string | null;
  format: Format | null;
  table_formats: Partial<Record<TableName, Format>>;
  active: TableJson | null;
  requests: TableJson | null;
  review: TableJson | null;
  findings: Finding[];
}

export function cellToJson(cell: Cell): CellJson {
  const plain =
    cell.value !== null && !cell.blank && !cell.note && !cell.inferred && !cell.ocr && cell.raw === String(cell.value);
  if (plain) return cell.value;
  const out: Exclude<CellJson, number | null> = { value: cell.value, raw: cell.raw };
  if (cell.blank) out.blank = true;
  if (cell.note) out.note = cell.note;
  if (cell.inferred) out.inferred = true;
  if (cell.ocr) out.ocr = true;
  if (cell.ocrCorrected) out.ocr_corrected = true;
  return out;
}

export function cellFromJson(json: CellJson): Cell {
  if (json === null) return { value: null, raw: '' };
  if (typeof json === 'number') return { value: json, raw: String(json) };
  const cell: Cell = { value: json.value, raw: json.raw ?? (json.value === null ? '' : String(json.value)) };
  if (json.blank) cell.blank = true;
  if (json.note) cell.note = json.note;
  if (json.inferred) cell.inferred = true;
  if (json.ocr) cell.ocr = true;
  if (json.ocr_corrected) cell.ocrCorrected = true;
  return cell;
}

function mapTable<A, B>(table: Record<string, Record<string, A>> | null | undefined, f: (a: A) => B) {
  if (!table) return null;
  const out: Record<string, Record<string, B>> = {};
  for (const [row, cols] of Object.entries(table)) {
    out[row] = {};
    for (const [col, cell] of Object.entries(cols)) out[row][col] = f(cell);
  }
  return out;
}

export function reportToJson(report: Report): ReportJson {
  return {
    agency: report.agency,
    year: report.year,
    title: report.title,
    published_date: report.publishedDate,
    format: report.format,
    table_formats: report.tableFormats,
    active: mapTable(report.active, cellToJson),
    requests: mapTable(report.requests, cellToJson),
    review: mapTable(report.review, cellToJson),
    findings: report.findings,
  };
}

/** Read a report back from its JSON (or from a golden file, whose cells are plain numbers). */
export function reportFromJson(json: Partial<ReportJson> & Record<string, unknown>): Report {
  const table = (t: unknown): Table | null => mapTable(t as TableJson | null, cellFromJson);
  return {
    agency: json.agency ?? null,
    year: json.year ?? null,
    title: json.title ?? null,
    publishedDate: json.published_date ?? null,
    format: json.format ?? null,
    tableFormats: json.table_formats ?? {},
    active: table(json.active),
    requests: table(json.requests),
    review: table(json.review),
    findings: json.findings ?? [],
  };
}

/** The number of a JSON cell, whichever shape it has. */
export function jsonCellValue(cell: CellJson | undefined): number | null | undefined {
  if (cell === undefined || cell === null || typeof cell === 'number') return cell;
  return cell.value;
}
