// A listing of no known CMS family: report links are told by their titles, pages by the common pager patterns
// (index_N, createPage…, 下一页/尾页 links, ?page=/pageIndex= parameters, a page count in the pager), sub-columns by
// their names. Bounded by depth and a page budget, scoped to the column's path.
import { anchors, directoryOf, inScope, pageCountOf, reportOutput, requestOutput } from '../links.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

const HANDLER = 'generic-listing';
/** Listing pages followed along one column at the most (a pager claiming more is not believed). */
export const GENERIC_MAX_PAGES = 100;
/** Sub-column levels followed below the entry. */
const MAX_DEPTH = 2;

const NEXT_TEXT = /^(?:下一?页|下页|后一?页|尾页|末页|最后一?页|next|>|>>|»|›)$/i;
const PAGE_PARAM = /^(?:page|pageindex|pageno|pagenum|curpage|currentpage|p|pn)$/i;
const INDEX_PAGE = /\/index_(\d+)\.s?html?$/;
/** A sub-column of the reports' column: named as an annual-report listing, without a year. */
const REPORT_COLUMN = /年报|年度报告|信息公开年度|工作报告/;

function listingRequest(url: string, meta: { scope: string; page: number; depth: number }): CrawlRequest {
  return { url, kind: 'page', handler: HANDLER, meta };
}

/** The URL with the n-th page's parameter set (1-based n), keeping the rest of the query. */
function withPageParam(url: string, param: string, n: number): string {
  const u = new URL(url);
  u.searchParams.set(param, String(n));
  return u.toString();
}

/** Where the column's pages are: their URLs given the first page's URL and the pager's evidence. */
function pageUrls(base: string, html: string, links: string[], count: number): string[] {
  const out: string[] = [];
  const capped = Math.min(count, GENERIC_MAX_PAGES);
  const param = links.map((l) => [...new URL(l).searchParams.keys()].find((k) => PAGE_PARAM.test(k))).find(Boolean);
  if (param) {
    for (let n = 2; n <= capped; n++) out.push(withPageParam(base, param, n));
    return out;
  }
  const dir = directoryOf(base);
  // createPageHTML (Guangdong NFCMS) numbers the second page index_2; createPage and most others index_1.
  const shown = links
    .map((l) => INDEX_PAGE.exec(new URL(l).pathname)?.[1])
    .filter(Boolean)
    .map(Number);
  const first = shown.includes(1) ? 1 : shown.length > 0 || /createPageHTML\(/.test(html) ? 2 : 1;
  // The pager call names the pages' file name and extension: createPage(N, cur, "index", "htm").
  const named = /createPage(?:HTML)?\(\s*\d+\s*,\s*\d+\s*,\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]/.exec(html);
  const ext = /\.(s?html?)$/.exec(new URL(base).pathname)?.[1] ?? 'html';
  const [name, suffix] = named ? [named[1], named[2]] : ['index', ext];
  for (let i = 0; i < capped - 1; i++) out.push(`${dir}${name}_${first + i}.${suffix}`);
  return out;
}

function parseListing(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const scope = String(req.meta?.scope ?? directoryOf(req.url));
  const page = Number(req.meta?.page ?? 1);
  const depth = Number(req.meta?.depth ?? 0);
  const host = new URL(res.url).host;
  const list = anchors(res.text, res.url).filter((a) => new URL(a.url).host === host);
  const out: SpiderOutput[] = [];
  const seen = new Set<string>();
  for (const a of list) {
    if (seen.has(a.url) || !isReportTitle(a.title)) continue;
    seen.add(a.url);
    out.push(reportOutput(a.url, a.title, a.date));
  }

  // Pager links: 下一页/尾页 and numbered links that stay on this column (same path, or index_N beside it).
  const samePath = (u: string) => {
    const x = new URL(u);
    const y = new URL(res.url);
    return x.pathname === y.pathname || directoryOf(u) === directoryOf(res.url);
  };
  const pagerLinks = list
    .filter((a) => !seen.has(a.url) && (NEXT_TEXT.test(a.title) || /^\d{1,4}$/.test(a.title)) && samePath(a.url))
    .map((a) => a.url)
    .filter((u) => u !== res.url);
  if (page === 1) {
    const count = pageCountOf(res.text);
    const urls = count && count > 1 ? pageUrls(res.url, res.text, pagerLinks, count) : pagerLinks;
    urls.forEach((u, i) => {
      out.push(requestOutput(listingRequest(u, { scope, page: count ? i + 2 : 2, depth })));
    });
  } else if (page < GENERIC_MAX_PAGES) {
    // No count on the first page: walk on by the links each page shows (the run's visited set stops loops).
    for (const u of pagerLinks) out.push(requestOutput(listingRequest(u, { scope, page: page + 1, depth })));
  }

  if (page === 1 && depth < MAX_DEPTH) {
    for (const a of list) {
      if (seen.has(a.url) || !REPORT_COLUMN.test(a.title) || isReportTitle(a.title)) continue;
      if (!inScope(a.url, scope) || directoryOf(a.url) === directoryOf(res.url)) continue;
      out.push(requestOutput(listingRequest(a.url, { scope, page: 1, depth: depth + 1 })));
    }
  }
  return out;
}

export const generic: Family = {
  id: 'generic',
  start: (entry: SiteEntry) => [
    listingRequest(entry.url, { scope: entry.scope ?? directoryOf(entry.url), page: 1, depth: 0 }),
  ],
  handlers: { [HANDLER]: parseListing },
};
