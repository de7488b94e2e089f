// Loading one parse outcome: one transaction per report, idempotent, every change kept as a revision.
import type { ParseOutcome, Report } from '../parsers/types.js';
import type { Db, Queryable } from './db.js';
import { flattenCells, outputHash } from './flatten.js';
import type { LoadContext, LoadResult } from './store.js';

/** Known (table, row, column) keys, so that the common case skips the key upsert. */
export class CellKeyCache {
  private readonly known = new Set<string>();
  async prime(db: Queryable): Promise<void> {
    const rows = await db.query<{ table_name: string; row_key: string; col_key: string }>(
      'SELECT table_name, row_key, col_key FROM cell_keys',
    );
    for (const r of rows) this.known.add(`${r.table_name}\u0000${r.row_key}\u0000${r.col_key}`);
  }
  missing(tables: string[], rows: string[], cols: string[]): boolean {
    return tables.some((t, i) => !this.known.has(`${t}\u0000${rows[i]}\u0000${cols[i]}`));
  }
  add(tables: string[], rows: string[], cols: string[]): void {
    tables.forEach((t, i) => this.known.add(`${t}\u0000${rows[i]}\u0000${cols[i]}`));
  }
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function normalizeAgency(name: string | null | undefined): string | null {
  const n = (name ?? '').replace(/\s+/g, '').trim();
  return n.length > 0 ? n : null;
}

function isoDateOrNull(s: string | null | undefined): string | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

async function recordFailure(db: Db, documentId: number, ctx: LoadContext, code: string, reason: string): Promise<LoadResult> {
  await db.query(
    `INSERT INTO parse_failures (document_id, parser_version, code, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (document_id, parser_version) DO UPDATE SET code = EXCLUDED.code, reason = EXCLUDED.reason, failed_at = now()`,
    [documentId, ctx.parserVersion, code, reason],
  );
  return { status: 'failed', reason };
}

async function rememberHints(db: Queryable, documentId: number, ctx: LoadContext): Promise<void> {
  if (ctx.agencyHint === undefined && ctx.yearHint === undefined) return;
  await db.query(
    'UPDATE documents SET agency_hint = COALESCE($2, agency_hint), year_hint = COALESCE($3, year_hint) WHERE id = $1',
    [documentId, ctx.agencyHint ?? null, ctx.yearHint ?? null],
  );
}

export async function loadOutcome(
  db: Db,
  keys: CellKeyCache,
  documentId: number,
  outcome: ParseOutcome,
  ctx: LoadContext,
): Promise<LoadResult> {
  await rememberHints(db, documentId, ctx);
  if (!outcome.ok) return recordFailure(db, documentId, ctx, outcome.error.code, outcome.error.message);
  const report = outcome.report;
  const agency = normalizeAgency(report.agency) ?? normalizeAgency(ctx.agencyHint);
  if (!agency) {
    return recordFailure(db, documentId, ctx, 'no_agency', 'the document does not name its agency and no agency was given (--agency)');
  }
  const year = report.year ?? ctx.yearHint ?? null;
  if (year === null) {
    return recordFailure(db, documentId, ctx, 'no_year', 'the document does not give its year and no year was given (--year)');
  }
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    return recordFailure(db, documentId, ctx, 'no_year', `implausible report year ${year}`);
  }
  return storeReport(db, keys, documentId, { ...report, agency, year }, outcome.source, ctx);
}

