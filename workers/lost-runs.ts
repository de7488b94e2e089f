// A run can never stay "running" after its jobs are gone. A run job taken from a dead worker is taken up again by
// BullMQ (stalled-job check) and the run resumes; a run whose job no longer exists, or failed for good without the
// run being ended (its worker died in the failure handler), is finished here as failed: worker_lost.
import type { PipelineContext } from './context.js';
import { endRun } from './discover-job.js';
import { jobId } from './jobs.js';

/** A run is looked at only when it has not reported progress for this long (a run just queued has no job yet). */
export const LOST_RUN_QUIET_MS = 60_000;

export async function finishLostRuns(
  ctx: Pick<PipelineContext, 'store' | 'queues' | 'log'>,
  quietMs = LOST_RUN_QUIET_MS,
): Promise<number[]> {
  const lost: number[] = [];
  for (const run of await ctx.store.quietRunningRuns(quietMs)) {
    const job = await ctx.queues.discover.getJob(jobId('run', run.siteId, run.id));
    const state = job ? await job.getState() : 'missing';
    const gone =
      state === 'missing' ||
      state === 'unknown' ||
      (state === 'failed' && job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1));
    if (!gone) continue;
    const message =
      state === 'failed'
        ? `the run's job failed for good: ${job?.failedReason ?? 'no reason'}`
        : "the run's job is gone (its worker died and the job was removed, or the queue was emptied)";
    ctx.log.warn({ siteId: run.siteId, runId: run.id, state }, `lost crawl run finished as failed: ${message}`);
    const { requests, notModified, newDocuments, newRevisions, failures, reportsFound, skipped } = run;
    const counters = {
      requests,
      notModified,
      newDocuments,
      newRevisions,
      failures: failures + 1,
      reportsFound,
      skipped,
    };
    await endRun(ctx, run.siteId, run.id, counters, [{ code: 'worker_lost', message }], 'worker_lost');
    lost.push(run.id);
  }
  return lost;
}
