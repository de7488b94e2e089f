// The fetch queue's processor, one job per document: GET a report page or attachment (conditional when validators
// are stored), keep the bytes as a document, then read it and load the report (workers/read-document.ts).
// Retrying is the queue's alone: a failed attempt throws and BullMQ tries again with exponential backoff; a 429/503
// with Retry-After puts the job back that long (moveToDelayed, no attempt spent); what is not worth retrying (4xx,
// a redirect loop, too large) fails at once. The host's politeness slot also puts the job back without an attempt.
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { hostsOf } from '../config/registry.js';
import type { FetchResult } from '../crawlers/fetch/types.js';
import { hostOf, type PipelineContext, sleep } from './context.js';
import { fetchFailureCode, formatRunError, type RunError, RunFailure } from './failures.js';
import { addCounters, emptyCounters, type FetchJob, type JobResult } from './jobs.js';
import { retryAfterDelay } from './queues.js';
import { readDocument } from './read-document.js';
import { attemptFailed, progressOf, reportProgress } from './run-progress.js';

const IN_PROCESS_WAIT_MS = 3000;

async function putBack(job: Job, token: string | undefined, ms: number, counted = true): Promise<never> {
  if (counted) await job.updateData({ ...job.data, delays: (job.data.delays ?? 0) + 1 });
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/** The Retry-After of a 429/503 answer, when the queue should honour it (not a robots.txt or politeness wait). */
export function honouredRetryAfter(res: FetchResult): number | undefined {
  if (res.status !== 'error' || res.deferred || res.httpStatus === undefined) return undefined;
  return res.retryAfterMs;
}

/** Whether this attempt is the job's last. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

function merged(a: JobResult, b: JobResult): JobResult {
  const errors = [...(a.errors ?? []), ...(b.errors ?? [])];
  const skipped = (a.skipped ?? 0) + (b.skipped ?? 0);
  return {
    ...addCounters(addCounters(emptyCounters(), a), b),
    ...(skipped ? { skipped } : {}),
    ...(errors.length ? { errors } : {}),
  };
}

export async function processFetch(
  job: Job<FetchJob>,
  token: string | undefined,
  ctx: PipelineContext,
): Promise<JobResult> {
  const result = await fetchAndRead(job, token, ctx);
  await reportProgress(ctx, job.data.runId, progressOf(result));
  return result;
}

async function fetchAndRead(job: Job<FetchJob>, token: string | undefined, ctx: PipelineContext): Promise<JobResult> {
  const d = job.data;
  const site = ctx.site(d.siteId);
  if (!hostsOf(site).includes(hostOf(d.url))) {
    const message = `outside the site's hosts (${hostsOf(site).join(', ')}), not fetched`;
    return { failures: 1, errors: [{ code: 'out_of_scope', url: d.url, message }] };
  }
  const known = job.attemptsStarted <= 1 && d.validators !== undefined;
  const validators = d.mode === 'force' ? null : known ? d.validators! : await ctx.store.getValidators(d.url);
  // The host's politeness slot: short waits are slept through; long ones (Crawl-delay) free the worker slot.
  let res: FetchResult;
  for (;;) {
    res = await ctx.fetcher.fetch({
      url: d.url,
      siteId: d.siteId,
      validators: validators ?? undefined,
      politeness: 'defer',
    });
    if (res.status !== 'error' || !res.deferred) break;
    const wait = res.retryAfterMs ?? 1000;
    if (wait > IN_PROCESS_WAIT_MS) return putBack(job, token, wait, false);
    await sleep(wait);
  }
  const found = d.role === 'report' ? 1 : 0;
  const recordOnly = d.role === 'attachment' && !d.loadReport;
  switch (res.status) {
    case 'not_modified': {
      const fetched: JobResult = { requests: 1, notModified: 1, reportsFound: found };
      // An earlier attempt (its worker died between storing the bytes and loading the report) gets a 304 now for
      // bytes that may never have been read: read the stored document. A report already loaded loads 'unchanged'.
      if (job.attemptsStarted <= 1 || !validators || recordOnly) return fetched;
      const bytes = await ctx.store.documentBytes(validators.documentId);
      return merged(
        fetched,
        await readDocument(ctx, d, { documentId: validators.documentId, bytes, contentType: null }),
      );
    }
    case 'blocked': {
      const code = fetchFailureCode(res);
      if (code === 'robots_disallowed') {
        ctx.log.info({ siteId: d.siteId, runId: d.runId, url: d.url }, `skipped: ${res.reason}`);
        return { requests: 0, skipped: 1, reportsFound: 0 };
      }
      return { requests: 0, failures: 1, errors: [{ code, url: d.url, message: res.reason }] };
    }
    case 'error': {
      const failure: RunError = { code: fetchFailureCode(res), url: d.url, message: res.reason };
      const final = !res.retryable || isFinalAttempt(job);
      const log = { siteId: d.siteId, runId: d.runId, url: d.url, code: failure.code, attempt: job.attemptsMade + 1 };
      ctx.log.warn(log, res.reason);
      const retryAfter = retryAfterDelay(honouredRetryAfter(res), d.delays);
      if (retryAfter !== undefined) {
        ctx.log.info({ siteId: d.siteId, url: d.url, retryAfterMs: retryAfter }, 'Retry-After: job put back');
        await reportProgress(ctx, d.runId, { retries: 1, lastError: formatRunError(failure) });
        return putBack(job, token, retryAfter);
      }
      await reportProgress(ctx, d.runId, attemptFailed(failure, final));
      if (!res.retryable) throw new UnrecoverableError(new RunFailure(failure).message);
      throw new RunFailure(failure);
    }
    case 'ok': {
      const doc = await ctx.store.saveDocument({
        bytes: res.bytes,
        contentType: res.contentType,
        sourceUrl: res.url,
        fetchedAt: new Date(),
        etag: res.etag,
        lastModified: res.lastModified,
        siteId: d.siteId,
        parentDocumentId: d.parentDocumentId ?? null,
      });
      const fetched: JobResult = { requests: 1, newDocuments: doc.isNew ? 1 : 0, reportsFound: found };
      if (recordOnly) return fetched;
      return merged(
        fetched,
        await readDocument(ctx, d, { documentId: doc.documentId, bytes: res.bytes, contentType: res.contentType }),
      );
    }
  }
}
