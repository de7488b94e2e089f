// A site's spider: its entries' families put together. Pure: requests in, outputs out.
import { attachmentRequests } from './attachments.js';
import { generic } from './families/generic.js';
import { gkmlpt } from './families/gkmlpt.js';
import { hanweb } from './families/hanweb.js';
import { nfcms } from './families/nfcms.js';
import { trs } from './families/trs.js';
import { ucap } from './families/ucap.js';
import type { CrawlRequest, CrawlResponse, Family, FamilyId, ReportLink, SiteConfig, SpiderOutput } from './types.js';

export const FAMILIES: Record<FamilyId, Family> = { nfcms, gkmlpt, trs, ucap, hanweb, generic };

export interface Spider {
  site: SiteConfig;
  /** Start requests; the first is the change sentinel of a nightly crawl. */
  start(): CrawlRequest[];
  parse(req: CrawlRequest, res: CrawlResponse): SpiderOutput[];
  /**
   * A report page's handler: its attachment requests, best first (docx > pdf > doc > wps), on the site's hosts.
   * The report is read from the first that yields tables when the page itself has none (the next ones are its
   * fallbacks); a page with tables only records them. `page.text` is null for a page that is not text.
   */
  report(link: ReportLink, page: { url: string; text: string | null }): CrawlRequest[];
}

export function spiderFor(site: SiteConfig): Spider {
  const handlers = new Map<string, Family>();
  for (const entry of site.entries) {
    const family = FAMILIES[entry.family];
    for (const name of Object.keys(family.handlers)) handlers.set(name, family);
  }
  return {
    site,
    start: () =>
      site.entries.flatMap((e) =>
        FAMILIES[e.family]
          .start(e)
          .map((r) => (e.titleMustInclude ? withMeta(r, { must: e.titleMustInclude.join('|') }) : r)),
      ),
    parse(req, res) {
      const family = handlers.get(req.handler);
      if (!family) throw new Error(`site ${site.id}: no handler "${req.handler}"`);
      const out = family.handlers[req.handler](req, res);
      const must = req.meta?.must;
      if (must === undefined) return out;
      // A shared listing: keep this site's reports only, and carry the filter to the pages it leads to.
      return out
        .filter(
          (o) =>
            o.type === 'request' ||
            String(must)
              .split('|')
              .some((m) => o.report.title.includes(m)),
        )
        .map((o) => (o.type === 'request' ? { type: 'request' as const, request: withMeta(o.request, { must }) } : o));
    },
    report: (link, page) =>
      attachmentRequests(page.url, page.text, link.attachments ?? [], [...site.hosts, ...(site.attachmentHosts ?? [])]),
  };
}

function withMeta(req: CrawlRequest, meta: Record<string, string | number>): CrawlRequest {
  return { ...req, meta: { ...req.meta, ...meta } };
}

/** Whether any request of the site needs a browser. */
export function needsBrowser(site: SiteConfig): boolean {
  return site.entries.some((e) => e.family === 'hanweb');
}
