// Reading crawl runs back for `gongkai runs` and the demo.
import type { Db } from './db.js';
import type { CrawlCounters } from './store.js';

export interface CrawlRunRow extends CrawlCounters {
  id: number;
  siteId: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /** A finished run that found no report and was not simply unchanged: the crawler may have lost the site. */
  warning: string | null;
}

export async function listCrawlRuns(db: Db, f: { siteId?: string; limit?: number } = {}): Promise<CrawlRunRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, site_id, trigger, started_at, finished_at, requests, not_modified, new_documents, new_revisions,
            failures, reports_found, error
       FROM crawl_runs WHERE ($1::text IS NULL OR site_id = $1) ORDER BY id DESC LIMIT $2`,
    [f.siteId ?? null, f.limit ?? 50],
  );
  return rows.map((r) => {
    const started = new Date(String(r.started_at));
    const finished = r.finished_at ? new Date(String(r.finished_at)) : null;
    const run = {
      id: Number(r.id),
      siteId: String(r.site_id),
      trigger: String(r.trigger),
      startedAt: started.toISOString(),
      finishedAt: finished ? finished.toISOString() : null,
      durationMs: finished ? finished.getTime() - started.getTime() : null,
      requests: Number(r.requests),
      notModified: Number(r.not_modified),
      newDocuments: Number(r.new_documents),
      newRevisions: Number(r.new_revisions),
      failures: Number(r.failures),
      reportsFound: Number(r.reports_found),
      error: (r.error as string | null) ?? null,
    };
    const warning =
      finished && run.reportsFound === 0 && run.notModified === 0
        ? `site ${run.siteId} yielded no report: its listings may have moved or changed markup`
        : null;
    return { ...run, warning };
  });
}
