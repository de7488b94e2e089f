// The fetch queue's processor, one job per document: GET a report page or attachment (conditional when validators
// are stored), keep the bytes as a document, then read it and load the report (workers/read-document.ts).
// Politeness and Retry-After put the job back (moveToDelayed) without using an attempt; 4xx is unrecoverable;
// other errors retry with exponential backoff.
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { hostsOf } from '../config/sites.js';
import { hostOf, type PipelineContext, sleep } from './context.js';
import { addCounters, emptyCounters, type FetchJob, type JobResult } from './jobs.js';
import { readDocument } from './read-document.js';

/** Beyond this many Retry-After put-backs a job goes through its normal attempts instead. */
const MAX_DELAYS = 50;

const IN_PROCESS_WAIT_MS = 3000;

async function putBack(job: Job<FetchJob>, token: string | undefined, ms: number, counted = true): Promise<never> {
  if (counted) await job.updateData({ ...job.data, delays: (job.data.delays ?? 0) + 1 });
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

function merged(a: JobResult, b: JobResult): JobResult {
  const errors = [...(a.errors ?? []), ...(b.errors ?? [])];
  return { ...addCounters(addCounters(emptyCounters(), a), b), ...(errors.length ? { errors } : {}) };
}

export async function processFetch(
  job: Job<FetchJob>,
  token: string | undefined,
  ctx: PipelineContext,
): Promise<JobResult> {
  const d = job.data;
  const site = ctx.site(d.siteId);
  if (!hostsOf(site).includes(hostOf(d.url))) {
    return { failures: 1, errors: [`${d.url}: outside the site's hosts (${hostsOf(site).join(', ')}), not fetched`] };
  }
  const known = job.attemptsStarted <= 1 && d.validators !== undefined;
  const validators = d.mode === 'force' ? null : known ? d.validators! : await ctx.store.getValidators(d.url);
  // The host's politeness slot: short waits are slept through; long ones (Crawl-delay) free the worker slot.
  let res: Awaited<ReturnType<typeof ctx.fetcher.fetch>>;
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
    case 'blocked':
      return { requests: 0, failures: 1, errors: [`${d.url}: ${res.reason}`] };
    case 'error': {
      const reason = `${d.url}: ${res.reason}`;
      if (!res.retryable) throw new UnrecoverableError(reason);
      if (res.retryAfterMs !== undefined && (d.delays ?? 0) < MAX_DELAYS) {
        ctx.log.info({ url: d.url, retryAfterMs: res.retryAfterMs }, 'Retry-After: job put back');
        return putBack(job, token, res.retryAfterMs);
      }
      throw new Error(reason);
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
