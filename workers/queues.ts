// Queue names and job options (BullMQ's going-to-production checklist: bounded retention, attempts with
// exponential backoff, failed jobs kept with their reason).
import type { JobsOptions } from 'bullmq';

/** discover: crawl runs (listing walks) and the nightly tick; fetch: one job per document (fetch, store, parse, load). */
export const QUEUES = { discover: 'gongkai-discover', fetch: 'gongkai-fetch' } as const;

/** Completed jobs are dropped soon (their results already live in the parent run); failed ones are kept longer. */
const retention = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 5000 },
} satisfies JobsOptions;

export interface RetryPolicy {
  attempts: number;
  /** First backoff delay; doubles each attempt. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, backoffMs: 2000 };

export function childJobOptions(id: string, parent: { id: string; queue: string }, retry: RetryPolicy): JobsOptions {
  return {
    ...retention,
    jobId: id,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    parent,
    // A failed page must not block the run: the parent goes on and reads the failure with getIgnoredChildrenFailures.
    ignoreDependencyOnFailure: true,
  };
}

export function runJobOptions(id: string, retry: RetryPolicy): JobsOptions {
  return {
    ...retention,
    jobId: id,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
  };
}
