// Starting crawl runs: one crawl_runs row and one 'run' job per site.
import type { PipelineContext } from './context.js';
import { type CrawlMode, jobId, type RunJob } from './jobs.js';
import { runJobOptions } from './queues.js';

export interface QueuedRun {
  siteId: string;
  runId: number;
  jobId: string;
}

export async function enqueueRun(
  ctx: Pick<PipelineContext, 'store' | 'queues' | 'retry'>,
  siteId: string,
  mode: CrawlMode,
  trigger: string,
): Promise<QueuedRun> {
  const runId = await ctx.store.startCrawlRun(siteId, trigger);
  const id = jobId('run', siteId, runId);
  const data: RunJob = { siteId, runId, mode, step: 'discover' };
  await ctx.queues.discover.add('run', data, runJobOptions(id, ctx.retry));
  return { siteId, runId, jobId: id };
}
