// Server-rendered column listings shared by NFCMS and TRS: article links, sub-columns, index_N paging — pages
// requested one after another, within the claimed count, the entry's cap and the evidence (crawlers/paging.ts).
import { anchors, directoryOf, inScope, pageCountOf, reportAnchors, requestOutput } from '../links.js';
import {
  capCount,
  DEFAULT_MAX_LISTING_PAGES,
  mayTurnPage,
  nextPageMeta,
  type PageState,
  pageState,
} from '../paging.js';
import type { CrawlRequest, CrawlResponse, FamilyId, Handler, SiteEntry, SpiderOutput } from '../types.js';

/** A pager written by the page's own script rather than as index_N links (TRS Fujian `listModel`). */
export interface ScriptPager {
  /** Pages the script claims. */
  count: number;
  /** Pages 1..staticPages are static index pages; later ones come from the scheme's `searchRequest`. */
  staticPages: number;
  /** What the search requests need (channel, query …), carried in the meta of every later page. */
  search: Record<string, string | number>;
}

export interface ColumnScheme {
  id: FamilyId;
  isArticle: (url: string) => boolean;
  /** The N of the second page's `index_N.html` (NFCMS: 2, no index_1; TRS counts from 0, so 1). */
  secondPageIndex: number;
  /** A family's own pager in the page's script, read before the generic patterns. */
  scriptPager?: (html: string, pageUrl: string) => ScriptPager | null;
  /** The request of page `page` from the search API a script pager uses; `meta` holds the pager's `search`. */
  searchRequest?: (pageUrl: string, page: number, meta: Record<string, string | number>) => CrawlRequest;
  /** Columns parallel to this one that the page itself names (TRS Fujian `gklist` departments), walked as columns. */
  siblingColumns?: (html: string, pageUrl: string) => string[];
  /** The page's own pager limit (NFCMS `pages_limit`), a bound below the claimed count. */
  pageLimit?: (html: string) => number | null;
}

const PAGE_FILE = /\/index_(\d+)\.(s?html?)$/;
const COLUMN_FILE = /\/(?:index\.s?html?)?$/;

function columnOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.pathname = u.pathname.replace(/index(?:_\d+)?\.s?html?$/, '');
  return u.toString();
}

export interface ColumnFamilyParts {
  handler: string;
  start: (entry: SiteEntry) => CrawlRequest[];
  parse: Handler;
  /** Reports and the next page of a later page that came from a search API (same paging rules). */
  columnRequest: (url: string, scope: string, meta: Record<string, string | number>) => CrawlRequest;
}

export function columnParts(scheme: ColumnScheme): ColumnFamilyParts {
  const handler = `${scheme.id}-column`;
  const columnRequest = (url: string, scope: string, meta: Record<string, string | number>): CrawlRequest => ({
    url,
    kind: 'page',
    handler,
    meta: { scope, ...meta },
  });

  function parseColumn(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
    const scope = String(req.meta?.scope ?? directoryOf(req.url));
    const state = pageState(req.meta);
    const base = columnOf(res.url);
    const list = anchors(res.text, res.url);
    const out = reportAnchors(list, scheme.isArticle);
    const links = list.filter((a) => scheme.isArticle(a.url)).map((a) => a.url);

    if (state.page === 1) out.push(...firstPagePaging(state, res, list, base, scope, links));
    else if (mayTurnPage(state, links)) out.push(...nextPage(state, req, base, scope, links, list));

    if (state.page === 1) {
      for (const a of list) {
        const path = new URL(a.url).pathname;
        if (scheme.isArticle(a.url) || PAGE_FILE.test(path) || !COLUMN_FILE.test(path)) continue;
        const col = columnOf(a.url);
        if (col === base || !inScope(col, scope)) continue;
        out.push(requestOutput(columnRequest(col, scope, { page: 1, max: state.max })));
      }
      for (const col of scheme.siblingColumns?.(res.text, res.url) ?? [])
        out.push(requestOutput(columnRequest(col, directoryOf(col), { page: 1, max: state.max })));
    }
    return out;
  }

  /** Page 1 decides the scheme: a script pager, a claimed count (index_N from `first`), or the pager's links. */
  function firstPagePaging(
    state: PageState,
    res: CrawlResponse,
    list: { url: string }[],
    base: string,
    scope: string,
    links: string[],
  ): SpiderOutput[] {
    const limit = scheme.pageLimit?.(res.text) ?? null;
    const max = limit ? Math.min(state.max, limit) : state.max;
    const script = scheme.scriptPager?.(res.text, res.url) ?? null;
    const explicit = explicitPages(list, base);
    const claimed = script ? script.count : pageCountOf(res.text);
    const count = capCount(claimed, max);
    const here: PageState = { ...state, max, count };
    if (!mayTurnPage(here, links)) return [];
    const meta = nextPageMeta(here, links);
    if (script && script.staticPages < 2)
      return scheme.searchRequest
        ? [requestOutput(scheme.searchRequest(res.url, 2, { ...meta, ...script.search, scope }))]
        : [];
    if (count === null) return explicit.map((p) => requestOutput(columnRequest(p.url, scope, meta)));
    const first = explicit.some((p) => p.n === 1) ? 1 : scheme.secondPageIndex;
    const ext = explicit[0]?.ext ?? extensionOf(res.url);
    return [
      requestOutput(
        columnRequest(`${base}index_${first}.${ext}`, scope, {
          ...meta,
          first,
          ext,
          ...(script ? { ...script.search, static: script.staticPages } : {}),
        }),
      ),
    ];
  }

  function nextPage(
    state: PageState,
    req: CrawlRequest,
    base: string,
    scope: string,
    links: string[],
    list: { url: string }[],
  ): SpiderOutput[] {
    const meta = nextPageMeta(state, links);
    if (state.count === null) {
      // No count: follow the pager links this page shows (the run's visited set stops loops).
      return explicitPages(list, base).map((p) => requestOutput(columnRequest(p.url, scope, meta)));
    }
    const first = Number(req.meta?.first ?? scheme.secondPageIndex);
    const ext = String(req.meta?.ext ?? 'html');
    const next = state.page + 1;
    const staticPages = req.meta?.static === undefined ? null : Number(req.meta.static);
    if (staticPages !== null && next > staticPages)
      return scheme.searchRequest ? [requestOutput(scheme.searchRequest(req.url, next, { ...req.meta, ...meta }))] : [];
    return [
      requestOutput(
        columnRequest(`${base}index_${first + next - 2}.${ext}`, scope, { ...req.meta, ...meta, first, ext }),
      ),
    ];
  }

  return {
    handler,
    columnRequest,
    start: (entry: SiteEntry) => [
      columnRequest(entry.url, entry.scope ?? directoryOf(entry.url), {
        page: 1,
        max: entry.maxPages ?? DEFAULT_MAX_LISTING_PAGES,
      }),
    ],
    parse: parseColumn,
  };
}

function explicitPages(list: { url: string }[], base: string): { url: string; n: number; ext: string }[] {
  const seen = new Set<string>();
  const out: { url: string; n: number; ext: string }[] = [];
  for (const a of list) {
    const m = PAGE_FILE.exec(new URL(a.url).pathname);
    if (!m || columnOf(a.url) !== base || seen.has(a.url)) continue;
    seen.add(a.url);
    out.push({ url: a.url, n: Number(m[1]), ext: m[2] });
  }
  return out;
}

function extensionOf(url: string): string {
  return /\.(s?html?)$/.exec(new URL(url).pathname)?.[1] ?? 'html';
}
