// UCAP templates (Harbin/Heilongjiang): channel pages …/c{channel}/navlist.shtml name a 32-hex channel id whose
// listing is JSON at /common/search/{channelId}?_isJson=true&_pageSize=N&page=N → data.results[].
import { absolute, anchors, reportAnchors, reportOutput, requestOutput, toIsoDate } from '../links.js';
import { capCount, DEFAULT_MAX_LISTING_PAGES, mayTurnPage, nextPageMeta, pageState } from '../paging.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

export const UCAP_ARTICLE = /\/c01_\d+\.shtml$|\/[0-9a-f]{32}\.shtml$/;
const PAGE_SIZE = 60;
/** The 32-hex channel id: in a search URL, a channelId setting, or a `?tab=<id>` link of the page's tabs. */
const CHANNEL =
  /common\/search\/([0-9a-f]{32})|channel[_-]?id['"]?\s*[:=]\s*['"]([0-9a-f]{32})['"]|[?&]tab=([0-9a-f]{32})\b/gi;

export function searchUrl(origin: string, channelId: string, page: number): string {
  return `${origin}/common/search/${channelId}?_isAgg=false&_isJson=true&_pageSize=${PAGE_SIZE}&_template=index&page=${page}`;
}

function searchRequest(url: string, meta: Record<string, string | number>): CrawlRequest {
  return { url, kind: 'json', handler: 'ucap-search', meta };
}

function parseNav(_req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const out = reportAnchors(anchors(res.text, res.url), (u) => UCAP_ARTICLE.test(new URL(u).pathname));
  const origin = new URL(res.url).origin;
  const ids = new Set<string>();
  for (const m of res.text.matchAll(CHANNEL)) ids.add((m[1] ?? m[2] ?? m[3]).toLowerCase());
  for (const id of ids)
    out.push(
      requestOutput(
        searchRequest(searchUrl(origin, id, 1), { page: 1, max: Number(_req.meta?.max ?? DEFAULT_MAX_LISTING_PAGES) }),
      ),
    );
  return out;
}

interface UcapResult {
  title?: string;
  url?: string;
  publishedTimeStr?: string;
  publishedTime?: string | number;
}
interface UcapBody {
  data?: { results?: UcapResult[]; total?: number; totalPage?: number; pageCount?: number; totalPages?: number };
}

function parseSearch(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const body = JSON.parse(res.text) as UcapBody;
  const results = body.data?.results ?? [];
  const out: SpiderOutput[] = [];
  for (const r of results) {
    const url = absolute(r.url, res.url);
    const title = (r.title ?? '').replace(/<[^>]+>/g, '').trim();
    if (!url || !isReportTitle(title)) continue;
    out.push(reportOutput(url, title, toIsoDate(r.publishedTimeStr ?? String(r.publishedTime ?? ''))));
  }
  const state = pageState(req.meta);
  const links = results.flatMap((r) => absolute(r.url, res.url) ?? []);
  // Pages are counted from what the server returns: some ignore _pageSize (asked 60, return 20).
  const asked = Number(new URL(req.url).searchParams.get('_pageSize') ?? PAGE_SIZE);
  const size = Number(req.meta?.size ?? (results.length > 0 ? Math.min(asked, results.length) : asked));
  if (state.page === 1) {
    const d = body.data ?? {};
    const claimed =
      d.totalPage ?? d.pageCount ?? d.totalPages ?? (d.total !== undefined ? Math.ceil(d.total / size) : null);
    state.count = capCount(claimed, state.max);
  }
  // A short page is the last one whatever the count says; otherwise the count, the cap and the evidence decide.
  if (results.length >= size && mayTurnPage(state, links)) {
    const u = new URL(req.url);
    u.searchParams.set('page', String(state.page + 1));
    out.push(requestOutput(searchRequest(u.toString(), { ...nextPageMeta(state, links), size })));
  }
  return out;
}

export const ucap: Family = {
  id: 'ucap',
  start: (entry: SiteEntry) => {
    const m = /\/common\/search\/([0-9a-f]{32})/.exec(entry.url);
    const max = entry.maxPages ?? DEFAULT_MAX_LISTING_PAGES;
    if (m) return [searchRequest(searchUrl(new URL(entry.url).origin, m[1], 1), { page: 1, max })];
    return [{ url: entry.url, kind: 'page', handler: 'ucap-nav', meta: { max } }];
  },
  handlers: { 'ucap-nav': parseNav, 'ucap-search': parseSearch },
};
