// Reading a stored document: parse it (parser pool) and load the report. A report page without tables but with
// attachments gets its report from the attachment (docx preferred, then pdf, doc, wps; the next one is tried when
// one yields nothing), queued as a fetch job of the same run; a page with tables keeps them and records its
// attachments.

import { hostsOf } from '../config/sites.js';
import { findAttachments } from '../crawlers/attachments.js';
import { decodeText } from '../parsers/frontends/decode.js';
import type { ParseOutcome } from '../parsers/types.js';
import { PARSER_VERSION } from '../parsers/version.js';
import { hostOf, type PipelineContext } from './context.js';
import { type FetchJob, type JobResult, jobId } from './jobs.js';
import { childJobOptions } from './queues.js';

const PREFERENCE = ['.docx', '.pdf', '.doc', '.wps'];

function rank(url: string): number {
  const path = new URL(url).pathname.toLowerCase();
  const i = PREFERENCE.findIndex((ext) => path.endsWith(ext));
  return i < 0 ? PREFERENCE.length : i;
}

function hasTables(o: ParseOutcome): boolean {
  return o.ok && !!(o.report.active || o.report.requests || o.report.review);
}

/** The agency as the title names it: what precedes the year. */
export function agencyFromTitle(title: string | undefined): string | undefined {
  const m = title ? /^(.*?)\s*(?:19|20)\d{2}\s*年/.exec(title) : null;
  return m && m[1].length >= 2 ? m[1] : undefined;
}

export interface StoredBytes {
  documentId: number;
  bytes: Uint8Array;
  contentType: string | null;
}

export async function readDocument(ctx: PipelineContext, d: FetchJob, doc: StoredBytes): Promise<JobResult> {
  const site = ctx.site(d.siteId);
  const outcome = await ctx.parsePool.parse({
    bytes: doc.bytes,
    contentType: doc.contentType ?? undefined,
    fileName: new URL(d.url).pathname,
    hints: { title: d.title, year: d.year ?? undefined, publishedDate: d.date ?? undefined, region: site.region },
  });

  if (d.role === 'report') {
    const allowed = hostsOf(site);
    const fromPage =
      outcome.ok || doc.bytes.length < 5_000_000
        ? findAttachments(decodeText(doc.bytes, doc.contentType ?? undefined), d.url)
        : [];
    const urls = [...new Set([...(d.attachments ?? []).map((a) => a.url), ...fromPage.map((a) => a.url)])]
      .filter((u) => allowed.includes(hostOf(u)))
      .sort((a, b) => rank(a) - rank(b));
    if (!hasTables(outcome) && urls.length > 0) {
      // The tables are in an attachment: build the report from it (the page stays stored, linked as its parent).
      await queueAttachment(ctx, d, doc.documentId, urls[0], true, urls.slice(1));
      return {};
    }
    for (const u of urls) await queueAttachment(ctx, d, doc.documentId, u, false, []);
  } else if (!hasTables(outcome) && d.fallbacks?.length) {
    await queueAttachment(ctx, d, doc.documentId, d.fallbacks[0], true, d.fallbacks.slice(1));
    return { errors: [`${d.url}: ${outcome.ok ? 'no tables' : outcome.error.message}; trying ${d.fallbacks[0]}`] };
  }

  const loaded = await ctx.store.loadReport(doc.documentId, outcome, {
    sourceUrl: d.url,
    siteId: d.siteId,
    parserVersion: PARSER_VERSION,
    agencyHint: agencyFromTitle(d.title),
    yearHint: d.year ?? undefined,
  });
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
        errors: [`${d.url}: ${loaded.reason ?? (outcome.ok ? 'not loaded' : outcome.error.message)}`],
      };
  }
}

async function queueAttachment(
  ctx: PipelineContext,
  page: FetchJob,
  pageDocumentId: number,
  url: string,
  loadReport: boolean,
  fallbacks: string[],
): Promise<void> {
  const data: FetchJob = {
    siteId: page.siteId,
    runId: page.runId,
    mode: page.mode,
    url,
    role: 'attachment',
    title: page.title,
    year: page.year,
    date: page.date,
    parentDocumentId: page.role === 'report' ? pageDocumentId : page.parentDocumentId,
    loadReport,
    fallbacks,
    parent: page.parent,
  };
  await ctx.queues.fetch.add(
    'attachment',
    data,
    childJobOptions(jobId('fetch', page.runId, url), page.parent, ctx.retry),
  );
}
