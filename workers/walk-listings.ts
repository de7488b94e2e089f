// The discovery step of a crawl run: walk a site's listings with its spider, queue a fetch job per report page.
// Retrying is the queue's: when a listing request fails and the run job has attempts left, the walk is saved in
// the job's data and the attempt fails, so BullMQ tries again after its backoff (or after a 429/503's Retry-After)
// and the walk goes on from that request. On the last attempt the failure is recorded and the walk goes on; when
// the walk ends without any request having reached the site, the site is unreachable and the run fails.
import { DelayedError, type Job } from 'bullmq';
import { hostsOf } from '../config/registry.js';
import type { FetchResult } from '../crawlers/fetch/types.js';
import { spiderFor } from '../crawlers/spider.js';
import type { CrawlRequest, ReportLink } from '../crawlers/types.js';
import type { CrawlCounters, Validators } from '../db/store.js';
import { decodeText } from '../parsers/frontends/decode.js';
import { hostOf, type PipelineContext } from './context.js';
import { fetchFailureCode, formatRunError, isUnreachable, type RunError, RunFailure } from './failures.js';
import { honouredRetryAfter, isFinalAttempt } from './fetch-job.js';
import { emptyCounters, type FetchJob, jobId, type RunJob, type WalkState } from './jobs.js';
import { childJobOptions, retryAfterDelay } from './queues.js';
import { reportProgress } from './run-progress.js';

export interface DiscoveryResult {
  counters: CrawlCounters & { skipped: number };
  errors: RunError[];
  /** Fetch jobs queued (0 when the sentinel said the site is unchanged or nothing was found). */
  queued: number;
  unchanged: boolean;
  /** Set when no request of the walk reached the site (the last failure was unreachable/timeout): the run fails. */
  unreachable?: RunError;
}

/** One key per page whatever URL leads to it: NFCMS serves the same post under its column and under gkmlpt. */
export function pageKey(url: string): string {
  const u = new URL(url);
  const post = /\/m?post_(\d+)\.html$/.exec(u.pathname);
  if (post) return `${u.host.replace(/^www\./, '')}#post_${post[1]}`;
  return `${u.host.replace(/^www\./, '')}${u.pathname.replace(/\/index\.s?html?$/, '/')}${u.search}`;
}

type Fetched =
  | {
      ok: true;
      text: string;
      finalUrl?: string;
      bytes?: Uint8Array;
      meta?: { contentType: string | null; etag: string | null; lastModified: string | null };
    }
  | { ok: false; notModified: true }
  | { ok: false; skipped: string }
  | { ok: false; error: RunError; retryable: boolean; retryAfterMs?: number };

