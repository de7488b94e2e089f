// Typed failure codes: every failure a run records carries one, so `gongkai runs` and the explorer can count them.
import type { FetchResult } from '../crawlers/fetch/types.js';

export const FAILURE_CODES = [
  'unreachable', // connection refused, reset, DNS failure: the host did not answer at all
  'timeout', // connected, but no (complete) answer in time
  'http_4xx',
  'http_5xx',
  'robots_disallowed', // not a failure: recorded as skipped
  'out_of_scope', // a URL outside the site's hosts
  'forbidden_address', // resolves to a private/loopback address
  'bad_url',
  'bad_redirect', // a redirect loop, or too many redirects
  'too_large',
  'render_failed', // a JavaScript-only listing the browser could not render (or no browser)
  'listing_unreadable', // the spider could not read a listing page
  'parse_failed', // a document that is not a readable report
  'not_loaded', // parsed, but the store refused it (no agency, no year …)
  'worker_lost', // the run's jobs are gone (its worker died and the job was dropped)
  'internal',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export interface RunError {
  code: FailureCode;
  url?: string;
  message: string;
}

/** Failures that say the site itself cannot be reached (as opposed to one page being bad). */
export function isUnreachable(code: FailureCode): boolean {
  return code === 'unreachable' || code === 'timeout';
}

/** The code of a fetch that did not succeed. The reasons are the fetcher's own one-line prefixes. */
export function fetchFailureCode(res: Extract<FetchResult, { status: 'blocked' | 'error' }>): FailureCode {
  const reason = res.reason;
  if (res.status === 'blocked') {
    if (/robots\.txt disallows/.test(reason)) return 'robots_disallowed';
    if (/^out of scope|outside the site/.test(reason)) return 'out_of_scope';
    if (/^not a URL|^unsupported scheme/.test(reason)) return 'bad_url';
    return 'forbidden_address';
  }
  if (res.httpStatus !== undefined && res.httpStatus >= 300 && res.httpStatus < 400) return 'bad_redirect';
  if (res.httpStatus !== undefined) return res.httpStatus >= 500 ? 'http_5xx' : 'http_4xx';
  // robots.txt could not be read: the reason it gives is the site's.
  const inner = reason.replace(/^robots\.txt unavailable:?\s*/, '');
  const robotsHttp = /^\(HTTP (\d{3})\)/.exec(inner);
  if (robotsHttp) return Number(robotsHttp[1]) >= 500 ? 'http_5xx' : 'http_4xx';
  if (/^timeout/.test(inner)) return 'timeout';
  if (/^too large/.test(inner)) return 'too_large';
  if (/^network:/.test(inner)) return 'unreachable';
  if (/^refused:/.test(inner)) return 'forbidden_address';
  return 'internal';
}

/** One line for logs, failed-job reasons and the run's error text: `[code] url: message`. */
export function formatRunError(e: RunError): string {
  return `[${e.code}] ${e.url ? `${e.url}: ` : ''}${e.message}`;
}

/** Back from `formatRunError` (a failed job's reason); anything else is an internal failure. */
export function parseRunError(line: string): RunError {
  const m = /^\[([a-z0-9_]+)\] (?:(\S+:\/\/\S*): )?([\s\S]*)$/.exec(line);
  if (m && (FAILURE_CODES as readonly string[]).includes(m[1]))
    return { code: m[1] as FailureCode, ...(m[2] ? { url: m[2] } : {}), message: m[3] };
  // BullMQ's own reason for a job whose worker died under it more often than maxStalledCount allows.
  if (/stalled more than allowable limit/.test(line)) return { code: 'worker_lost', message: line };
  return { code: 'internal', message: line };
}

/** An error a job throws so that the queue retries it (or fails it for good), with its code. */
export class RunFailure extends Error {
  constructor(readonly failure: RunError) {
    super(formatRunError(failure));
  }
}
