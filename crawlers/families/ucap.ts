// UCAP templates (Harbin/Heilongjiang): channel pages …/c{channel}/navlist.shtml name a 32-hex channel id whose
// listing is JSON at /common/search/{channelId}?_isJson=true&_pageSize=N&page=N → data.results[].
import { absolute, anchors, reportAnchors, reportOutput, requestOutput, toIsoDate } from '../links.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

export const UCAP_ARTICLE = /\/c01_\d+\.shtml$|\/[0-9a-f]{32}\.shtml$/;
const PAGE_SIZE = 60;
const CHANNEL = /common\/search\/([0-9a-f]{32})|channel[_-]?id['"]?\s*[:=]\s*['"]([0-9a-f]{32})['"]/gi;

export function searchUrl(origin: string, channelId: string, page: number): string {
  return `${origin}/common/search/${channelId}?_isAgg=false&_isJson=true&_pageSize=${PAGE_SIZE}&_template=index&page=${page}`;
}

function searchRequest(url: string, page: number): CrawlRequest {
  return { url, kind: 'json', handler: 'ucap-search', meta: { page } };
}

function parseNav(_req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const out = reportAnchors(anchors(res.text, res.url), (u) => UCAP_ARTICLE.test(new URL(u).pathname));
  const origin = new URL(res.url).origin;
  const ids = new Set<string>();
  for (const m of res.text.matchAll(CHANNEL)) ids.add((m[1] ?? m[2]).toLowerCase());
  for (const id of ids) out.push(requestOutput(searchRequest(searchUrl(origin, id, 1), 1)));
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
  const page = Number(req.meta?.page ?? 1);
  const size = Number(new URL(req.url).searchParams.get('_pageSize') ?? PAGE_SIZE);
  const d = body.data ?? {};
  const pages =
    d.totalPage ?? d.pageCount ?? d.totalPages ?? (d.total !== undefined ? Math.ceil(d.total / size) : null);
  const next = (p: number) => {
    const u = new URL(req.url);
    u.searchParams.set('page', String(p));
    return requestOutput(searchRequest(u.toString(), p));
  };
  if (pages !== null) {
    if (page === 1) for (let p = 2; p <= pages; p++) out.push(next(p));
  } else if (results.length >= size) {
    out.push(next(page + 1)); // no count given: keep going until a short page
  }
  return out;
}

export const ucap: Family = {
  id: 'ucap',
  start: (entry: SiteEntry) => {
    const m = /\/common\/search\/([0-9a-f]{32})/.exec(entry.url);
    if (m) return [searchRequest(searchUrl(new URL(entry.url).origin, m[1], 1), 1)];
    return [{ url: entry.url, kind: 'page', handler: 'ucap-nav' }];
  },
  handlers: { 'ucap-nav': parseNav, 'ucap-search': parseSearch },
};
