// Read queries behind the web explorer, its JSON API and the browsing commands (agencies, reports, show). Every
// value is a parameter; text filters use strpos/starts_with so no user text is ever a LIKE pattern.
import type { Db } from './db.js';
import { type ExportableView, isExportableView } from './queries.js';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

/** A json column: drivers give it parsed (node-postgres, PGlite) or as text. */
const jsonArray = <T>(v: unknown): T[] =>
  v === null || v === undefined ? [] : typeof v === 'string' ? (JSON.parse(v) as T[]) : (v as T[]);

const offset = (p: PageRequest) => (p.page - 1) * p.perPage;

// ---------------------------------------------------------------------------------------------------------------
// Cell keys and their labels (migration 008).

export interface CellKeyInfo {
  id: number;
  table: string;
  row: string;
  col: string;
  tableLabel: string | null;
  rowLabel: string | null;
  colLabel: string | null;
}

export async function cellKeys(db: Db): Promise<CellKeyInfo[]> {
  const rows = await db.query<Record<string, unknown>>(
    'SELECT id, table_name, row_key, col_key, table_label, row_label, col_label FROM cell_keys ORDER BY id',
  );
  return rows.map((r) => ({
    id: Number(r.id),
    table: String(r.table_name),
    row: String(r.row_key),
    col: String(r.col_key),
    tableLabel: text(r.table_label),
    rowLabel: text(r.row_label),
    colLabel: text(r.col_label),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Home.

export interface Overview {
  agencies: number;
  reports: number;
  years: number[];
  sites: number;
  documents: number;
  failures: number;
}

export async function overview(db: Db): Promise<Overview> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT (SELECT count(DISTINCT agency_id) FROM reports) AS agencies,
            (SELECT count(*) FROM reports) AS reports,
            (SELECT array_agg(year ORDER BY year) FROM (SELECT DISTINCT year FROM reports) y) AS years,
            (SELECT count(*) FROM sites) AS sites,
            (SELECT count(*) FROM documents) AS documents,
            (SELECT count(*) FROM parse_failures) AS failures`,
  );
  return {
    agencies: Number(r.agencies),
    reports: Number(r.reports),
    years: ((r.years as unknown[] | null) ?? []).map(Number),
    sites: Number(r.sites),
    documents: Number(r.documents),
    failures: Number(r.failures),
  };
}

export interface RunRow {
  id: number;
  site_id: string;
  trigger: string;
  started_at: string | null;
  finished_at: string | null;
  requests: number;
  not_modified: number;
  new_documents: number;
  new_revisions: number;
  failures: number;
  reports_found: number;
  error: string | null;
}

export async function listRuns(db: Db, p: PageRequest, siteId?: string): Promise<Paged<RunRow>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, site_id, trigger, started_at, finished_at, requests, not_modified, new_documents, new_revisions,
            failures, reports_found, error, count(*) OVER () AS total
       FROM crawl_runs WHERE ($3::text IS NULL OR site_id = $3)
      ORDER BY started_at DESC, id DESC LIMIT $1 OFFSET $2`,
    [p.perPage, offset(p), siteId ?? null],
  );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      site_id: String(r.site_id),
      trigger: String(r.trigger),
      started_at: iso(r.started_at),
      finished_at: iso(r.finished_at),
      requests: Number(r.requests),
      not_modified: Number(r.not_modified),
      new_documents: Number(r.new_documents),
      new_revisions: Number(r.new_revisions),
      failures: Number(r.failures),
      reports_found: Number(r.reports_found),
      error: text(r.error),
    })),
    total: rows.length > 0 ? Number(rows[0].total) : await countOf(db, 'crawl_runs'),
    page: p.page,
    per_page: p.perPage,
  };
}

export interface FailureListRow {
  document_id: number;
  source_url: string;
  content_type: string | null;
  parser_version: string;
  code: string;
  reason: string;
  failed_at: string | null;
}

