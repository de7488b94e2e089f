// Crawl runs: live progress as jobs happen, how each run ended, and reading them back for `gongkai runs` and the demo.
import type { Db } from './db.js';
import type { CrawlCounters } from './store.js';

/** What one job adds to its run as it happens. */
export interface RunProgress extends Partial<CrawlCounters> {
  skipped?: number;
  retries?: number;
  /** The latest failure, one line. */
  lastError?: string | null;
}

export interface RunErrorRow {
  code: string;
  url?: string;
  message: string;
}

/** How a run ended. */
export interface RunEnd {
  status: 'completed' | 'failed';
  /** A failure code when the run failed (e.g. 'unreachable'). */
  reason?: string | null;
  skipped?: number;
  /** The first failures, typed; their count per code covers all of them. */
  errors?: RunErrorRow[];
  failureCounts?: Record<string, number>;
  lastError?: string | null;
}

export interface CrawlRunRow extends CrawlCounters {
  id: number;
  siteId: string;
  trigger: string;
  status: 'running' | 'completed' | 'failed';
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** When a job last reported progress. */
  updatedAt: string;
  durationMs: number | null;
  skipped: number;
  retries: number;
  lastError: string | null;
  error: string | null;
  errors: RunErrorRow[];
  failureCounts: Record<string, number>;
  /** A finished run that found no report and was not simply unchanged: the crawler may have lost the site. */
  warning: string | null;
}

export async function recordRunProgress(db: Db, runId: number, p: RunProgress): Promise<void> {
  await db.query(
    `UPDATE crawl_runs SET requests = requests + $2, not_modified = not_modified + $3,
            new_documents = new_documents + $4, new_revisions = new_revisions + $5, failures = failures + $6,
            reports_found = reports_found + $7, skipped = skipped + $8, retries = retries + $9,
            last_error = COALESCE($10, last_error), updated_at = now()
      WHERE id = $1 AND status = 'running'`,
    [
      runId,
      p.requests ?? 0,
      p.notModified ?? 0,
      p.newDocuments ?? 0,
      p.newRevisions ?? 0,
      p.failures ?? 0,
      p.reportsFound ?? 0,
      p.skipped ?? 0,
      p.retries ?? 0,
      p.lastError ?? null,
    ],
  );
}

/** The run's final counters (the sum of its jobs' results) replace the live ones; retries stay as counted live. */
export async function endCrawlRun(
  db: Db,
  runId: number,
  c: CrawlCounters,
  error: string | null,
  end: RunEnd,
): Promise<void> {
  const rows = await db.query<{ id: number }>(
    `UPDATE crawl_runs SET finished_at = now(), updated_at = now(), requests = $2, not_modified = $3,
            new_documents = $4, new_revisions = $5, failures = $6, reports_found = $7, error = $8, status = $9,
            reason = $10, skipped = COALESCE($11, skipped), errors = $12::jsonb, failure_counts = $13::jsonb,
            last_error = COALESCE($14, last_error)
      WHERE id = $1 RETURNING id`,
    [
      runId,
      c.requests,
      c.notModified,
      c.newDocuments,
      c.newRevisions,
      c.failures,
      c.reportsFound,
      error,
      end.status,
      end.reason ?? null,
      end.skipped ?? null,
      JSON.stringify(end.errors ?? []),
      JSON.stringify(end.failureCounts ?? {}),
      end.lastError ?? null,
    ],
  );
  if (rows.length === 0) throw new Error(`no crawl run ${runId}`);
}

/** Runs not finished yet, oldest first. */
export async function listRunningRuns(db: Db): Promise<CrawlRunRow[]> {
  return rowsOf(await db.query<Record<string, unknown>>(`${SELECT} WHERE status = 'running' ORDER BY id`));
}

/** Runs by id (a followed crawl's live progress). */
export async function crawlRunsById(db: Db, ids: number[]): Promise<CrawlRunRow[]> {
  if (ids.length === 0) return [];
  return rowsOf(await db.query<Record<string, unknown>>(`${SELECT} WHERE id = ANY($1::int[]) ORDER BY id`, [ids]));
}

export async function listCrawlRuns(db: Db, f: { siteId?: string; limit?: number } = {}): Promise<CrawlRunRow[]> {
  return rowsOf(
    await db.query<Record<string, unknown>>(
      `${SELECT} WHERE ($1::text IS NULL OR site_id = $1) ORDER BY id DESC LIMIT $2`,
      [f.siteId ?? null, f.limit ?? 50],
    ),
  );
}

const SELECT = `SELECT id, site_id, trigger, status, reason, started_at, finished_at, updated_at, requests, not_modified,
       new_documents, new_revisions, failures, reports_found, skipped, retries, last_error, error, errors,
       failure_counts
  FROM crawl_runs`;

function json<T>(v: unknown, empty: T): T {
  if (v === null || v === undefined) return empty;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function rowsOf(rows: Record<string, unknown>[]): CrawlRunRow[] {
  return rows.map((r) => {
    const started = new Date(String(r.started_at));
    const finished = r.finished_at ? new Date(String(r.finished_at)) : null;
    const run = {
      id: Number(r.id),
      siteId: String(r.site_id),
      trigger: String(r.trigger),
      status: String(r.status) as CrawlRunRow['status'],
      reason: (r.reason as string | null) ?? null,
      startedAt: started.toISOString(),
      finishedAt: finished ? finished.toISOString() : null,
      updatedAt: new Date(String(r.updated_at)).toISOString(),
      durationMs: finished ? finished.getTime() - started.getTime() : null,
      requests: Number(r.requests),
      notModified: Number(r.not_modified),
      newDocuments: Number(r.new_documents),
      newRevisions: Number(r.new_revisions),
      failures: Number(r.failures),
      reportsFound: Number(r.reports_found),
      skipped: Number(r.skipped),
      retries: Number(r.retries),
      lastError: (r.last_error as string | null) ?? null,
      error: (r.error as string | null) ?? null,
      errors: json<RunErrorRow[]>(r.errors, []),
      failureCounts: json<Record<string, number>>(r.failure_counts, {}),
    };
    const warning =
      finished && run.status === 'completed' && run.reportsFound === 0 && run.notModified === 0
        ? `site ${run.siteId} yielded no report: its listings may have moved or changed markup`
        : null;
    return { ...run, warning };
  });
}
