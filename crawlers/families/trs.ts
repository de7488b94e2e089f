// TRS WCM "t-date" templates: articles ./YYYYMM/tYYYYMMDD_ID.html, .shtml or .htm (Fujian: www.pingtan.gov.cn).
// Pagers: Chongqing's createPage(N, …) with index_1.html as page 2 (TRS counts from 0); Fujian's script pager
// `listModel({maxStaticIndex, listArgs, pagebar: {prepage, recordCount}})`, whose page count is
// ceil(recordCount / prepage) and whose pages after `maxStaticIndex` come from the site's search API with the
// same listArgs (rows: chnldocurl, doctitle, docreltime).
import { absolute, reportOutput, toIsoDate } from '../links.js';
import { mayTurnPage, nextPageMeta, pageState } from '../paging.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SpiderOutput } from '../types.js';
import { columnParts, type ScriptPager } from './column.js';
import { departmentColumns } from './trs-departments.js';

export const TRS_ARTICLE = /\/\d{6}\/t\d{8}_\d+\.s?html?$/;
const isArticle = (url: string) => TRS_ARTICLE.test(new URL(url).pathname);

/** The search API of the Fujian TRS sites' list2.trsapi module. list2.trsapi.js itself is not in the recorded
 *  pages, so this path is inferred; its arguments are the page's own listArgs and pagebar. */
export const TRS_SEARCH_PATH = '/ssp/search/api/search';

/** The Fujian `listModel({...})` pager of a TRS column page, or null when the page has none. */
export function readListModel(html: string): ScriptPager | null {
  const at = html.search(/listModel\s*\(\s*\{/);
  if (at < 0) return null;
  const script = html.slice(at, at + 4000);
  const value = (name: string) =>
    new RegExp(`\\b${name}\\s*:\\s*(?:""\\s*\\|\\|\\s*)?(?:['"]([^'"]*)['"]|([\\w.$-]+))`).exec(script);
  const num = (name: string) => {
    const m = value(name);
    const n = Number(m?.[1] ?? m?.[2]);
    return Number.isFinite(n) ? n : null;
  };
  const records = num('recordCount');
  const perPage = num('prepage');
  if (records === null || !perPage) return null;
  // channelid: a number, or SiteInfo.searchId defined in the page's SiteInfo block.
  const channel = value('channelid');
  const channelId =
    channel?.[1] ??
    (channel?.[2] && /^\d+$/.test(channel[2]) ? channel[2] : /\bsearchId\s*:\s*['"]?(\d+)/.exec(html)?.[1]) ??
    '';
  return {
    count: Math.max(1, Math.ceil(records / perPage)),
    staticPages: num('maxStaticIndex') ?? 1,
    search: {
      channelid: channelId,
      classsql: value('classsql')?.[1] ?? '',
      sortfield: value('sortfield')?.[1] ?? '',
      prepage: perPage,
    },
  };
}

const parts = columnParts({
  id: 'trs',
  isArticle,
  secondPageIndex: 1,
  scriptPager: readListModel,
  siblingColumns: (html, url) => departmentColumns(html, url).map((d) => d.url),
  searchRequest: (pageUrl, page, meta) => searchRequest(pageUrl, page, meta),
});

function searchRequest(pageUrl: string, page: number, meta: Record<string, string | number>): CrawlRequest {
  const u = new URL(TRS_SEARCH_PATH, pageUrl);
  for (const k of ['channelid', 'sortfield', 'classsql', 'prepage'] as const)
    u.searchParams.set(k, String(meta[k] ?? ''));
  u.searchParams.set('page', String(page));
  // The column's own URL rides along: API rows resolve against it and the next page is built from it.
  const column = String(meta.column ?? pageUrl);
  return { url: u.toString(), kind: 'json', handler: 'trs-search', meta: { ...meta, page, column } };
}

interface TrsDoc {
  chnldocurl?: string;
  docpuburl?: string;
  doctitle?: string;
  docreltime?: string | number;
}

/** The first array of documents anywhere in the API's JSON (the envelope differs between deployments). */
function docsOf(body: unknown, depth = 0): TrsDoc[] {
  if (depth > 4 || !body || typeof body !== 'object') return [];
  if (Array.isArray(body)) {
    if (body.some((d) => d && typeof d === 'object' && ('chnldocurl' in d || 'doctitle' in d))) return body as TrsDoc[];
    return [];
  }
  for (const v of Object.values(body)) {
    const found = docsOf(v, depth + 1);
    if (found.length) return found;
  }
  return [];
}

function parseSearch(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw new Error(`TRS search answer is not JSON: ${res.text.slice(0, 60).replace(/\s+/g, ' ')}`);
  }
  const column = String(req.meta?.column ?? res.url);
  const out: SpiderOutput[] = [];
  const links: string[] = [];
  for (const d of docsOf(body)) {
    const url = absolute(d.chnldocurl ?? d.docpuburl, column);
    if (!url) continue;
    links.push(url);
    const title = (d.doctitle ?? '').replace(/<[^>]+>/g, '').trim();
    if (!isReportTitle(title)) continue;
    const date = typeof d.docreltime === 'number' ? new Date(d.docreltime).toISOString() : d.docreltime;
    out.push(reportOutput(url, title, toIsoDate(date)));
  }
  const state = pageState(req.meta);
  if (mayTurnPage(state, links))
    out.push({
      type: 'request',
      request: searchRequest(column, state.page + 1, { ...req.meta, ...nextPageMeta(state, links), column }),
    });
  return out;
}

export const trs: Family = {
  id: 'trs',
  start: parts.start,
  handlers: { [parts.handler]: parts.parse, 'trs-search': parseSearch },
};