export async function listParseFailures(db: Db, p: PageRequest): Promise<Paged<FailureListRow>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT f.document_id, d.source_url, d.content_type, f.parser_version, f.code, f.reason, f.failed_at,
            count(*) OVER () AS total
       FROM parse_failures f JOIN documents d ON d.id = f.document_id
      ORDER BY f.failed_at DESC, f.id DESC LIMIT $1 OFFSET $2`,
    [p.perPage, offset(p)],
  );
  return {
    items: rows.map((r) => ({
      document_id: Number(r.document_id),
      source_url: String(r.source_url),
      content_type: text(r.content_type),
      parser_version: String(r.parser_version),
      code: String(r.code),
      reason: String(r.reason),
      failed_at: iso(r.failed_at),
    })),
    total: rows.length > 0 ? Number(rows[0].total) : await countOf(db, 'parse_failures'),
    page: p.page,
    per_page: p.perPage,
  };
}

async function countOf(db: Db, table: 'crawl_runs' | 'parse_failures'): Promise<number> {
  const [r] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(r.n);
}

// ---------------------------------------------------------------------------------------------------------------
// Agencies.

export interface AgencyHit {
  agency: string;
  region: string | null;
  years: number[];
}

export interface AgencySearch {
  /** A fragment of the name or of the region (汉字). */
  q?: string;
  /** A region prefix or fragment (福建省, 深圳市). */
  region?: string;
}

/** Agencies with at least one report, by name; the region is the agency's own, else its site's. */
export async function searchAgencies(db: Db, s: AgencySearch, p: PageRequest): Promise<Paged<AgencyHit>> {
  const rows = await db.query<Record<string, unknown>>(
    `WITH hits AS (
       SELECT a.id, a.name, coalesce(a.region, s.region) AS region
         FROM agencies a LEFT JOIN sites s ON s.id = a.site_id
        WHERE ($1::text IS NULL OR strpos(a.name, $1) > 0 OR strpos(coalesce(a.region, s.region, ''), $1) > 0)
          AND ($2::text IS NULL OR strpos(coalesce(a.region, s.region, ''), $2) > 0 OR strpos(a.name, $2) > 0)
          AND EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id)
     ), page AS (
       SELECT id, name, region, count(*) OVER () AS total FROM hits ORDER BY name LIMIT $3 OFFSET $4
     )
     SELECT p.name, p.region, p.total, (SELECT array_agg(r.year ORDER BY r.year) FROM reports r WHERE r.agency_id = p.id) AS years
       FROM page p ORDER BY p.name`,
    [s.q || null, s.region || null, p.perPage, offset(p)],
  );
  let total = rows.length > 0 ? Number(rows[0].total) : 0;
  if (rows.length === 0 && p.page > 1) {
    const [c] = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM agencies a LEFT JOIN sites s ON s.id = a.site_id
        WHERE ($1::text IS NULL OR strpos(a.name, $1) > 0 OR strpos(coalesce(a.region, s.region, ''), $1) > 0)
          AND ($2::text IS NULL OR strpos(coalesce(a.region, s.region, ''), $2) > 0 OR strpos(a.name, $2) > 0)
          AND EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id)`,
      [s.q || null, s.region || null],
    );
    total = Number(c.n);
  }
  return {
    items: rows.map((r) => ({
      agency: String(r.name),
      region: text(r.region),
      years: ((r.years as unknown[] | null) ?? []).map(Number),
    })),
    total,
    page: p.page,
    per_page: p.perPage,
  };
}

export interface AgencyInfo {
  id: number;
  agency: string;
  region: string | null;
  level: string | null;
  site_id: string | null;
  site_name: string | null;
}

export interface ReportListRow {
  agency: string;
  year: number;
  title: string | null;
  source_url: string | null;
  published_date: string | null;
  format: string | null;
  status: string | null;
  findings: number;
  errors: number;
}

export interface ReportFilter {
  agency?: string;
  year?: number;
}

