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

/** A 429/503's Retry-After puts a job back this many times without spending an attempt; after that the answer is an
 *  ordinary failed attempt (with the backoff), so a site that always says "later" still ends. */
export const RETRY_AFTER_PUT_BACKS = 5;
/** Longest Retry-After honoured; a longer one waits this long. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** How long a job waits for a Retry-After, or undefined when it has had its put-backs (or there is none). */
export function retryAfterDelay(retryAfterMs: number | undefined, putBacks: number | undefined): number | undefined {
  if (retryAfterMs === undefined || (putBacks ?? 0) >= RETRY_AFTER_PUT_BACKS) return undefined;
  return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
}

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
