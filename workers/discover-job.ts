// The discover queue's processor. 'run': discovery, then wait for the run's fetch children (BullMQ's
// step-job pattern: moveToWaitingChildren), then sum their counters into the crawl run. 'schedule': the nightly
// tick, one run per site.
import { type Job, WaitingChildrenError } from 'bullmq';
import type { CrawlCounters } from '../db/store.js';
import type { PipelineContext } from './context.js';
import { enqueueRun } from './enqueue.js';
import { addCounters, emptyCounters, type JobResult, type RunJob, type ScheduleJob } from './jobs.js';
import { discover } from './walk-listings.js';

export interface RunSummary extends CrawlCounters {
  siteId: string;
  runId: number;
  errors: string[];
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
    const found = await discover(job, ctx);
    ctx.log.info(
      { siteId, runId, queued: found.queued, unchanged: found.unchanged },
      found.unchanged ? 'site unchanged since last crawl' : 'listings walked',
    );
    await job.updateData({ ...job.data, step: 'wait', discovered: found.counters, errors: found.errors });
  }
  // Asked on every pass, not only right after discovery: a run job taken up again after its worker died (stalled)
  // is already in step 'wait' while children may still be pending; summing then would finish the run early.
  if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
  // All children are done: sum what they report, and what failed for good.
  const counters = addCounters(emptyCounters(), job.data.discovered ?? {});
  const errors = [...(job.data.errors ?? [])];
  const values = ((await job.getChildrenValues()) ?? {}) as Record<string, JobResult>;
  for (const v of Object.values(values)) {
    addCounters(counters, v);
    errors.push(...(v.errors ?? []));
  }
  const failed = (await job.getIgnoredChildrenFailures()) ?? {};
  for (const reason of Object.values(failed)) {
    counters.failures++;
    errors.push(String(reason));
  }
  const error = errors.length
    ? errors.slice(0, MAX_ERRORS_RECORDED).join('\n') +
      (errors.length > MAX_ERRORS_RECORDED ? `\n… and ${errors.length - MAX_ERRORS_RECORDED} more` : '')
    : undefined;
  await ctx.store.finishCrawlRun(runId, counters, error);
  ctx.log.info({ siteId, runId, ...counters }, 'crawl run finished');
  return { siteId, runId, ...counters, errors };
}
