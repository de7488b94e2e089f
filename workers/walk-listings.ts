// The discovery step of a crawl run: walk a site's listings with its spider, queue a fetch job per report page.
import type { Job } from 'bullmq';
import { hostsOf } from '../config/sites.js';
import { spiderFor } from '../crawlers/spider.js';
import type { CrawlRequest, ReportLink } from '../crawlers/types.js';
import type { CrawlCounters, Validators } from '../db/store.js';
import { decodeText } from '../parsers/frontends/decode.js';
import { hostOf, type PipelineContext, sleep } from './context.js';
import { emptyCounters, type FetchJob, jobId, type RunJob } from './jobs.js';
import { childJobOptions } from './queues.js';

export interface DiscoveryResult {
  counters: CrawlCounters;
  errors: string[];
  /** Fetch jobs queued (0 when the sentinel said the site is unchanged or nothing was found). */
  queued: number;
  unchanged: boolean;
}

/** One key per page whatever URL leads to it: NFCMS serves the same post under its column and under gkmlpt. */
export function pageKey(url: string): string {
  const u = new URL(url);
  const post = /\/m?post_(\d+)\.html$/.exec(u.pathname);
  if (post) return `${u.host.replace(/^www\./, '')}#post_${post[1]}`;
  return `${u.host.replace(/^www\./, '')}${u.pathname.replace(/\/index\.s?html?$/, '/')}${u.search}`;
}

type Fetched = { ok: true; text: string; finalUrl?: string } | { ok: false; notModified?: boolean; reason: string };

export async function discover(job: Job<RunJob>, ctx: PipelineContext): Promise<DiscoveryResult> {
  const { siteId, runId, mode } = job.data;
  const site = ctx.site(siteId);
  const spider = spiderFor(site);
  const counters = emptyCounters();
  const errors: string[] = [];
  const allowed = hostsOf(site);

  /** Fetch one listing request with in-process politeness and a few retries (the walk is sequential per site). */
  async function get(
    req: CrawlRequest,
    validators?: { etag: string | null; lastModified: string | null },
    maxPages?: number,
  ): Promise<
    Fetched & {
      bytes?: Uint8Array;
      meta?: { contentType: string | null; etag: string | null; lastModified: string | null };
    }
  > {
    if (!allowed.includes(hostOf(req.url))) return { ok: false, reason: `${req.url}: outside the site's hosts` };
    if (req.kind === 'rendered') {
      if (!ctx.renderer)
        return {
          ok: false,
          reason: `${req.url}: skipped, this listing needs JavaScript and ${ctx.rendererMissing ?? 'no browser is available'}`,
        };
      try {
        // Every request of the browser goes through the polite fetcher (scope, robots.txt, politeness, overrides).
        const pages = await ctx.renderer.render(req.url, {
          nextSelector: req.meta?.next ? String(req.meta.next) : undefined,
          maxPages,
          fetch: async (r) => {
            counters.requests++;
            return ctx.fetcher.fetch({ url: r.url, siteId, method: r.method, body: r.body, headers: r.headers });
          },
        });
        const text = pages.join('\n');
        // The first page's DOM stands for the listing when a nightly run asks whether it changed.
        return {
          ok: true,
          text,
          bytes: new TextEncoder().encode(pages[0]),
          meta: { contentType: 'text/html; charset=utf-8', etag: null, lastModified: null },
        };
      } catch (err) {
        return { ok: false, reason: `${req.url}: rendering failed: ${(err as Error).message.split('\n')[0]}` };
      }
    }
    for (let attempt = 1; ; attempt++) {
      counters.requests++;
      const res = await ctx.fetcher.fetch({ url: req.url, siteId, validators: validators ?? undefined });
      if (res.status === 'ok') {
        return {
          ok: true,
          text: decodeText(res.bytes, res.contentType ?? undefined),
          bytes: res.bytes,
          finalUrl: res.url,
          meta: { contentType: res.contentType, etag: res.etag, lastModified: res.lastModified },
        };
      }
      if (res.status === 'not_modified') return { ok: false, notModified: true, reason: 'not modified' };
      if (res.status === 'blocked') return { ok: false, reason: `${req.url}: ${res.reason}` };
      if (!res.retryable || attempt >= ctx.retry.attempts) return { ok: false, reason: `${req.url}: ${res.reason}` };
      await sleep(res.retryAfterMs ?? ctx.retry.backoffMs * 2 ** (attempt - 1));
      await job.extendLock(job.token ?? '', 60_000).catch(() => {});
    }
  }

  const start = spider.start();
  const [sentinel] = start;
  const queue: CrawlRequest[] = [...start];
  const visited = new Set<string>();
  const reports = new Set<string>();
  let queued = 0;

  for (let i = 0; i < queue.length; i++) {
    const req = queue[i];
    const key = `${req.handler}|${pageKey(req.url)}`;
    if (visited.has(key)) continue;
    visited.add(key);
    const isSentinel = req === sentinel;
    // A run started before (its worker died, or it failed and is retried) may have stored the sentinel and then
    // stopped before queueing the reports: its 304 / same bytes would wrongly say "unchanged". Walk it all again.
    const nightlyCheck = isSentinel && mode === 'nightly' && job.attemptsStarted <= 1;
    const validators = nightlyCheck && req.kind !== 'rendered' ? await ctx.store.getValidators(req.url) : null;
    // A rendered sentinel cannot be asked "changed since?": render its first page only and compare the content.
    let res = await get(req, validators ?? undefined, nightlyCheck && req.kind === 'rendered' ? 1 : undefined);
    if (!res.ok) {
      if (res.notModified && isSentinel) {
        counters.notModified++;
        return { counters, errors, queued: 0, unchanged: true };
      }
      counters.failures++;
      errors.push(res.reason);
      ctx.log.warn({ siteId, runId, url: req.url }, res.reason);
      continue;
    }
    if (isSentinel && res.bytes && res.meta) {
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
      if (nightlyCheck && !saved.isNew) {
        counters.notModified++;
        return { counters, errors, queued: 0, unchanged: true };
      }
      if (nightlyCheck && req.kind === 'rendered') res = await get(req); // changed: now every page of the pager
      if (!res.ok) {
        counters.failures++;
        errors.push(res.reason);
        continue;
      }
    }
    let outputs: ReturnType<typeof spider.parse>;
    try {
      // Links resolve against where the page really was (after redirects).
      outputs = spider.parse(req, { url: res.finalUrl ?? req.url, text: res.text });
    } catch (err) {
      counters.failures++;
      errors.push(`${req.url}: unreadable listing: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const found: ReportLink[] = [];
    for (const o of outputs) {
      if (o.type === 'request') {
        queue.push(o.request);
        continue;
      }
      const rk = pageKey(o.report.url);
      if (reports.has(rk)) continue;
      reports.add(rk);
      found.push(o.report);
    }
    queued += await queueReports(ctx, job, found);
  }
  return { counters, errors, queued, unchanged: false };
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