export async function discover(
  job: Job<RunJob>,
  token: string | undefined,
  ctx: PipelineContext,
): Promise<DiscoveryResult> {
  const { siteId, runId, mode } = job.data;
  const site = ctx.site(siteId);
  const spider = spiderFor(site);
  const allowed = hostsOf(site);
  const saved = job.data.walk;
  const st: WalkState = saved ?? {
    queue: spider.start(),
    next: 0,
    visited: [],
    reports: [],
    queued: 0,
    counters: { ...emptyCounters(), skipped: 0 },
    errors: [],
    reached: false,
    savedAtAttempt: 0,
  };
  const visited = new Set(st.visited);
  const reports = new Set(st.reports);
  const counters = st.counters;
  // A run started before may have stored the sentinel and then stopped (its worker died) before queueing the
  // reports: its 304 / same bytes would wrongly say "unchanged", so a retry walks it all again — unless the attempt
  // before this one saved the walk at the sentinel itself (it failed to fetch it, so it stored nothing).
  const mayAskChanged =
    job.attemptsStarted <= 1 ||
    (saved !== undefined && saved.next === 0 && job.attemptsStarted === saved.savedAtAttempt + 1);
  let requestsReported = counters.requests;
  const progress = async (
    extra: { failures?: number; skipped?: number; lastError?: string; retries?: number } = {},
  ) => {
    await reportProgress(ctx, runId, { requests: counters.requests - requestsReported, ...extra });
    requestsReported = counters.requests;
  };
  const keep = async (delays = job.data.delays): Promise<void> => {
    const walk: WalkState = {
      ...st,
      visited: [...visited],
      reports: [...reports],
      savedAtAttempt: job.attemptsStarted,
    };
    await job.updateData({ ...job.data, walk, ...(delays ? { delays } : {}) });
  };

  async function get(
    req: CrawlRequest,
    validators?: { etag: string | null; lastModified: string | null },
    maxPages?: number,
  ): Promise<Fetched> {
    if (!allowed.includes(hostOf(req.url)))
      return {
        ok: false,
        retryable: false,
        error: { code: 'out_of_scope', url: req.url, message: "outside the site's hosts" },
      };
    if (req.kind === 'rendered') {
      if (!ctx.renderer)
        return {
          ok: false,
          retryable: false,
          error: {
            code: 'render_failed',
            url: req.url,
            message: `skipped, this listing needs JavaScript and ${ctx.rendererMissing ?? 'no browser is available'}`,
          },
        };
      let lastFailure: RunError | undefined;
      try {
        // Every request of the browser goes through the polite fetcher (scope, robots.txt, politeness, overrides).
        const pages = await ctx.renderer.render(req.url, {
          nextSelector: req.meta?.next ? String(req.meta.next) : undefined,
          maxPages,
          fetch: async (r) => {
            counters.requests++;
            const res = await ctx.fetcher.fetch({
              url: r.url,
              siteId,
              method: r.method,
              body: r.body,
              headers: r.headers,
            });
            if (res.status === 'error' || res.status === 'blocked')
              lastFailure = { code: fetchFailureCode(res), url: r.url, message: res.reason };
            return res;
          },
        });
        // The first page's DOM stands for the listing when a nightly run asks whether it changed.
        return {
          ok: true,
          text: pages.join('\n'),
          bytes: new TextEncoder().encode(pages[0]),
          meta: { contentType: 'text/html; charset=utf-8', etag: null, lastModified: null },
        };
      } catch (err) {
        // The browser could not reach the site: the same failure as a plain request's, retried the same way.
        if (lastFailure && isUnreachable(lastFailure.code)) return { ok: false, retryable: true, error: lastFailure };
        const message = `rendering failed: ${(err as Error).message.split('\n')[0]}`;
        return { ok: false, retryable: false, error: { code: 'render_failed', url: req.url, message } };
      }
    }
    counters.requests++;
    const res: FetchResult = await ctx.fetcher.fetch({ url: req.url, siteId, validators: validators ?? undefined });
    if (res.status === 'ok')
      return {
        ok: true,
        text: decodeText(res.bytes, res.contentType ?? undefined),
        bytes: res.bytes,
        finalUrl: res.url,
        meta: { contentType: res.contentType, etag: res.etag, lastModified: res.lastModified },
      };
    if (res.status === 'not_modified') return { ok: false, notModified: true };
    const error: RunError = { code: fetchFailureCode(res), url: req.url, message: res.reason };
    if (res.status === 'blocked') {
      counters.requests--; // nothing was sent
      return error.code === 'robots_disallowed'
        ? { ok: false, skipped: res.reason }
        : { ok: false, retryable: false, error };
    }
    return { ok: false, error, retryable: res.retryable, retryAfterMs: honouredRetryAfter(res) };
  }

  for (; st.next < st.queue.length; st.next++) {
    const req = st.queue[st.next];
    const key = `${req.handler}|${pageKey(req.url)}`;
    if (visited.has(key)) continue;
    const isSentinel = st.next === 0;
    const nightlyCheck = isSentinel && mode === 'nightly' && mayAskChanged;
    const validators = nightlyCheck && req.kind !== 'rendered' ? await ctx.store.getValidators(req.url) : null;
    // A rendered sentinel cannot be asked "changed since?": render its first page only and compare the content.
    let res = await get(req, validators ?? undefined, nightlyCheck && req.kind === 'rendered' ? 1 : undefined);
    if (!res.ok && 'notModified' in res && isSentinel) {
      counters.notModified++;
      await progress();
      return { counters, errors: st.errors, queued: 0, unchanged: true };
    }
    if (res.ok && isSentinel && res.bytes && res.meta) {
      // Keep the sentinel page (and its validators) so the next nightly run can ask "changed since?"; a server
      // without validators (or a rendered page) is unchanged when the very same bytes are already stored.
      const saved = await ctx.store.saveDocument({
        bytes: res.bytes,
        contentType: res.meta.contentType,
        sourceUrl: req.url,
        fetchedAt: new Date(),
        etag: res.meta.etag,
        lastModified: res.meta.lastModified,
        siteId,
      });
      await ctx.store.markListing(saved.documentId);
      if (nightlyCheck && !saved.isNew) {
        counters.notModified++;
        await progress();
        return { counters, errors: st.errors, queued: 0, unchanged: true };
      }
      if (nightlyCheck && req.kind === 'rendered') res = await get(req); // changed: now every page of the pager
    }
    if (!res.ok) {
      if ('skipped' in res) {
        visited.add(key);
        counters.skipped++;
        ctx.log.info({ siteId, runId, url: req.url }, `skipped: ${res.skipped}`);
        await progress({ skipped: 1 });
        continue;
      }
      if ('notModified' in res) {
        visited.add(key); // a 304 for a page asked without validators: nothing to read
        continue;
      }
      const { error } = res;
      const line = formatRunError(error);
      const log = { siteId, runId, url: req.url, code: error.code, attempt: job.attemptsMade + 1 };
      if (res.retryable) {
        ctx.log.warn(log, error.message);
        const retryAfter = retryAfterDelay(res.retryAfterMs, job.data.delays);
        if (retryAfter !== undefined) {
          // A 429/503 with Retry-After: the walk waits that long, without spending an attempt.
          await keep((job.data.delays ?? 0) + 1);
          await progress({ retries: 1, lastError: line });
          await job.moveToDelayed(Date.now() + retryAfter, token);
          throw new DelayedError();
        }
        if (!isFinalAttempt(job)) {
          await keep();
          await progress({ retries: 1, lastError: line });
          throw new RunFailure(error);
        }
      } else ctx.log.warn(log, error.message);
      visited.add(key);
      counters.failures++;
      st.errors.push(error);
      await progress({ failures: 1, lastError: line });
      continue;
    }
    visited.add(key);
    st.reached = true;
    let outputs: ReturnType<typeof spider.parse>;
    try {
      // Links resolve against where the page really was (after redirects).
      outputs = spider.parse(req, { url: res.finalUrl ?? req.url, text: res.text });
    } catch (err) {
      const error: RunError = {
        code: 'listing_unreadable',
        url: req.url,
        message: (err as Error).message.split('\n')[0],
      };
      counters.failures++;
      st.errors.push(error);
      await progress({ failures: 1, lastError: formatRunError(error) });
      continue;
    }
    const found: ReportLink[] = [];
    for (const o of outputs) {
      if (o.type === 'request') {
        st.queue.push(o.request);
        continue;
      }
      const rk = pageKey(o.report.url);
      if (reports.has(rk)) continue;
      reports.add(rk);
      found.push(o.report);
    }
    st.queued += await queueReports(ctx, job, found);
    await progress();
  }
  // Nothing of the site answered, and it did not answer for want of a network path: the site is unreachable.
  const lastError = st.errors.at(-1);
  if (!st.reached && lastError && isUnreachable(lastError.code))
    return { counters, errors: st.errors, queued: 0, unchanged: false, unreachable: lastError };
  return { counters, errors: st.errors, queued: st.queued, unchanged: false };
}

/** One fetch job per report of a listing page, with the validators stored for its URL: one query and one
 *  round trip to the queue for the whole page. */
async function queueReports(ctx: PipelineContext, job: Job<RunJob>, found: ReportLink[]): Promise<number> {
  if (found.length === 0) return 0;
  const { siteId, runId, mode } = job.data;
  const validators =
    mode === 'force' ? new Map<string, Validators>() : await ctx.store.validatorsFor(found.map((r) => r.url));
  const parent = { id: job.id!, queue: job.queueQualifiedName };
  await ctx.queues.fetch.addBulk(
    found.map((r) => {
      const data: FetchJob = {
        siteId,
        runId,
        mode,
        url: r.url,
        role: 'report',
        title: r.title,
        year: r.year ?? null,
        date: r.date ?? null,
        attachments: r.attachments,
        validators: validators.get(r.url) ?? null,
        parent,
      };
      return { name: 'report', data, opts: childJobOptions(jobId('fetch', runId, r.url), parent, ctx.retry) };
    }),
  );
  return found.length;
}
