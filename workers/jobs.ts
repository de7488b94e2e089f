// Job payloads of the three queues and their deterministic ids.
import crypto from 'node:crypto';
import type { AttachmentLink, CrawlRequest } from '../crawlers/types.js';
import type { CrawlCounters, Validators } from '../db/store.js';
import type { RunError } from './failures.js';

/** How much of a site a run re-reads. nightly: stop when the sentinel listing page is unchanged (304);
 *  full: walk every listing, conditional GET for every report; force: refetch everything without validators. */
export type CrawlMode = 'nightly' | 'full' | 'force';

export interface ParentRef {
  id: string;
  queue: string;
}

/** discover queue, name 'run': one crawl run of one site (walks its listings, then waits for its children). */
export interface RunJob {
  siteId: string;
  runId: number;
  mode: CrawlMode;
  step?: 'discover' | 'wait';
  /** Counters and failures of the discovery step, kept for the final sum. */
  discovered?: Partial<CrawlCounters> & { skipped?: number };
  errors?: RunError[];
  /** Where an interrupted walk goes on from when the queue retries it. */
  walk?: WalkState;
  /** Times this job was put back for a Retry-After (not counted as attempts). */
  delays?: number;
}

/** A listing walk in progress, kept in the run job's data when an attempt fails, so that the queue's retry goes on
 *  from the request that failed instead of walking the site again. */
export interface WalkState {
  queue: CrawlRequest[];
  /** Index in `queue` of the next request. */
  next: number;
  visited: string[];
  reports: string[];
  queued: number;
  counters: CrawlCounters & { skipped: number };
  errors: RunError[];
  /** Whether any request reached the site (an unreachable site fails the run instead of walking on). */
  reached: boolean;
  /** attemptsStarted when the state was saved: the very next attempt may still ask the sentinel "changed?". */
  savedAtAttempt: number;
}

/** discover queue, name 'schedule': the nightly tick; fans out one run per site. */
export interface ScheduleJob {
  mode: CrawlMode;
  sites?: string[];
}

/** fetch queue: a report page or an attachment, fetched, stored, read and loaded in one job. */
export interface FetchJob {
  siteId: string;
  runId: number;
  mode: CrawlMode;
  url: string;
  role: 'report' | 'attachment';
  title?: string;
  year?: number | null;
  date?: string | null;
  /** What the store held for the URL when the job was queued (null: nothing; absent: look it up). A retried job
   *  looks again: its first attempt may have stored the bytes. */
  validators?: Validators | null;
  /** Attachments named by the listing (gkmlpt). */
  attachments?: AttachmentLink[];
  /** attachment: the report page's document. */
  parentDocumentId?: number;
  /** attachment: build the report from it (the page had no tables) — or only record it. */
  loadReport?: boolean;
  /** attachment: the next candidates if this one yields no report. */
  fallbacks?: string[];
  /** Times this job was put back for politeness or Retry-After (not counted as attempts). */
  delays?: number;
  parent: ParentRef;
}

/** What every child job returns: its share of the run's counters, and what failed. */
export interface JobResult extends Partial<CrawlCounters> {
  /** URLs not fetched on purpose (robots.txt disallows them): not failures. */
  skipped?: number;
  errors?: RunError[];
}

/** A job id that is the same whenever the same thing is queued for the same run (so a re-queued page is one job). */
export function jobId(kind: string, ...parts: (string | number)[]): string {
  const h = crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
  return `${kind}-${h}`;
}

export function emptyCounters(): CrawlCounters {
  return { requests: 0, notModified: 0, newDocuments: 0, newRevisions: 0, failures: 0, reportsFound: 0 };
}

export function addCounters(into: CrawlCounters, more: Partial<CrawlCounters>): CrawlCounters {
  for (const k of Object.keys(into) as (keyof CrawlCounters)[]) into[k] += more[k] ?? 0;
  return into;
}