export async function listReports(db: Db, f: ReportFilter, p: PageRequest): Promise<Paged<ReportListRow>> {
  // One agency's reports by its name's index; other filters scan. (Two statements rather than one with
  // "$1 IS NULL OR …": a prepared statement's generic plan could not use the index.)
  const rows = f.agency
    ? await db.query<Record<string, unknown>>(
        `SELECT a.name AS agency, r.year, r.title, r.source_url, r.published_date::text AS published_date, r.format,
                rv.status, jsonb_array_length(rv.findings) AS findings,
                (SELECT count(*) FROM jsonb_array_elements(rv.findings) f WHERE f ->> 'severity' = 'error') AS errors,
                count(*) OVER () AS total
           FROM agencies a JOIN reports r ON r.agency_id = a.id LEFT JOIN revisions rv ON rv.id = r.current_revision_id
          WHERE a.name = $1 AND ($2::int IS NULL OR r.year = $2)
          ORDER BY r.year LIMIT $3 OFFSET $4`,
        [f.agency, f.year ?? null, p.perPage, offset(p)],
      )
    : await db.query<Record<string, unknown>>(
        `SELECT a.name AS agency, r.year, r.title, r.source_url, r.published_date::text AS published_date, r.format,
                rv.status, jsonb_array_length(rv.findings) AS findings,
                (SELECT count(*) FROM jsonb_array_elements(rv.findings) f WHERE f ->> 'severity' = 'error') AS errors,
                count(*) OVER () AS total
           FROM reports r JOIN agencies a ON a.id = r.agency_id LEFT JOIN revisions rv ON rv.id = r.current_revision_id
          WHERE ($1::int IS NULL OR r.year = $1)
          ORDER BY a.name, r.year LIMIT $2 OFFSET $3`,
        [f.year ?? null, p.perPage, offset(p)],
      );
  return {
    items: rows.map((r) => ({
      agency: String(r.agency),
      year: Number(r.year),
      title: text(r.title),
      source_url: text(r.source_url),
      published_date: text(r.published_date),
      format: text(r.format),
      status: text(r.status),
      findings: Number(r.findings ?? 0),
      errors: Number(r.errors ?? 0),
    })),
    total: rows.length > 0 ? Number(rows[0].total) : 0,
    page: p.page,
    per_page: p.perPage,
  };
}

export interface AgencyPageData {
  info: AgencyInfo;
  reports: ReportListRow[];
  /** year → key id → value, for the key ids asked. */
  cells: Map<number, Map<number, number | null>>;
  findings: AgencyFindingRow[];
}

