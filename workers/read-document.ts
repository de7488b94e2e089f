// Reading a fetched document through the one parse → load path. For a report page, the site's spider says which
// attachments it has (best first); when the page has no tables the report is read from the first of them (the
// others are its fallbacks, tried in turn when one yields nothing), queued as a fetch job of the same run; a page
// with tables keeps them and its attachments are only recorded.
import { spiderFor } from '../crawlers/spider.js';
import type { CrawlRequest } from '../crawlers/types.js';
import { decodeText } from '../parsers/frontends/decode.js';
import type { PipelineContext } from './context.js';
import { type FetchJob, type JobResult, jobId } from './jobs.js';
import { agencyFromTitle, hasTables, parseAndLoad } from './parse-and-load.js';
import { childJobOptions } from './queues.js';

/** A page bigger than this that did not parse is not searched for attachment links (it is no HTML page). */
const MAX_SEARCHED_BYTES = 5_000_000;

export interface StoredBytes {
  documentId: number;
  bytes: Uint8Array;
  contentType: string | null;
}

export async function readDocument(ctx: PipelineContext, d: FetchJob, doc: StoredBytes): Promise<JobResult> {
  const site = ctx.site(d.siteId);
  const { outcome, loaded } = await parseAndLoad(
    ctx,
    {
      documentId: doc.documentId,
      bytes: doc.bytes,
      contentType: doc.contentType,
      url: d.url,
      siteId: d.siteId,
      hints: { title: d.title, year: d.year ?? undefined, publishedDate: d.date ?? undefined, region: site.region },
      agencyHint: agencyFromTitle(d.title),
      yearHint: d.year ?? undefined,
    },
    async (outcome) => {
      if (d.role === 'report') {
        const text =
          outcome.ok || doc.bytes.length < MAX_SEARCHED_BYTES
            ? decodeText(doc.bytes, doc.contentType ?? undefined)
            : null;
        const attachments = spiderFor(site).report(
          { url: d.url, title: d.title ?? '', attachments: d.attachments },
          { url: d.url, text },
        );
        if (!hasTables(outcome) && attachments.length > 0) {
          // The tables are in an attachment: build the report from it (the page stays stored, linked as its parent).
          await queueAttachment(ctx, d, doc.documentId, attachments[0], true, attachments.slice(1));
          return false;
        }
        for (const a of attachments) await queueAttachment(ctx, d, doc.documentId, a, false, []);
        return true;
      }
      if (!hasTables(outcome) && d.fallbacks?.length) {
        const [next, ...rest] = d.fallbacks;
        ctx.log.info({ siteId: d.siteId, url: d.url, next }, 'attachment yields no report; trying the next');
        await queueAttachment(ctx, d, doc.documentId, { url: next, kind: 'document', handler: 'attachment' }, true, [
          ...rest.map((url) => ({ url, kind: 'document' as const, handler: 'attachment' })),
        ]);
        return false;
      }
      return true;
    },
  );
  if (!loaded) return {};
  switch (loaded.status) {
    case 'new_report':
    case 'new_revision':
    case 'kept_current':
      return { newRevisions: 1 };
    case 'unchanged':
      return {};
    case 'failed':
      return {
        failures: 1,
        errors: [
          {
            code: outcome.ok ? 'not_loaded' : 'parse_failed',
            url: d.url,
            message: loaded.reason ?? (outcome.ok ? 'not loaded' : outcome.error.message),
          },
        ],
      };
  }
}

async function queueAttachment(
  ctx: PipelineContext,
  page: FetchJob,
  pageDocumentId: number,
  request: CrawlRequest,
  loadReport: boolean,
  fallbacks: CrawlRequest[],
): Promise<void> {
  const data: FetchJob = {
    siteId: page.siteId,
    runId: page.runId,
    mode: page.mode,
    url: request.url,
    role: 'attachment',
    title: page.title,
    year: page.year,
    date: page.date,
    parentDocumentId: page.role === 'report' ? pageDocumentId : page.parentDocumentId,
    loadReport,
    fallbacks: fallbacks.map((f) => f.url),
    parent: page.parent,
  };
  await ctx.queues.fetch.add(
    'attachment',
    data,
    childJobOptions(jobId('fetch', page.runId, request.url), page.parent, ctx.retry),
  );
}
