// gkmlpt (政府信息公开目录管理平台, Guangdong): /gkmlpt/index carries window._CONFIG = {SID, TREE}; the catalogue is
// JSON at /gkmlpt/api/all/{cat}?page=N&sid=SID (100 per page; page 0 and 1 are the same, so start at 1).
import { absolute, reportOutput, requestOutput, toIsoDate } from '../links.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

const PAGE_SIZE = 100;
/** Catalogue categories that hold annual reports. */
const REPORT_CATEGORY = /年报|年度报告/;

interface TreeNode {
  id: string;
  name: string;
}

/** The category tree of window._CONFIG: JSON when it parses, else id/name pairs read tolerantly from the JS. */
export function readTree(config: string): TreeNode[] {
  const treeStart = config.search(/TREE\s*:\s*\[/);
  const nodes: TreeNode[] = [];
  if (treeStart < 0) return nodes;
  const text = config.slice(treeStart);
  const pair =
    /\{[^{}[\]]*?\bid['"]?\s*:\s*['"]?(\d+)['"]?[^{}[\]]*?\bname['"]?\s*:\s*['"]([^'"]+)['"]|\{[^{}[\]]*?\bname['"]?\s*:\s*['"]([^'"]+)['"][^{}[\]]*?\bid['"]?\s*:\s*['"]?(\d+)/g;
  for (const m of text.matchAll(pair)) {
    nodes.push(m[1] ? { id: m[1], name: m[2] } : { id: m[4], name: m[3] });
  }
  return nodes;
}

function apiUrl(indexUrl: string, cat: string, sid: string, page: number): string {
  const u = new URL(indexUrl);
  const prefix = u.pathname.replace(/\/gkmlpt\/index.*$/, '');
  return `${u.origin}${prefix}/gkmlpt/api/all/${cat}?page=${page}&sid=${sid}`;
}

function parseIndex(_req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const sid = /SID\s*['"]?\s*:\s*['"]?(\d+)/.exec(res.text)?.[1];
  if (!sid) throw new Error(`gkmlpt index without window._CONFIG SID: ${res.url}`);
  return readTree(res.text)
    .filter((n) => REPORT_CATEGORY.test(n.name))
    .map((n) =>
      requestOutput({ url: apiUrl(res.url, n.id, sid, 1), kind: 'json', handler: 'gkmlpt-api', meta: { page: 1 } }),
    );
}

interface GkmlptArticle {
  title?: string;
  url?: string;
  post_url?: string;
  date?: number | string;
  display_publish_time?: number | string;
  created_at?: string;
  attachment?: { name?: string; url?: string }[];
}

function dateOf(a: GkmlptArticle): string | null {
  for (const v of [a.display_publish_time, a.date, a.created_at]) {
    if (typeof v === 'number') return new Date(v * (v < 1e12 ? 1000 : 1)).toISOString().slice(0, 10);
    const d = toIsoDate(v);
    if (d) return d;
  }
  return null;
}

function parseApi(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const body = JSON.parse(res.text) as { articles?: GkmlptArticle[]; classify?: { post_count?: number } };
  const out: SpiderOutput[] = [];
  for (const a of body.articles ?? []) {
    const url = absolute(a.url ?? a.post_url, res.url);
    if (!url || !a.title || !isReportTitle(a.title)) continue;
    const attachments = (a.attachment ?? [])
      .map((f) => ({ url: absolute(f.url, url), name: f.name }))
      .filter((f): f is { url: string; name: string | undefined } => !!f.url);
    out.push(reportOutput(url, a.title, dateOf(a), { attachments }));
  }
  const page = Number(req.meta?.page ?? 1);
  if (page === 1) {
    const pages = Math.ceil((body.classify?.post_count ?? 0) / PAGE_SIZE);
    for (let p = 2; p <= pages; p++) {
      const u = new URL(req.url);
      u.searchParams.set('page', String(p));
      out.push(requestOutput({ url: u.toString(), kind: 'json', handler: 'gkmlpt-api', meta: { page: p } }));
    }
  }
  return out;
}

export const gkmlpt: Family = {
  id: 'gkmlpt',
  start: (entry: SiteEntry) => [{ url: entry.url, kind: 'page', handler: 'gkmlpt-index' }],
  handlers: { 'gkmlpt-index': parseIndex, 'gkmlpt-api': parseApi },
};