/** Everything the agency page shows, in one statement (one round trip; on PGlite one parse instead of four). */
export async function agencyPageData(db: Db, name: string, keyIds: number[]): Promise<AgencyPageData | null> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT a.id, a.name, coalesce(a.region, s.region) AS region, a.level, a.site_id, s.name AS site_name,
            (SELECT json_agg(json_build_object(
                      'year', r.year, 'title', r.title, 'source_url', r.source_url,
                      'published_date', r.published_date, 'format', r.format, 'status', rv.status,
                      'findings', jsonb_array_length(rv.findings),
                      'errors', (SELECT count(*) FROM jsonb_array_elements(rv.findings) f WHERE f ->> 'severity' = 'error'))
                    ORDER BY r.year)
               FROM reports r LEFT JOIN revisions rv ON rv.id = r.current_revision_id WHERE r.agency_id = a.id) AS reports,
            (SELECT json_agg(json_build_array(r.year, c.key_id, c.value))
               FROM reports r JOIN cells c ON c.revision_id = r.current_revision_id AND c.key_id = ANY($2::smallint[])
              WHERE r.agency_id = a.id) AS cells,
            (SELECT json_agg(json_build_object(
                      'year', r.year, 'rule', f ->> 'rule', 'severity', f ->> 'severity', 'table_name', f ->> 'table',
                      'row_key', f ->> 'row', 'col_key', f ->> 'column', 'message', f ->> 'message') ORDER BY r.year)
               FROM reports r JOIN revisions rv ON rv.id = r.current_revision_id
              CROSS JOIN LATERAL jsonb_array_elements(rv.findings) AS f WHERE r.agency_id = a.id) AS findings
       FROM agencies a LEFT JOIN sites s ON s.id = a.site_id WHERE a.name = $1`,
    [name, keyIds],
  );
  if (!r) return null;
  const info: AgencyInfo = {
    id: Number(r.id),
    agency: String(r.name),
    region: text(r.region),
    level: text(r.level),
    site_id: text(r.site_id),
    site_name: text(r.site_name),
  };
  const reports = jsonArray<Record<string, unknown>>(r.reports).map((x) => ({
    agency: info.agency,
    year: Number(x.year),
    title: text(x.title),
    source_url: text(x.source_url),
    published_date: text(x.published_date),
    format: text(x.format),
    status: text(x.status),
    findings: Number(x.findings ?? 0),
    errors: Number(x.errors ?? 0),
  }));
  const cells = new Map<number, Map<number, number | null>>();
  for (const [year, keyId, value] of jsonArray<[number, number, number | string | null]>(r.cells)) {
    if (!cells.has(year)) cells.set(year, new Map());
    cells.get(year)?.set(Number(keyId), num(value));
  }
  const findings = jsonArray<Record<string, unknown>>(r.findings).map((f) => ({
    year: Number(f.year),
    rule: String(f.rule),
    severity: text(f.severity),
    table_name: text(f.table_name),
    row_key: text(f.row_key),
    col_key: text(f.col_key),
    message: String(f.message ?? ''),
  }));
  return { info, reports, cells, findings };
}

export interface AgencyFindingRow {
  year: number;
  rule: string;
  severity: string | null;
  table_name: string | null;
  row_key: string | null;
  col_key: string | null;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------------
// One report with its provenance.

export interface StoredCell {
  table_name: string;
  row_key: string;
  col_key: string;
  row_label: string | null;
  col_label: string | null;
  value: number | null;
  raw: string;
  inferred: boolean;
  blank: boolean;
  note: string | null;
}

export interface RevisionRow {
  revision_id: number;
  parser_version: string;
  parsed_at: string | null;
  status: string;
  document_id: number;
  source_url: string | null;
  content_type: string | null;
  fetched_at: string | null;
  current: boolean;
}

export interface StoredReport {
  report_id: number;
  agency_id: number;
  agency: string;
  region: string | null;
  year: number;
  title: string | null;
  published_date: string | null;
  format: string | null;
  table_formats: Record<string, string>;
  source_url: string | null;
  findings: Record<string, unknown>[];
  revision: {
    revision_id: number;
    parser_version: string;
    parsed_at: string | null;
    status: string;
    source_kind: string | null;
  };
  document: {
    document_id: number;
    source_url: string;
    content_type: string | null;
    size: number;
    sha256: string;
    fetched_at: string | null;
    found_on: { document_id: number; source_url: string } | null;
  };
  cells: StoredCell[];
  revisions: RevisionRow[];
  years: number[];
}

export async function storedReport(db: Db, agency: string, year: number): Promise<StoredReport | null> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT r.id AS report_id, a.id AS agency_id, a.name AS agency, coalesce(a.region, s.region) AS region, r.year,
            r.title, r.published_date::text AS published_date, r.format, r.source_url,
            rv.id AS revision_id, rv.parser_version, rv.parsed_at, rv.status, rv.source_kind, rv.findings,
            rv.table_formats, d.id AS document_id, d.source_url AS document_url, d.content_type, d.size, d.sha256,
            d.fetched_at, pd.id AS parent_id, pd.source_url AS parent_url,
            (SELECT json_agg(json_build_object(
                      'table_name', k.table_name, 'row_key', k.row_key, 'col_key', k.col_key, 'row_label', k.row_label,
                      'col_label', k.col_label, 'value', c.value, 'raw', c.raw, 'inferred', c.inferred,
                      'blank', c.blank, 'note', c.note) ORDER BY k.id)
               FROM cells c JOIN cell_keys k ON k.id = c.key_id WHERE c.revision_id = rv.id) AS cells,
            (SELECT json_agg(json_build_object(
                      'id', v.id, 'parser_version', v.parser_version, 'parsed_at', v.parsed_at, 'status', v.status,
                      'document_id', v.document_id, 'source_url', v.source_url, 'content_type', vd.content_type,
                      'fetched_at', vd.fetched_at, 'current', v.id = r.current_revision_id) ORDER BY v.id)
               FROM revisions v JOIN documents vd ON vd.id = v.document_id WHERE v.report_id = r.id) AS revisions,
            (SELECT json_agg(y.year ORDER BY y.year) FROM reports y WHERE y.agency_id = r.agency_id) AS years
       FROM reports r
       JOIN agencies a ON a.id = r.agency_id
       LEFT JOIN sites s ON s.id = a.site_id
       JOIN revisions rv ON rv.id = r.current_revision_id
       JOIN documents d ON d.id = rv.document_id
       LEFT JOIN documents pd ON pd.id = d.parent_document_id
      WHERE a.name = $1 AND r.year = $2`,
    [agency, year],
  );
  if (!r) return null;
  const cells = jsonArray<Record<string, unknown>>(r.cells);
  const revisions = jsonArray<Record<string, unknown>>(r.revisions);
  const years = jsonArray<number>(r.years);
  return {
    report_id: Number(r.report_id),
    agency_id: Number(r.agency_id),
    agency: String(r.agency),
    region: text(r.region),
    year: Number(r.year),
    title: text(r.title),
    published_date: text(r.published_date),
    format: text(r.format),
    table_formats: (r.table_formats as Record<string, string> | null) ?? {},
    source_url: text(r.source_url),
    findings: (r.findings as Record<string, unknown>[] | null) ?? [],
    revision: {
      revision_id: Number(r.revision_id),
      parser_version: String(r.parser_version),
      parsed_at: iso(r.parsed_at),
      status: String(r.status),
      source_kind: text(r.source_kind),
    },
    document: {
      document_id: Number(r.document_id),
      source_url: String(r.document_url),
      content_type: text(r.content_type),
      size: Number(r.size),
      sha256: String(r.sha256),
      fetched_at: iso(r.fetched_at),
      found_on: r.parent_id === null ? null : { document_id: Number(r.parent_id), source_url: String(r.parent_url) },
    },
    cells: cells.map((c) => ({
      table_name: String(c.table_name),
      row_key: String(c.row_key),
      col_key: String(c.col_key),
      row_label: text(c.row_label),
      col_label: text(c.col_label),
      value: num(c.value),
      raw: String(c.raw ?? ''),
      inferred: c.inferred === true,
      blank: c.blank === true,
      note: text(c.note),
    })),
    revisions: revisions.map((v) => ({
      revision_id: Number(v.id),
      parser_version: String(v.parser_version),
      parsed_at: iso(v.parsed_at),
      status: String(v.status),
      document_id: Number(v.document_id),
      source_url: text(v.source_url),
      content_type: text(v.content_type),
      fetched_at: iso(v.fetched_at),
      current: v.current === true,
    })),
    years: years.map(Number),
  };
}

