// The BullMQ workers of the three queues, wired to their processors, with graceful shutdown.
import type { Job, Worker } from 'bullmq';
import type { PipelineContext } from './context.js';
import { endRun, processDiscover } from './discover-job.js';
import { parseRunError } from './failures.js';
import { processFetch } from './fetch-job.js';
import { emptyCounters, type RunJob } from './jobs.js';
import type { QueueBackend } from './queue-backend.js';
import { QUEUES } from './queues.js';
import { RUN_WATCH_MS, watchRuns } from './watch-runs.js';

export interface Concurrency {
  discover: number;
  fetch: number;
}

export function defaultConcurrency(n = 4): Concurrency {
  // Discovery walks are sequential per site. Discovery and fetch jobs mostly wait (politeness, network), so one
  // process holds many at once; the CPU work of a fetch job (parsing) is bounded by the parser pool.
  return { discover: Math.max(2, n * 8), fetch: Math.max(2, n * 16) };
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** BullMQ's stalled-job settings: how soon a job held by a dead process (kill -9, OOM) is taken up again, and
 *  how often a job may stall before it fails. BullMQ defaults (30 s lock, 1 stall) when omitted. */
export interface StallOptions {
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
}

export function startWorkers(
  ctx: PipelineContext,
  backend: QueueBackend,
  concurrency: Concurrency,
  stall: StallOptions = {},
): RunningWorkers {
  // Embedded: pglite-socket hands a NOTIFY to the connection that sent it, not to the worker LISTENing for new jobs,
  // so idle workers poll briefly (drainDelay, seconds) instead of blocking for BullMQ's default 5 s.
  const poll = backend.kind === 'embedded' ? { drainDelay: 0.2 } : {};
  const base = { connection: backend.connection, prefix: backend.prefix, ...poll, ...stall };
  const workers: Worker[] = [
    new backend.Worker(QUEUES.discover, (job: Job, token?: string) => processDiscover(job, token, ctx), {
      ...base,
      concurrency: concurrency.discover,
    }),
    new backend.Worker(QUEUES.fetch, (job: Job, token?: string) => processFetch(job, token, ctx), {
      ...base,
      concurrency: concurrency.fetch,
    }),
  ];
  for (const w of workers) {
    w.on('error', (err) => ctx.log.error({ queue: w.name, err: err.message }, 'worker error'));
    w.on('failed', (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      const data = job.data as { siteId?: string; runId?: number; url?: string };
      ctx.log.warn(
        { queue: w.name, jobId: job.id, siteId: data.siteId, runId: data.runId, attempt: job.attemptsMade, final },
        err.message,
      );
      // A run whose own step failed for good still gets finished, failed, with the reason.
      if (final && w.name === QUEUES.discover && job.name === 'run') {
        const d = job.data as RunJob;
        const failure = parseRunError(err.message);
        const discovered = { ...emptyCounters(), ...d.discovered };
        const counters = { ...discovered, failures: discovered.failures + 1 };
        endRun(ctx, d.siteId, d.runId, counters, [...(d.errors ?? []), failure], failure.code).catch((e) =>
          ctx.log.error({ runId: d.runId, err: String(e) }, 'failed run not recorded'),
        );
      }
    });
  }
  // Now and every minute: running runs' progress in the logs; runs whose jobs are gone (a dead worker's, an emptied
  // queue's) finished as failed.
  const watch = () => watchRuns(ctx).catch((err) => ctx.log.warn({ err: String(err) }, 'run watch failed'));
  void watch();
  const watchTimer = setInterval(watch, RUN_WATCH_MS);
  watchTimer.unref();
  return {
    workers,
    // Worker.close() waits for the jobs in progress to finish (graceful), then releases the connection.
    close: async () => {
      clearInterval(watchTimer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** Close `close` once on SIGINT/SIGTERM (a second signal exits at once). */
export function onShutdown(close: () => Promise<void>, log: { info(msg: string): void }): void {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) process.exit(130);
    closing = true;
    log.info(`${signal}: finishing jobs in progress, then exiting (again to force)`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
