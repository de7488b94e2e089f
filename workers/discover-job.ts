// The discover queue's processor. 'run': discovery, then wait for the run's fetch children (BullMQ's
// step-job pattern: moveToWaitingChildren), then sum their counters into the crawl run. 'schedule': the nightly
// tick, one run per site.
import { type Job, WaitingChildrenError } from 'bullmq';
import type { CrawlCounters } from '../db/store.js';
import type { PipelineContext } from './context.js';
import { enqueueRun } from './enqueue.js';
import { type FailureCode, formatRunError, parseRunError, type RunError } from './failures.js';
import { addCounters, emptyCounters, type JobResult, type RunJob, type ScheduleJob } from './jobs.js';
import { discover } from './walk-listings.js';

export interface RunSummary extends CrawlCounters {
  siteId: string;
  runId: number;
  /** failed: the site could not be reached (reason 'unreachable'); completed: whatever its pages' failures. */
  status: 'completed' | 'failed';
  reason?: FailureCode;
  skipped: number;
  /** Every failure, one line each: `[code] url: message`. */
  errors: string[];
  failureCounts: Partial<Record<FailureCode, number>>;
}

const MAX_ERRORS_RECORDED = 20;

export async function processDiscover(job: Job, token: string | undefined, ctx: PipelineContext): Promise<unknown> {
  if (job.name === 'schedule') {
    const data = job.data as ScheduleJob;
    const ids = data.sites ?? ctx.siteIds();
    const runs = [];
    for (const siteId of ids) runs.push(await enqueueRun(ctx, siteId, data.mode, 'schedule'));
    return { runs };
  }
  return processRun(job as Job<RunJob>, token, ctx);
}

async function processRun(job: Job<RunJob>, token: string | undefined, ctx: PipelineContext): Promise<RunSummary> {
  const { siteId, runId } = job.data;
  if (job.data.step !== 'wait') {
    const found = await discover(job, token, ctx);
    if (found.unreachable) {
      // Nothing was queued: the run ends here, failed, with the last error.
      ctx.log.warn(
        { siteId, runId, url: found.unreachable.url, code: found.unreachable.code },
        `site unreachable: ${found.unreachable.message}`,
      );
      return endRun(ctx, siteId, runId, found.counters, found.errors, 'unreachable');
    }
    ctx.log.info(
      { siteId, runId, queued: found.queued, unchanged: found.unchanged },
      found.unchanged ? 'site unchanged since last crawl' : 'listings walked',
    );
    await job.updateData({
      ...job.data,
      step: 'wait',
      discovered: found.counters,
      errors: found.errors,
      walk: undefined,
    });
  }
  // Asked on every pass, not only right after discovery: a run job taken up again after its worker died (stalled)
  // is already in step 'wait' while children may still be pending; summing then would finish the run early.
  if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
  // All children are done: sum what they report, and what failed for good.
  const counters = addCounters(emptyCounters(), job.data.discovered ?? {});
  let skipped = job.data.discovered?.skipped ?? 0;
  const errors: RunError[] = [...(job.data.errors ?? [])];
  const values = ((await job.getChildrenValues()) ?? {}) as Record<string, JobResult>;
  for (const v of Object.values(values)) {
    addCounters(counters, v);
    skipped += v.skipped ?? 0;
    errors.push(...(v.errors ?? []));
  }
  const failed = (await job.getIgnoredChildrenFailures()) ?? {};
  for (const reason of Object.values(failed)) {
    counters.failures++;
    errors.push(parseRunError(String(reason)));
  }
  return endRun(ctx, siteId, runId, { ...counters, skipped }, errors);
}

/** Write how the run ended (typed failures, counted by code) and return its summary. */
export async function endRun(
  ctx: Pick<PipelineContext, 'store' | 'log'>,
  siteId: string,
  runId: number,
  counters: CrawlCounters & { skipped?: number },
  errors: RunError[],
  reason?: FailureCode,
): Promise<RunSummary> {
  const failureCounts: Partial<Record<FailureCode, number>> = {};
  for (const e of errors) failureCounts[e.code] = (failureCounts[e.code] ?? 0) + 1;
  const lines = errors.map(formatRunError);
  const text = lines.length
    ? lines.slice(0, MAX_ERRORS_RECORDED).join('\n') +
      (lines.length > MAX_ERRORS_RECORDED ? `\n… and ${lines.length - MAX_ERRORS_RECORDED} more` : '')
    : null;
  const { skipped = 0, ...sums } = counters;
  const status = reason ? 'failed' : 'completed';
  await ctx.store.endCrawlRun(runId, sums, text, {
    status,
    reason: reason ?? null,
    skipped,
    errors: errors.slice(0, MAX_ERRORS_RECORDED),
    failureCounts,
    lastError: lines.at(-1) ?? null,
  });
  ctx.log.info({ siteId, runId, status, reason, ...sums, skipped }, 'crawl run finished');
  return {
    siteId,
    runId,
    ...sums,
    status,
    ...(reason ? { reason } : {}),
    skipped,
    errors: lines,
    failureCounts,
  };
}
