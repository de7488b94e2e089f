// gkmlpt (政府信息公开目录管理平台, Guangdong): /gkmlpt/index carries window._CONFIG = {SID, TREE}; the catalogue is
// JSON at /gkmlpt/api/all/{cat}?page=N&sid=SID (100 per page; page 0 and 1 are the same, so start at 1). TREE is
// nested (`children`), and a node may point elsewhere (`jump_url`): every node under a 年报 node is read (a 年报
// category often has one child per year).
import { absolute, anchors, reportAnchors, reportOutput, requestOutput, toIsoDate } from '../links.js';
import { capCount, DEFAULT_MAX_LISTING_PAGES, mayTurnPage, nextPageMeta, pageState } from '../paging.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

const PAGE_SIZE = 100;
/** Catalogue categories that hold annual reports. */
const REPORT_CATEGORY = /年报|年度报告/;

export interface TreeNode {
  id: string;
  name: string;
  jumpUrl?: string;
  children?: TreeNode[];
}

/** The category tree of window._CONFIG: parsed as a JavaScript literal when it is one, else id/name pairs read
 *  tolerantly from the script (flat, no children). */
export function readTree(config: string): TreeNode[] {
  const treeStart = config.search(/TREE\s*['"]?\s*:\s*\[/);
  if (treeStart < 0) return [];
  const text = config.slice(config.indexOf('[', treeStart));
  const literal = bracketed(text);
  if (literal) {
    try {
      return toNodes(JSON.parse(jsonOfLiteral(literal)));
    } catch {
      // fall through to the tolerant reading
    }
  }
  const nodes: TreeNode[] = [];
  const pair =
    /\{[^{}[\]]*?\bid['"]?\s*:\s*['"]?(\d+)['"]?[^{}[\]]*?\bname['"]?\s*:\s*['"]([^'"]+)['"]|\{[^{}[\]]*?\bname['"]?\s*:\s*['"]([^'"]+)['"][^{}[\]]*?\bid['"]?\s*:\s*['"]?(\d+)/g;
  for (const m of text.matchAll(pair)) nodes.push(m[1] ? { id: m[1], name: m[2] } : { id: m[4], name: m[3] });
  return nodes;
}

/** The text of the array literal at the start of `text` (strings respected), or null when it does not close. */
function bracketed(text: string): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length && i < 2_000_000; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return text.slice(0, i + 1);
    }
  }
  return null;
}

/** A JavaScript object literal as JSON: bare keys quoted, single-quoted strings double-quoted, trailing commas off. */
function jsonOfLiteral(js: string): string {
  let out = '';
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (c === '"' || c === "'") {
      let s = '';
      for (i++; i < js.length && js[i] !== c; i++) {
        if (js[i] === '\\') {
          s += js[i] + js[i + 1];
          i++;
        } else if (js[i] === '"') s += '\\"';
        else s += js[i];
      }
      out += `"${s.replace(/\\'/g, "'")}"`;
    } else out += c;
  }
  return out.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":').replace(/,\s*([}\]])/g, '$1');
}

function toNodes(value: unknown): TreeNode[] {
  if (!Array.isArray(value)) return [];
  const out: TreeNode[] = [];
  for (const v of value) {
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    if (o.id === undefined || typeof o.name !== 'string') continue;
    const jump = typeof o.jump_url === 'string' && o.jump_url.trim() ? o.jump_url.trim() : undefined;
    out.push({ id: String(o.id), name: o.name, jumpUrl: jump, children: toNodes(o.children) });
  }
  return out;
}

/** Every node at or under a 年报 node (each once). */
export function reportCategories(tree: TreeNode[]): TreeNode[] {
  const out = new Map<string, TreeNode>();
  const take = (n: TreeNode) => {
    if (out.has(n.id)) return;
    out.set(n.id, n);
    for (const c of n.children ?? []) take(c);
  };
  const visit = (n: TreeNode) => {
    if (REPORT_CATEGORY.test(n.name)) take(n);
    else for (const c of n.children ?? []) visit(c);
  };
  for (const n of tree) visit(n);
  return [...out.values()];
}

function apiUrl(indexUrl: string, cat: string, sid: string, page: number): string {
  const u = new URL(indexUrl);
  const prefix = u.pathname.replace(/\/gkmlpt\/index.*$/, '');
  return `${u.origin}${prefix}/gkmlpt/api/all/${cat}?page=${page}&sid=${sid}`;
}

function parseIndex(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const sid = /SID\s*['"]?\s*:\s*['"]?(\d+)/.exec(res.text)?.[1];
  if (!sid) throw new Error(`gkmlpt index without window._CONFIG SID: ${res.url}`);
  const max = Number(req.meta?.max ?? DEFAULT_MAX_LISTING_PAGES);
  const out: SpiderOutput[] = [];
  for (const n of reportCategories(readTree(res.text))) {
    const jump = n.jumpUrl ? absolute(n.jumpUrl, res.url) : null;
    if (jump && !/\/gkmlpt\/index/.test(jump))
      out.push(requestOutput({ url: jump, kind: 'page', handler: 'gkmlpt-page', meta: { max } }));
    else
      out.push(
        requestOutput({
          url: apiUrl(res.url, n.id, sid, 1),
          kind: 'json',
          handler: 'gkmlpt-api',
          meta: { page: 1, max },
        }),
      );
  }
  return out;
}

/** A category that jumps to an ordinary page: its report links (any article of the site, told by title). */
function parseJumpPage(_req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  const host = new URL(res.url).host;
  return reportAnchors(anchors(res.text, res.url), (u) => new URL(u).host === host);
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
  const links: string[] = [];
  for (const a of body.articles ?? []) {
    const url = absolute(a.url ?? a.post_url, res.url);
    if (url) links.push(url);
    if (!url || !a.title || !isReportTitle(a.title)) continue;
    const attachments = (a.attachment ?? [])
      .map((f) => ({ url: absolute(f.url, url), name: f.name }))
      .filter((f): f is { url: string; name: string | undefined } => !!f.url);
    out.push(reportOutput(url, a.title, dateOf(a), { attachments }));
  }
  const state = pageState(req.meta);
  // post_count is a claim: capped by the setting, and pages are asked one after another while they bring links.
  if (state.page === 1) state.count = capCount(Math.ceil((body.classify?.post_count ?? 0) / PAGE_SIZE), state.max);
  if (mayTurnPage(state, links)) {
    const u = new URL(req.url);
    u.searchParams.set('page', String(state.page + 1));
    out.push(
      requestOutput({ url: u.toString(), kind: 'json', handler: 'gkmlpt-api', meta: nextPageMeta(state, links) }),
    );
  }
  return out;
}

export const gkmlpt: Family = {
  id: 'gkmlpt',
  start: (entry: SiteEntry) => [
    {
      url: entry.url,
      kind: 'page',
      handler: 'gkmlpt-index',
      meta: { max: entry.maxPages ?? DEFAULT_MAX_LISTING_PAGES },
    },
  ],
  handlers: { 'gkmlpt-index': parseIndex, 'gkmlpt-api': parseApi, 'gkmlpt-page': parseJumpPage },
};
