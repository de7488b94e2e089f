// Read-side queries behind the CLI (query yoy, findings, export, reparse) and the tests.
import type { Db } from './db.js';

export interface YoyRow {
  agency: string;
  year: number;
  table_name: string;
  row_key: string;
  col_key: string;
  value: number | null;
  prev_value: number | null;
  change: number | null;
  pct_change: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface YoyFilter {
  agency: string;
  table?: string;
  /** `row.col`, e.g. `new_received.total` or `denied.state_secret.total` (the column is after the last dot). */
  metric?: string;
  /** Only this column (when no metric is given). */
  col?: string;
}

export function splitMetric(metric: string): { row: string; col: string } {
  const at = metric.lastIndexOf('.');
  if (at <= 0 || at === metric.length - 1)
    throw new Error(`--metric must be row.col (e.g. new_received.total), got "${metric}"`);
  return { row: metric.slice(0, at), col: metric.slice(at + 1) };
}

export async function queryYoy(db: Db, f: YoyFilter): Promise<YoyRow[]> {
  const m = f.metric ? splitMetric(f.metric) : null;
  const rows = await db.query<Record<string, unknown>>(
    `SELECT agency, year, table_name, row_key, col_key, value, prev_value, change, pct_change
       FROM yoy
      WHERE agency = $1
        AND ($2::text IS NULL OR table_name = $2)
        AND ($3::text IS NULL OR row_key = $3)
        AND ($4::text IS NULL OR col_key = $4)
      ORDER BY key_order, year`,
    [f.agency, f.table ?? null, m?.row ?? null, m?.col ?? f.col ?? null],
  );
  return rows.map((r) => ({
    agency: String(r.agency),
    year: Number(r.year),
    table_name: String(r.table_name),
    row_key: String(r.row_key),
    col_key: String(r.col_key),
    value: num(r.value),
    prev_value: num(r.prev_value),
    change: num(r.change),
    pct_change: num(r.pct_change),
  }));
}

export interface FindingRow {
  agency: string;
  year: number;
  rule: string;
  severity: string | null;
  table_name: string | null;
  row_key: string | null;
  col_key: string | null;
  expected: number | null;
  actual: number | null;
  message: string;
}

export async function queryFindings(db: Db, f: { agency?: string; year?: number }): Promise<FindingRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT agency, year, rule, severity, table_name, row_key, col_key, expected, actual, message
       FROM report_findings
      WHERE ($1::text IS NULL OR agency = $1) AND ($2::int IS NULL OR year = $2)
      ORDER BY agency, year, rule`,
    [f.agency ?? null, f.year ?? null],
  );
  return rows.map((r) => ({
    agency: String(r.agency),
    year: Number(r.year),
    rule: String(r.rule),
    severity: (r.severity as string | null) ?? null,
    table_name: (r.table_name as string | null) ?? null,
    row_key: (r.row_key as string | null) ?? null,
    col_key: (r.col_key as string | null) ?? null,
    expected: num(r.expected),
    actual: num(r.actual),
    message: String(r.message),
  }));
}

/** The views that `gongkai export` may read (documented in README). The name is checked against this list before
 *  it is put in SQL; identifiers cannot be parameters. */
export const EXPORTABLE_VIEWS = [
  'report_cells',
  'requests_wide',
  'active_wide',
  'review_wide',
  'yoy',
  'report_findings',
  'carryover_mismatches',
] as const;
export type ExportableView = (typeof EXPORTABLE_VIEWS)[number];

const VIEW_ORDER: Record<ExportableView, string> = {
  report_cells: 'agency, year, key_order',
  requests_wide: 'agency, year',
  active_wide: 'agency, year',
  review_wide: 'agency, year',
  yoy: 'agency, year, key_order',
  report_findings: 'agency, year, rule',
  carryover_mismatches: 'agency, year',
};

export function isExportableView(name: string): name is ExportableView {
  return (EXPORTABLE_VIEWS as readonly string[]).includes(name);
}

export async function readView(db: Db, view: ExportableView): Promise<Record<string, unknown>[]> {
  if (!isExportableView(view)) throw new Error(`unknown view ${view}`);
  const rows = await db.query<Record<string, unknown>>(`SELECT * FROM ${view} ORDER BY ${VIEW_ORDER[view]}`);
  // key_order is only there to sort in canonical order; published_date as plain ISO text.
  return rows.map(({ key_order: _k, ...rest }) => {
    if (rest.published_date instanceof Date) rest.published_date = rest.published_date.toISOString().slice(0, 10);
    return rest;
  });
}

export interface CarryoverMismatch {
  agency: string;
  year: number;
  carried_over: number;
  prev_year: number;
  prev_carried_forward: number;
}

export async function queryCarryoverMismatches(db: Db, agency?: string): Promise<CarryoverMismatch[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM carryover_mismatches WHERE ($1::text IS NULL OR agency = $1) ORDER BY agency, year`,
    [agency ?? null],
  );
  return rows.map((r) => ({
    agency: String(r.agency),
    year: Number(r.year),
    carried_over: Number(r.carried_over),
    prev_year: Number(r.prev_year),
    prev_carried_forward: Number(r.prev_carried_forward),
  }));
}

