// Live progress of a crawl run: every job adds what it did to its run's row as it happens (requests, reports,
// retries, the last error), so `crawl --wait`, `gongkai runs` and the logs show a run while it goes.
import type { RunProgress } from '../db/crawl-runs.js';
import type { PipelineContext } from './context.js';
import { formatRunError, type RunError } from './failures.js';
import type { JobResult } from './jobs.js';

/** Never fails the job: progress is a view, the run's final sum is what counts. */
export async function reportProgress(
  ctx: Pick<PipelineContext, 'store' | 'log'>,
  runId: number,
  p: RunProgress,
): Promise<void> {
  await ctx.store
    .recordRunProgress(runId, p)
    .catch((err) => ctx.log.debug({ runId, err: String(err) }, 'run progress not recorded'));
}

/** A job result as progress: its counters and its last error. */
export function progressOf(r: JobResult): RunProgress {
  const last = r.errors?.at(-1);
  return {
    requests: r.requests,
    notModified: r.notModified,
    newDocuments: r.newDocuments,
    newRevisions: r.newRevisions,
    failures: r.failures,
    reportsFound: r.reportsFound,
    skipped: r.skipped,
    lastError: last ? formatRunError(last) : null,
  };
}

/** The failure that made an attempt fail, as progress: a retry to come, or a failure for good. */
export function attemptFailed(e: RunError, final: boolean): RunProgress {
  return final ? { failures: 1, lastError: formatRunError(e) } : { retries: 1, lastError: formatRunError(e) };
}