export interface DocumentDownload {
  id: number;
  sourceUrl: string;
  contentType: string | null;
  bytes: Buffer;
}

/** A stored original document (the bytes as fetched), by id. */
export async function documentForDownload(db: Db, id: number): Promise<DocumentDownload | null> {
  // As hex, decoded natively: PGlite's bytea parser works byte by byte in JS.
  const [r] = await db.query<{ source_url: string; content_type: string | null; hex: string }>(
    `SELECT source_url, content_type, encode(bytes, 'hex') AS hex FROM documents WHERE id = $1`,
    [id],
  );
  if (!r) return null;
  return { id, sourceUrl: r.source_url, contentType: r.content_type, bytes: Buffer.from(r.hex, 'hex') };
}

// ---------------------------------------------------------------------------------------------------------------
// Several agencies, and aggregates by year.

/** Changes whenever a load stores a revision (every change of a report's numbers does): what cached aggregates
 *  are keyed on. The primary key's last entry: no scan. */
export async function dataVersion(db: Db): Promise<number> {
  const [r] = await db.query<{ v: number | null }>('SELECT max(id) AS v FROM revisions');
  return r.v === null ? 0 : Number(r.v);
}

export interface SeriesPoint {
  agency: string;
  year: number;
  key_id: number;
  value: number | null;
}

export interface CompareSelection {
  agencies?: string[];
  /** Every agency whose name or region holds this fragment (at most `limit`). */
  region?: string;
  limit: number;
}