async function storeReport(
  db: Db,
  keys: CellKeyCache,
  documentId: number,
  report: Report & { agency: string; year: number },
  sourceKind: string,
  ctx: LoadContext,
): Promise<LoadResult> {
  const hash = outputHash(report);
  const cells = flattenCells(report);
  const newKeys = keys.missing(cells.tables, cells.rows, cells.cols);
  const hasErrors = report.findings.some((f) => f.severity === 'error');
  const publishedDate = isoDateOrNull(report.publishedDate);

  const result = await db.transaction(async (tx): Promise<LoadResult> => {
    // Serialize loaders of the same agency+year (held until commit); other reports load in parallel.
    await tx.query('SELECT pg_advisory_xact_lock(7303, hashtext($1))', [`${report.agency}|${report.year}`]);
    if (ctx.siteId) await tx.query('INSERT INTO sites (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [ctx.siteId]);
    const [{ id: agencyId }] = await tx.query<{ id: number }>(
      `INSERT INTO agencies (name, site_id) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET site_id = COALESCE(agencies.site_id, EXCLUDED.site_id)
       RETURNING id`,
      [report.agency, ctx.siteId ?? null],
    );
    const existing = await tx.query<{ id: number; current_revision_id: number | null; current_hash: string | null; same_doc_revision: number | null }>(
      `SELECT r.id, r.current_revision_id, cur.output_hash AS current_hash,
              (SELECT max(o.id) FROM revisions o
                WHERE o.report_id = r.id AND o.document_id = $3 AND o.output_hash = $4) AS same_doc_revision
         FROM reports r LEFT JOIN revisions cur ON cur.id = r.current_revision_id
        WHERE r.agency_id = $1 AND r.year = $2`,
      [agencyId, report.year, documentId, hash],
    );
    let reportId: number;
    let isNewReport = false;
    if (existing.length > 0) {
      const e = existing[0];
      reportId = e.id;
      // Unchanged: the current output is this one, or this document already gave exactly this output (so a
      // page and its attachment that disagree do not flip the current revision on every reparse).
      if (e.current_hash === hash) return { status: 'unchanged', reportId, revisionId: e.current_revision_id ?? undefined };
      if (e.same_doc_revision !== null) {
        return { status: 'unchanged', reportId, revisionId: Number(e.same_doc_revision) };
      }
    } else {
      const [{ id }] = await tx.query<{ id: number }>(
        'INSERT INTO reports (agency_id, year) VALUES ($1, $2) RETURNING id',
        [agencyId, report.year],
      );
      reportId = id;
      isNewReport = true;
    }
    const [{ id: revisionId }] = await tx.query<{ id: number }>(
      `INSERT INTO revisions (report_id, document_id, parser_version, status, findings, output_hash, source_kind,
                              title, published_date, format, table_formats, source_url)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::date, $10, $11::jsonb, $12) RETURNING id`,
      [
        reportId, documentId, ctx.parserVersion, hasErrors ? 'has_errors' : 'ok', JSON.stringify(report.findings), hash,
        sourceKind, report.title, publishedDate, report.format, JSON.stringify(report.tableFormats ?? {}), ctx.sourceUrl,
      ],
    );
    if (newKeys) {
      await tx.query(
        `INSERT INTO cell_keys (table_name, row_key, col_key)
         SELECT DISTINCT t, r, c FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, r, c)
         ON CONFLICT (table_name, row_key, col_key) DO NOTHING`,
        [cells.tables, cells.rows, cells.cols],
      );
    }
    if (cells.tables.length > 0) {
      await tx.query(
        `INSERT INTO cells (revision_id, key_id, value, raw, inferred, blank, note)
         SELECT $1, k.id, u.value, u.raw, u.inferred, u.blank, u.note
           FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::boolean[], $8::boolean[], $9::text[])
                AS u(table_name, row_key, col_key, value, raw, inferred, blank, note)
           JOIN cell_keys k ON k.table_name = u.table_name AND k.row_key = u.row_key AND k.col_key = u.col_key`,
        [revisionId, cells.tables, cells.rows, cells.cols, cells.values, cells.raws, cells.inferred, cells.blanks, cells.notes],
      );
    }
    await tx.query(
      `UPDATE reports SET current_revision_id = $2, title = $3, source_url = $4, published_date = $5::date,
                          format = $6, updated_at = now()
        WHERE id = $1`,
      [reportId, revisionId, report.title, ctx.sourceUrl, publishedDate, report.format],
    );
    return { status: isNewReport ? 'new_report' : 'new_revision', reportId, revisionId };
  });
  if (newKeys) keys.add(cells.tables, cells.rows, cells.cols);
  return result;
}
