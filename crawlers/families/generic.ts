// A listing of no known CMS family: report links are told by their titles, pages by the common pager patterns
// (`?page=`/`pageIndex=` parameters, index_N from a pager script's count, a 下一页 link), sub-columns by their names.
// Pages are walked one after another and bounded as every family's are (crawlers/paging.ts): by the entry's
// `maxPages` and by evidence (the walk stops at the first page that adds no new link). Sub-columns: two levels at
// most, inside the column's path.
import { anchors, directoryOf, inScope, pageCountOf, reportOutput, requestOutput } from '../links.js';
import {
  capCount,
  DEFAULT_MAX_LISTING_PAGES,
  mayTurnPage,
  nextPageMeta,
  type PageState,
  pageState,
} from '../paging.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

const HANDLER = 'generic-listing';
/** Sub-column levels followed below the entry. */
const MAX_DEPTH = 2;

const NEXT_TEXT = /^(?:下一?页|下页|后一?页|next|>|>>|»|›)$/i;
const PAGER_TEXT = /^(?:\d{1,3}|[上下]一?页|首页|尾页|末页|前页|后页|next|prev|»|«|>|<|>>|<<|›|‹)$/i;
const PAGE_PARAM = /^(?:page|pageindex|pageno|pagenum|curpage|currentpage|p|pn)$/i;
const INDEX_PAGE = /\/index_(\d+)\.s?html?$/;
/** A sub-column of the reports' column: named as an annual-report listing, without a year. */
const REPORT_COLUMN = /年报|年度报告|信息公开年度|工作报告/;

/** How the column numbers its pages, decided on page 1 and carried to the next pages. */
type Scheme =
  | { kind: 'param'; base: string; param: string }
  | { kind: 'index'; dir: string; name: string; ext: string; first: number }
  | { kind: 'links' };

function schemeMeta(s: Scheme): Record<string, string | number> {
  return s.kind === 'param'
    ? { scheme: 'param', base: s.base, param: s.param }
    : s.kind === 'index'
      ? { scheme: 'index', dir: s.dir, name: s.name, ext: s.ext, first: s.first }
      : { scheme: 'links' };
}

function schemeOf(meta: Record<string, string | number> | undefined): Scheme {
  if (meta?.scheme === 'param') return { kind: 'param', base: String(meta.base), param: String(meta.param) };
  if (meta?.scheme === 'index') {
    return {
      kind: 'index',
      dir: String(meta.dir),
      name: String(meta.name),
      ext: String(meta.ext),
      first: Number(meta.first),
    };
  }
  return { kind: 'links' };
}

/** Page 1 decides: a page parameter in the pager's links, else index_N from a pager script's count, else 下一页 links. */
function firstPageScheme(url: string, html: string, pagerLinks: string[]): Scheme {
  for (const l of pagerLinks) {
    const param = [...new URL(l).searchParams.keys()].find((k) => PAGE_PARAM.test(k));
    if (param) {
      const base = new URL(url);
      base.searchParams.delete(param);
      return { kind: 'param', base: base.toString(), param };
    }
  }
  if (pageCountOf(html) === null) return { kind: 'links' };
  // createPageHTML (Guangdong NFCMS) numbers the second page index_2; createPage and most others index_1. The pager
  // call names the pages' file name and extension: createPage(N, cur, "index", "htm").
  const shown = pagerLinks.map((l) => Number(INDEX_PAGE.exec(new URL(l).pathname)?.[1] ?? 0)).filter((n) => n > 0);
  const first = shown.includes(1) ? 1 : shown.length > 0 || /createPageHTML\(/.test(html) ? 2 : 1;
  const named = /createPage(?:HTML)?\(\s*\d+\s*,\s*\d+\s*,\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]/.exec(html);
  const ext = /\.(s?html?)$/.exec(new URL(url).pathname)?.[1] ?? 'html';
  return { kind: 'index', dir: directoryOf(url), name: named?.[1] ?? 'index', ext: named?.[2] ?? ext, first };
}

function pageUrl(scheme: Scheme, page: number, nextLink: string | undefined): string | undefined {
  if (scheme.kind === 'param') {
    const u = new URL(scheme.base);
    u.searchParams.set(scheme.param, String(page));
    return u.toString();
  }
  if (scheme.kind === 'index') return `${scheme.dir}${scheme.name}_${scheme.first + page - 2}.${scheme.ext}`;
  return nextLink;
}

function listingRequest(url: string, meta: Record<string, string | number>): CrawlRequest {
  return { url, kind: 'page', handler: HANDLER, meta };
}

function parseListing(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const scope = String(req.meta?.scope ?? directoryOf(req.url));
  const depth = Number(req.meta?.depth ?? 0);
  const state: PageState = pageState(req.meta);
  const host = new URL(res.url).host;
  const list = anchors(res.text, res.url).filter((a) => new URL(a.url).host === host);
  const out: SpiderOutput[] = [];
  const seen = new Set<string>();
  for (const a of list) {
    if (seen.has(a.url) || !isReportTitle(a.title)) continue;
    seen.add(a.url);
    out.push(reportOutput(a.url, a.title, a.date));
  }

  // The page's rows (its evidence for the pager bound): every link that is not a pager control.
  const rows = list.filter((a) => !PAGER_TEXT.test(a.title)).map((a) => a.url);
  const samePath = (u: string) => directoryOf(u) === directoryOf(res.url);
  const pagerLinks = list.filter((a) => PAGER_TEXT.test(a.title) && samePath(a.url)).map((a) => a.url);
  const scheme = state.page === 1 ? firstPageScheme(res.url, res.text, pagerLinks) : schemeOf(req.meta);
  const count = state.page === 1 ? capCount(pageCountOf(res.text), state.max) : state.count;
  const paging: PageState = { ...state, count };
  if (mayTurnPage(paging, rows)) {
    const nextLink = list.find((a) => NEXT_TEXT.test(a.title) && samePath(a.url) && a.url !== res.url)?.url;
    const next = pageUrl(scheme, state.page + 1, nextLink);
    if (next && next !== res.url) {
      const meta = { scope, depth, ...nextPageMeta(paging, rows), ...schemeMeta(scheme) };
      out.push(requestOutput(listingRequest(next, meta)));
    }
  }

  if (state.page === 1 && depth < MAX_DEPTH) {
    for (const a of list) {
      if (seen.has(a.url) || !REPORT_COLUMN.test(a.title) || isReportTitle(a.title)) continue;
      if (!inScope(a.url, scope) || directoryOf(a.url) === directoryOf(res.url)) continue;
      out.push(requestOutput(listingRequest(a.url, { scope, depth: depth + 1, page: 1, max: state.max })));
    }
  }
  return out;
}

export const generic: Family = {
  id: 'generic',
  start: (entry: SiteEntry) => [
    listingRequest(entry.url, {
      scope: entry.scope ?? directoryOf(entry.url),
      depth: 0,
      page: 1,
      max: entry.maxPages ?? DEFAULT_MAX_LISTING_PAGES,
    }),
  ],
  handlers: { [HANDLER]: parseListing },
};