/** The given cells for several agencies, every year. Agencies matched by region are the first `limit` by name. */
export async function compareCells(db: Db, sel: CompareSelection, keyIds: number[]): Promise<SeriesPoint[]> {
  const rows = await db.query<Record<string, unknown>>(
    `WITH chosen AS (
       SELECT a.id, a.name FROM agencies a LEFT JOIN sites s ON s.id = a.site_id
        WHERE (a.name = ANY($1::text[])
               OR ($2::text IS NOT NULL AND (strpos(a.name, $2) > 0 OR strpos(coalesce(a.region, s.region, ''), $2) > 0)))
          AND EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id)
        ORDER BY a.name LIMIT $4
     )
     SELECT ch.name AS agency, r.year, c.key_id, c.value
       FROM chosen ch JOIN reports r ON r.agency_id = ch.id
       JOIN cells c ON c.revision_id = r.current_revision_id AND c.key_id = ANY($3::smallint[])
      ORDER BY ch.name, r.year`,
    [sel.agencies ?? [], sel.region || null, keyIds, sel.limit],
  );
  return rows.map((r) => ({
    agency: String(r.agency),
    year: Number(r.year),
    key_id: Number(r.key_id),
    value: num(r.value),
  }));
}

export interface AggregateRow {
  year: number;
  /** Reports with a value for the metric. */
  reports: number;
  sum: number | null;
  mean: number | null;
}

/** A metric (the sum of the given cells per report) over every current report, or a region's, by year. */
export async function aggregateByYear(db: Db, keyIds: number[], region?: string): Promise<AggregateRow[]> {
  const regional = region ? 'JOIN agencies a ON a.id = r.agency_id LEFT JOIN sites s ON s.id = a.site_id' : '';
  const where = region ? "WHERE strpos(a.name, $2) > 0 OR strpos(coalesce(a.region, s.region, ''), $2) > 0" : '';
  const params: unknown[] = region ? [keyIds, region] : [keyIds];
  // One cell per report: aggregate the cells directly (an index-only scan); several: sum each report's first.
  const sql =
    keyIds.length === 1
      ? `SELECT r.year, count(c.value) AS reports, sum(c.value) AS sum, avg(c.value) AS mean
           FROM reports r JOIN cells c ON c.revision_id = r.current_revision_id AND c.key_id = ANY($1::smallint[])
           ${regional} ${where} GROUP BY r.year ORDER BY r.year`
      : `SELECT year, count(v) AS reports, sum(v) AS sum, avg(v) AS mean FROM (
           SELECT r.year, sum(c.value) AS v
             FROM reports r JOIN cells c ON c.revision_id = r.current_revision_id AND c.key_id = ANY($1::smallint[])
             ${regional} ${where} GROUP BY r.id, r.year) per_report
          GROUP BY year ORDER BY year`;
  const rows = await db.query<Record<string, unknown>>(sql, params);
  return rows.map((r) => ({
    year: Number(r.year),
    reports: Number(r.reports),
    sum: num(r.sum),
    mean: r.mean === null ? null : Math.round(Number(r.mean) * 100) / 100,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Filtered exports (gongkai export --agency/--region/--year).

export interface ExportFilter {
  agency?: string;
  year?: number;
  /** A fragment of the agency's name or its region (its own, else its site's). */
  region?: string;
}

/** The rows of one exportable view (every one has agency and year), filtered, in the view's canonical order. */
export async function readViewFiltered(
  db: Db,
  view: ExportableView,
  f: ExportFilter,
): Promise<Record<string, unknown>[]> {
  if (!isExportableView(view)) throw new Error(`unknown view ${view}`);
  const table = view; // an identifier from the closed list above, never user text
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM ${table} v
      WHERE ($1::text IS NULL OR v.agency = $1) AND ($2::int IS NULL OR v.year = $2)
        AND ($3::text IS NULL OR v.agency IN (
              SELECT a.name FROM agencies a LEFT JOIN sites s ON s.id = a.site_id
               WHERE strpos(a.name, $3) > 0 OR strpos(coalesce(a.region, s.region, ''), $3) > 0))`,
    [f.agency ?? null, f.year ?? null, f.region ?? null],
  );
  const order = (r: Record<string, unknown>) => Number(r.key_order ?? 0);
  rows.sort(
    (a, b) =>
      String(a.agency).localeCompare(String(b.agency)) || Number(a.year) - Number(b.year) || order(a) - order(b),
  );
  return rows.map(({ key_order: _k, ...rest }) => {
    if (rest.published_date instanceof Date) rest.published_date = rest.published_date.toISOString().slice(0, 10);
    return rest;
  });
}
