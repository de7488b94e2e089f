// Failed jobs of the pipeline's queues — list, count, retry, clean — through BullMQ's own Queue API, so the same
// code serves Redis and BullMQ's PostgreSQL backend (embedded or not). `gongkai jobs` is its command line.
import type { Job, JobType, Queue } from 'bullmq';
import type { QueueBackend } from './queue-backend.js';
import { QUEUES } from './queues.js';

/** The states `gongkai jobs` counts; 'waiting-children' is where a crawl run waits for its fetch jobs. */
export const COUNTED_STATES = [
  'waiting',
  'active',
  'delayed',
  'waiting-children',
  'failed',
] as const satisfies readonly JobType[];
export type CountedState = (typeof COUNTED_STATES)[number];

export type QueueCounts = { queue: string } & Record<CountedState, number>;

export interface FailedJob {
  queue: string;
  id: string;
  /** BullMQ job name ('run', 'schedule', 'fetch' …). */
  name: string;
  site: string | null;
  runId: number | null;
  url: string | null;
  attemptsMade: number;
  attempts: number;
  /** ISO time of the last failure. */
  failedAt: string | null;
  reason: string;
}

export interface RetryOutcome {
  retried: { queue: string; id: string }[];
  /** Jobs that could not be retried (taken up or removed meanwhile), with BullMQ's reason. */
  skipped: { queue: string; id: string; reason: string }[];
}

/** The queue names to open: all of QUEUES, or those named by key ('fetch') or by name ('gongkai-fetch'). */
export function selectQueues(only?: string[]): string[] {
  const all = Object.entries(QUEUES) as [string, string][];
  if (!only?.length) return all.map(([, name]) => name);
  return only.map((want) => {
    const hit = all.find(([key, name]) => want === key || want === name);
    if (!hit)
      throw new Error(`unknown queue "${want}" (known: ${all.map(([key, name]) => `${key} = ${name}`).join(', ')})`);
    return hit[1];
  });
}

const PAGE = 100;
const RESET_ATTEMPTS = { resetAttemptsMade: true, resetAttemptsStarted: true };

function describe(queue: string, job: Job): FailedJob {
  const data = (job.data ?? {}) as { siteId?: unknown; runId?: unknown; url?: unknown; sites?: unknown };
  const site = typeof data.siteId === 'string' ? data.siteId : Array.isArray(data.sites) ? data.sites.join(',') : null;
  return {
    queue,
    id: String(job.id),
    name: job.name,
    site,
    runId: typeof data.runId === 'number' ? data.runId : null,
    url: typeof data.url === 'string' ? data.url : null,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    reason: job.failedReason ?? '',
  };
}

export class FailedJobs {
  private constructor(private readonly queues: Queue[]) {}

  /** Opens the pipeline's queues (all, or `only`) on the backend the workers use. */
  static async open(backend: QueueBackend, only?: string[]): Promise<FailedJobs> {
    const queues = selectQueues(only).map(
      (name) => new backend.Queue(name, { connection: backend.connection, prefix: backend.prefix }) as Queue,
    );
    try {
      await Promise.all(queues.map((q) => q.waitUntilReady()));
    } catch (err) {
      await Promise.allSettled(queues.map((q) => q.close()));
      throw err;
    }
    return new FailedJobs(queues);
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      this.queues.map(async (q) => {
        const c = await q.getJobCounts(...COUNTED_STATES);
        const row = { queue: q.name } as QueueCounts;
        for (const s of COUNTED_STATES) row[s] = c[s] ?? 0;
        return row;
      }),
    );
  }

  /** The newest `limit` failed jobs of each queue, newest first. */
  async list(limit: number): Promise<FailedJob[]> {
    const perQueue = await Promise.all(
      this.queues.map(async (q) => (await q.getFailed(0, limit - 1)).filter(Boolean).map((j) => describe(q.name, j))),
    );
    return perQueue.flat();
  }

  /** Puts failed jobs back to waiting with their attempts reset: one job by id, or every failed job. */
  async retry(id?: string): Promise<RetryOutcome> {
    const out: RetryOutcome = { retried: [], skipped: [] };
    const targets: { queue: Queue; job: Job }[] = [];
    if (id !== undefined) {
      for (const q of this.queues) {
        const job = await q.getJob(id);
        if (job) targets.push({ queue: q, job });
      }
      if (targets.length === 0) throw new Error(`no job "${id}" in ${this.queues.map((q) => q.name).join(', ')}`);
      if (targets.length > 1)
        throw new Error(
          `job "${id}" is in several queues (${targets.map((t) => t.queue.name).join(', ')}); say which with --queue`,
        );
      const state = await targets[0].job.getState();
      if (state !== 'failed') throw new Error(`job "${id}" in ${targets[0].queue.name} is ${state}, not failed`);
    } else {
      // Take the list first: a retried job that fails again at once must not be retried twice in one call.
      for (const q of this.queues) {
        for (let start = 0; ; start += PAGE) {
          const page = (await q.getFailed(start, start + PAGE - 1)).filter(Boolean);
          for (const job of page) targets.push({ queue: q, job });
          if (page.length < PAGE) break;
        }
      }
    }
    for (const { queue, job } of targets) {
      try {
        await job.retry('failed', RESET_ATTEMPTS);
        out.retried.push({ queue: queue.name, id: String(job.id) });
      } catch (err) {
        out.skipped.push({ queue: queue.name, id: String(job.id), reason: (err as Error).message });
      }
    }
    return out;
  }

  /** Removes the failed jobs that failed more than `olderThanMs` ago; returns how many per queue. */
  async clean(olderThanMs: number): Promise<{ queue: string; removed: number }[]> {
    return Promise.all(
      this.queues.map(async (q) => ({ queue: q.name, removed: (await q.clean(olderThanMs, 0, 'failed')).length })),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.queues.map((q) => q.close()));
  }
}
