// Loading one parse outcome: one transaction per report, idempotent, every change kept as a revision.
import { agencyKey } from '../parsers/normalize/names.js';
import type { ParseOutcome, Report } from '../parsers/types.js';
import { boolArray, intArray, numericArray, textArray } from './array-literal.js';
import type { Db, Queryable } from './db.js';
import { flattenCells, outputHash } from './flatten.js';
import type { LoadContext, LoadResult } from './store.js';

/** The ids of the (table, row, column) keys, so that cells travel as small ids. Keys unknown so far (a parser
 *  that adds one) are inserted on first sight; cell_keys only ever grows. */
export class CellKeyCache {
  private readonly ids = new Map<string, number>();
  private static key(t: string, r: string, c: string): string {
    return `${t}\u0000${r}\u0000${c}`;
  }
  async prime(db: Queryable): Promise<void> {
    const rows = await db.query<{ id: number; table_name: string; row_key: string; col_key: string }>(
      'SELECT id, table_name, row_key, col_key FROM cell_keys',
    );
    for (const r of rows) this.ids.set(CellKeyCache.key(r.table_name, r.row_key, r.col_key), Number(r.id));
  }
  /** The id of every cell's key, in order, inserting the keys not seen before. */
  async resolve(db: Queryable, tables: string[], rows: string[], cols: string[]): Promise<number[]> {
    const keys = tables.map((t, i) => CellKeyCache.key(t, rows[i], cols[i]));
    if (keys.some((k) => !this.ids.has(k))) {
      await db.query(
        `INSERT INTO cell_keys (table_name, row_key, col_key)
         SELECT DISTINCT t, r, c FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, r, c)
         ON CONFLICT (table_name, row_key, col_key) DO NOTHING`,
        [tables, rows, cols],
      );
      await this.prime(db);
    }
    return keys.map((k) => {
      const id = this.ids.get(k);
      if (id === undefined) throw new Error(`cell key ${k.replace(/\u0000/g, '.')} is missing from cell_keys`);
      return id;
    });
  }
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/** Names key agencies in their normal form (parsers/normalize/names.ts): hints are normalised here too. */
const normalizeAgency = agencyKey;

function isoDateOrNull(s: string | null | undefined): string | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

// Every load and every failure is one statement (migrations 005/006), which also remembers the caller's hints on
// the document (kept for reparse).
async function recordFailure(
  db: Db,
  documentId: number,
  ctx: LoadContext,
  code: string,
  reason: string,
): Promise<LoadResult> {
  await db.query('SELECT gongkai_record_failure($1, $2, $3, $4, $5, $6)', [
    documentId,
    ctx.parserVersion,
    code,
    reason,
    ctx.agencyHint ?? null,
    ctx.yearHint ?? null,
  ]);
  return { status: 'failed', reason };
}

export async function loadOutcome(
  db: Db,
  keys: CellKeyCache,
  documentId: number,
  outcome: ParseOutcome,
  ctx: LoadContext,
): Promise<LoadResult> {
  if (!outcome.ok) return recordFailure(db, documentId, ctx, outcome.error.code, outcome.error.message);
  const report = outcome.report;
  const agency = normalizeAgency(report.agency) ?? normalizeAgency(ctx.agencyHint);
  if (!agency) {
    return recordFailure(
      db,
      documentId,
      ctx,
      'no_agency',
      'the document does not name its agency and no agency was given (--agency)',
    );
  }
  const year = report.year ?? ctx.yearHint ?? null;
  if (year === null) {
    return recordFailure(
      db,
      documentId,
      ctx,
      'no_year',
      'the document does not give its year and no year was given (--year)',
    );
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
  const cells = flattenCells(report);
  const keyIds = await keys.resolve(db, cells.tables, cells.rows, cells.cols);
  const hasErrors = report.findings.some((f) => f.severity === 'error');
  // One statement: the whole load runs in gongkai_load_report (migration 006) as one transaction.
  const [row] = await db.query<{ load_status: LoadResult['status']; report_id: number; revision_id: number }>(
    `SELECT * FROM gongkai_load_report($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::date, $12, $13::jsonb, $14,
                                       $15, $16::integer, $17::smallint[], $18::numeric[], $19::text[], $20::boolean[],
                                       $21::boolean[], $22::text[])`,
    [
      report.agency,
      report.year,
      ctx.siteId ?? null,
      documentId,
      ctx.parserVersion,
      hasErrors ? 'has_errors' : 'ok',
      JSON.stringify(report.findings),
      outputHash(report),
      sourceKind,
      report.title,
      isoDateOrNull(report.publishedDate),
      report.format,
      JSON.stringify(report.tableFormats ?? {}),
      ctx.sourceUrl,
      ctx.agencyHint ?? null,
      ctx.yearHint ?? null,
      intArray(keyIds),
      numericArray(cells.values),
      textArray(cells.raws),
      boolArray(cells.inferred),
      boolArray(cells.blanks),
      textArray(cells.notes),
    ],
  );
  return { status: row.load_status, reportId: Number(row.report_id), revisionId: Number(row.revision_id) };
}
