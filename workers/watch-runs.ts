// The run watch, once a minute in every worker process. It logs each running run's progress (requests, reports,
// retries, failures, the last error), and makes sure a run can never stay "running" after its jobs are gone: a run
// job taken from a dead worker is taken up again by BullMQ (stalled-job check) and the run resumes; a run whose job
// no longer exists, or failed for good without the run being ended (its worker died in the failure handler), is
// finished here as failed: worker_lost.
import type { CrawlRunRow } from '../db/crawl-runs.js';
import type { PipelineContext } from './context.js';
import { endRun } from './discover-job.js';
import { jobId } from './jobs.js';

/** How often the watch runs; a run is looked at for being lost only after this long without progress (a run just
 *  queued has no job yet). */
export const RUN_WATCH_MS = 60_000;

type WatchContext = Pick<PipelineContext, 'store' | 'queues' | 'log'>;

export async function watchRuns(ctx: WatchContext, quietMs = RUN_WATCH_MS): Promise<{ lost: number[] }> {
  const now = Date.now();
  const lost: number[] = [];
  for (const run of await ctx.store.runningRuns()) {
    const quiet = now - Date.parse(run.updatedAt);
    if (quiet < quietMs) {
      const { siteId, id: runId, requests, reportsFound, retries, failures, skipped, lastError } = run;
      ctx.log.info(
        { siteId, runId, requests, reportsFound, retries, failures, skipped, lastError },
        'crawl run progress',
      );
      continue;
    }
    if (await isLost(ctx, run)) lost.push(run.id);
  }
  return { lost };
}

/** The lost-run check alone (tests). */
export async function finishLostRuns(ctx: WatchContext, quietMs = RUN_WATCH_MS): Promise<number[]> {
  return (await watchRuns(ctx, quietMs)).lost;
}

async function isLost(ctx: WatchContext, run: CrawlRunRow): Promise<boolean> {
  const job = await ctx.queues.discover.getJob(jobId('run', run.siteId, run.id));
  const state = job ? await job.getState() : 'missing';
  const gone =
    state === 'missing' ||
    state === 'unknown' ||
    (state === 'failed' && job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1));
  if (!gone) return false;
  const message =
    state === 'failed'
      ? `the run's job failed for good: ${job?.failedReason ?? 'no reason'}`
      : "the run's job is gone (its worker died and the job was removed, or the queue was emptied)";
  ctx.log.warn({ siteId: run.siteId, runId: run.id, state }, `lost crawl run finished as failed: ${message}`);
  const { requests, notModified, newDocuments, newRevisions, failures, reportsFound, skipped } = run;
  const counters = { requests, notModified, newDocuments, newRevisions, failures: failures + 1, reportsFound, skipped };
  await endRun(ctx, run.siteId, run.id, counters, [{ code: 'worker_lost', message }], 'worker_lost');
  return true;
}