export interface RevisionInfo {
  revisionId: number;
  documentId: number;
  parserVersion: string;
  status: string;
  outputHash: string;
  current: boolean;
}

/** Every revision of one agency's report for one year, oldest first. */
export async function reportHistory(db: Db, agency: string, year: number): Promise<RevisionInfo[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT rv.id, rv.document_id, rv.parser_version, rv.status, rv.output_hash, (r.current_revision_id = rv.id) AS current
       FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN revisions rv ON rv.report_id = r.id
      WHERE a.name = $1 AND r.year = $2 ORDER BY rv.id`,
    [agency, year],
  );
  return rows.map((r) => ({
    revisionId: Number(r.id),
    documentId: Number(r.document_id),
    parserVersion: String(r.parser_version),
    status: String(r.status),
    outputHash: String(r.output_hash),
    current: r.current === true,
  }));
}

export interface StoredDocumentRow {
  id: number;
  sourceUrl: string;
  contentType: string | null;
  agencyHint: string | null;
  yearHint: number | null;
}

/** Stored documents in id order, without their bytes (reparse fetches bytes one at a time). */
export async function listDocuments(db: Db): Promise<StoredDocumentRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    'SELECT id, source_url, content_type, agency_hint, year_hint FROM documents ORDER BY id',
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sourceUrl: String(r.source_url),
    contentType: (r.content_type as string | null) ?? null,
    agencyHint: (r.agency_hint as string | null) ?? null,
    yearHint: r.year_hint === null ? null : Number(r.year_hint),
  }));
}

export async function documentBytes(db: Db, id: number): Promise<Uint8Array> {
  // As hex, decoded natively: PGlite's bytea parser works byte by byte in JS.
  const rows = await db.query<{ hex: string }>(`SELECT encode(bytes, 'hex') AS hex FROM documents WHERE id = $1`, [id]);
  if (rows.length === 0) throw new Error(`no document ${id}`);
  const buf = Buffer.from(rows[0].hex, 'hex');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export interface FailureRow {
  documentId: number;
  sourceUrl: string;
  parserVersion: string;
  code: string;
  reason: string;
}

export async function listFailures(db: Db): Promise<FailureRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT f.document_id, d.source_url, f.parser_version, f.code, f.reason
       FROM parse_failures f JOIN documents d ON d.id = f.document_id ORDER BY f.id`,
  );
  return rows.map((r) => ({
    documentId: Number(r.document_id),
    sourceUrl: String(r.source_url),
    parserVersion: String(r.parser_version),
    code: String(r.code),
    reason: String(r.reason),
  }));
}

/** Stored agency names containing `fragment` (suggestions for a name typed slightly wrong). */
export async function agenciesLike(db: Db, fragment: string, limit = 5): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT name FROM agencies WHERE name LIKE '%' || $1 || '%' OR $1 LIKE '%' || name || '%' ORDER BY name LIMIT $2`,
    [fragment, limit],
  );
  return rows.map((r) => r.name);
}

export async function agencyExists(db: Db, name: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM agencies WHERE name = $1', [name])).length > 0;
}

/** The cell keys of a table as `row.col`, in display order (to check and suggest a --metric). */
export async function metricsOf(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ metric: string }>(
    `SELECT row_key || '.' || col_key AS metric FROM cell_keys WHERE table_name = $1 ORDER BY id`,
    [table],
  );
  return rows.map((r) => r.metric);
}

/** The columns of a view in order (the CSV header of an empty export). */
export async function viewColumns(db: Db, view: ExportableView): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_name = $1 AND column_name <> 'key_order' ORDER BY ordinal_position`,
    [view],
  );
  return rows.map((c) => c.column_name);
}
