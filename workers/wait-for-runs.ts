// Following queued runs until they finish (the CLI's --wait, the demo, tests): polls the run jobs' states, which
// works the same on Redis and on the PostgreSQL backend.
import type { Queue } from 'bullmq';
import type { CrawlRunRow } from '../db/crawl-runs.js';
import type { RunSummary } from './discover-job.js';
import type { QueuedRun } from './enqueue.js';

export interface RunProgress {
  done: number;
  total: number;
  /** Jobs waiting, active or delayed in the fetch queue. */
  pending: number;
  /** Each run's live row (requests, reports, retries, last error) when the caller can read the store. */
  runs?: CrawlRunRow[];
}

export async function waitForRuns(
  queues: { discover: Queue; fetch: Queue },
  runs: QueuedRun[],
  opts: {
    onProgress?: (p: RunProgress) => void;
    /** Reads the runs' rows for live progress. */
    readRuns?: (runIds: number[]) => Promise<CrawlRunRow[]>;
    timeoutMs?: number;
    pollMs?: number;
  } = {},
): Promise<(RunSummary | { siteId: string; runId: number; failed: string })[]> {
  const results = new Map<string, RunSummary | { siteId: string; runId: number; failed: string }>();
  const deadline = Date.now() + (opts.timeoutMs ?? 6 * 3600_000);
  while (results.size < runs.length) {
    for (const run of runs) {
      if (results.has(run.jobId)) continue;
      const job = await queues.discover.getJob(run.jobId);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed') {
        const done = await queues.discover.getJob(run.jobId); // re-read: it may have finished after the first read
        results.set(
          run.jobId,
          (done?.returnvalue ?? {
            siteId: run.siteId,
            runId: run.runId,
            failed: 'finished without a summary',
          }) as RunSummary,
        );
      } else if (state === 'failed' && job!.attemptsMade >= (job!.opts.attempts ?? 1)) {
        results.set(run.jobId, { siteId: run.siteId, runId: run.runId, failed: job!.failedReason });
      } else if (state === 'unknown')
        results.set(run.jobId, { siteId: run.siteId, runId: run.runId, failed: 'run job disappeared' });
    }
    if (opts.onProgress) {
      const counts = await queues.fetch.getJobCounts('waiting', 'active', 'delayed');
      const pending = Object.values(counts).reduce((a, b) => a + b, 0);
      const rows = opts.readRuns ? await opts.readRuns(runs.map((r) => r.runId)).catch(() => undefined) : undefined;
      opts.onProgress({ done: results.size, total: runs.length, pending, runs: rows });
    }
    if (results.size >= runs.length) break;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${runs.length - results.size} crawl run(s)`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
  }
  return runs.map((r) => results.get(r.jobId)!);
}
