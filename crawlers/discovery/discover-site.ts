// Finding a portal's annual-report columns from one URL (its home page, its 政务公开 page or a column): walk the
// links whose names or paths say 政务公开 / 政府信息公开 / 年报, within a request budget and the site's hosts, then
// probe every page that lists reports with its family's own spider to count what it lists. The fetching is given
// (the polite fetcher in production, anything in tests), so this module decides and never does I/O of its own.
import { anchors, directoryOf } from '../links.js';
import { FAMILIES } from '../spider.js';
import { isReportTitle } from '../title.js';
import type { CrawlRequest, FamilyId, SiteEntry, SpiderOutput } from '../types.js';
import { type Fingerprint, fingerprint, gkmlptIndexOf } from './fingerprint.js';

export interface FetchedPage {
  /** The URL the page was really read from (after redirects). */
  url: string;
  text: string;
}

/** Fetch one page politely; null when it could not be had (the reason is the fetcher's to log). */
export type FetchPage = (url: string, kind: CrawlRequest['kind']) => Promise<FetchedPage | null>;

export interface DiscoveredEntry extends SiteEntry {
  /** Reports the entry's first page lists (the first API page for JSON listings). */
  reports: number;
  years: number[];
}

export interface Discovery {
  fingerprint: Fingerprint;
  entries: DiscoveredEntry[];
  /** Requests spent, of the budget. */
  requests: number;
  /** Every URL asked for, in order (what a user is shown when nothing is found). */
  looked: string[];
  /** The portal's name as its home page's <title> gives it. */
  siteName: string | null;
}

export interface DiscoveryOptions {
  /** Requests at the most (default 60). */
  budget?: number;
  /** Hosts the walk may enter (default: the start URL's host and its www./bare twin). */
  hosts?: string[];
}

/** A link to the reports' own column. */
const REPORT_COLUMN_TEXT = /年报|年度报告|信息公开年度|工作报告/;
const REPORT_COLUMN_PATH = /zfxxgknb|xxgknb|gknb|ndbg|xxgkbg|ndxxgk|\/nb\//i;
/** A link towards it: the 政务公开 / 政府信息公开 hubs and the departments' pages. */
const HUB_TEXT = /政务公开|政府信息公开|信息公开|公开目录|主动公开|部门|机构|专栏/;
const MAX_DEPTH = 6;

interface Candidate {
  url: string;
  priority: number;
  depth: number;
}

function twinHosts(host: string): string[] {
  return host.startsWith('www.') ? [host, host.slice(4)] : [host, `www.${host}`];
}

/** A URL that names a column (a directory, its index page, a list script) rather than an article or a file. */
const COLUMN_LIKE = /(?:\/|\/index\.s?html?|\/(?:list|index|navlist)[^/]*\.(?:s?html?|php|jsp|aspx?))$/i;
/** A pager's later page of a column: reached through the column, never an entry of its own. */
const PAGER_PAGE = /\/index_\d+\.s?html?$/i;
const PAGER_TEXT = /^(?:\d{1,3}|[上下]一?页|首页|尾页|末页|前页|后页|next|prev|»|«|>|<)$/i;
const PAGE_PARAM = /[?&](?:page|pageindex|pageno|pagenum|curpage|p|pn)=/i;

/** How promising a link is: 3 the report column itself, 2 a hub towards it, 0 not worth a request. */
function priorityOf(title: string, url: string): number {
  if (isReportTitle(title)) return 0; // a report, not a column: it proves its page is a listing
  const path = new URL(url).pathname;
  if (PAGER_PAGE.test(path) || PAGER_TEXT.test(title) || PAGE_PARAM.test(url) || !COLUMN_LIKE.test(path)) return 0;
  if (title.length > 20) return 0; // an article's headline, not a menu item
  if (REPORT_COLUMN_TEXT.test(title) || REPORT_COLUMN_PATH.test(path)) return 3;
  if (HUB_TEXT.test(title)) return 2;
  return 0;
}

function reportYears(outputs: SpiderOutput[]): { reports: number; years: number[] } {
  const reports = outputs.flatMap((o) => (o.type === 'report' ? [o.report] : []));
  const years = [...new Set(reports.map((r) => r.year).filter((y): y is number => typeof y === 'number'))];
  return { reports: reports.length, years: years.sort((a, b) => b - a) };
}

export async function discoverSite(
  start: string,
  fetchPage: FetchPage,
  opts: DiscoveryOptions = {},
): Promise<Discovery> {
  const budget = opts.budget ?? 60;
  const hosts = new Set((opts.hosts ?? twinHosts(new URL(start).host)).map((h) => h.toLowerCase()));
  const looked: string[] = [];
  const pages: FetchedPage[] = [];
  const cache = new Map<string, FetchedPage | null>();
  const fetchOnce = async (url: string, kind: CrawlRequest['kind'] = 'page'): Promise<FetchedPage | null> => {
    if (cache.has(url)) return cache.get(url)!;
    if (looked.length >= budget) return null;
    looked.push(url);
    const page = await fetchPage(url, kind).catch(() => null);
    cache.set(url, page);
    if (page && kind !== 'json') pages.push(page);
    return page;
  };

  // 1. Walk: best candidates first, breadth within a priority.
  const queue: Candidate[] = [{ url: start, priority: 3, depth: 0 }];
  const queued = new Set([start]);
  const listings: FetchedPage[] = [];
  const columns: string[] = [];
  let siteName: string | null = null;
  // Keep a share of the budget for probing what the walk finds.
  while (queue.length > 0 && looked.length < budget * 0.7) {
    queue.sort((a, b) => b.priority - a.priority || a.depth - b.depth);
    const next = queue.shift()!;
    const page = await fetchOnce(next.url);
    if (!page) continue;
    if (next.depth === 0) siteName = titleOf(page.text);
    const links = anchors(page.text, page.url).filter((a) => hosts.has(new URL(a.url).host.toLowerCase()));
    // A page listing reports, or one a report-column link led to (its rows may come by script or JSON).
    if (next.priority === 3 && next.depth > 0) columns.push(columnUrl(page.url));
    if (links.some((a) => isReportTitle(a.title)) || (next.priority === 3 && next.depth > 0)) listings.push(page);
    if (next.depth >= MAX_DEPTH) continue;
    for (const a of links) {
      const priority = priorityOf(a.title, a.url);
      if (priority === 0 || queued.has(a.url)) continue;
      queued.add(a.url);
      queue.push({ url: a.url, priority, depth: next.depth + 1 });
    }
  }

  // 2. The family, from everything read; then each listing probed with that family's spider (or the generic one).
  const print = fingerprint(pages);
  const entries: DiscoveredEntry[] = [];
  const covered = new Set<string>();
  for (const page of listings) {
    const entry = await probeListing(page, print.family, fetchOnce);
    if (!entry || covered.has(entry.url)) continue;
    covered.add(entry.url);
    entries.push(entry);
  }
  const gkmlpt = gkmlptIndexOf(pages);
  if (gkmlpt && hosts.has(new URL(gkmlpt).host.toLowerCase())) {
    const entry = await probeEntry({ family: 'gkmlpt', url: gkmlpt }, fetchOnce);
    if (entry && entry.reports > 0) entries.push(entry);
  }
  // Newest reports first: the first entry is the nightly change sentinel, and new reports land there.
  const kept = collapseIntoColumns(dropCovered(entries), columns);
  kept.sort((a, b) => (b.years[0] ?? 0) - (a.years[0] ?? 0) || b.reports - a.reports);
  return { fingerprint: print, entries: kept, requests: looked.length, looked, siteName };
}

/** A listing page as an entry of `family`, or of the generic family when that one reads no report in it. */
async function probeListing(
  page: FetchedPage,
  family: FamilyId,
  fetchOnce: (url: string, kind?: CrawlRequest['kind']) => Promise<FetchedPage | null>,
): Promise<DiscoveredEntry | null> {
  const url = columnUrl(page.url);
  for (const f of family === 'generic' ? (['generic'] as const) : [family, 'generic' as const]) {
    const entry = await probeEntry({ family: f, url }, fetchOnce, page);
    if (entry && entry.reports > 0) return entry;
  }
  return null;
}

/** Pages of one listing read at the most to see whether it holds reports (its first page may show none). */
const PROBE_PAGES = 3;

/** Run an entry's spider on its first pages (or the first JSON page it asks for) and count the reports. */
async function probeEntry(
  entry: SiteEntry,
  fetchOnce: (url: string, kind?: CrawlRequest['kind']) => Promise<FetchedPage | null>,
  firstPage?: FetchedPage,
): Promise<DiscoveredEntry | null> {
  const family = FAMILIES[entry.family];
  const [start] = family.start(entry);
  if (!start) return null;
  const first = firstPage ?? (await fetchOnce(start.url, start.kind));
  if (!first) return null;
  const all: SpiderOutput[] = [];
  try {
    let req: CrawlRequest = { ...start, url: first.url };
    let page: FetchedPage | null = first;
    const read = new Set([first.url]);
    for (let n = 0; page && n < PROBE_PAGES; n++) {
      const outputs = family.handlers[req.handler](req, { url: page.url, text: page.text });
      all.push(...outputs);
      if (outputs.some((o) => o.type === 'report')) break;
      // No report yet: the listing's next page (pager, or the JSON page a UCAP/gkmlpt index asks for).
      const next = outputs.find(
        (o) =>
          o.type === 'request' &&
          (o.request.kind === 'json' || directoryOf(o.request.url) === directoryOf(page!.url)) &&
          !read.has(o.request.url),
      );
      if (next?.type !== 'request') break;
      req = next.request;
      read.add(req.url);
      page = await fetchOnce(req.url, req.kind);
    }
  } catch {
    return null;
  }
  return { ...entry, ...reportYears(all) };
}

/**
 * Sub-columns found under one report column (a district's and each department's, or one per year) become that
 * column's single entry: its family walks the sub-columns itself, and a sub-column added later is crawled too.
 */
function collapseIntoColumns(entries: DiscoveredEntry[], columns: string[]): DiscoveredEntry[] {
  let out = entries;
  for (const column of [...columns].sort((a, b) => a.length - b.length)) {
    const dir = directoryOf(column);
    const under = out.filter((e) => WALKS_SUB_COLUMNS.has(e.family) && e.url.startsWith(dir));
    const subs = under.filter((e) => e.url !== column);
    if (subs.length < 2 && !(subs.length === 1 && under.length === 2)) continue;
    const family = under[0].family;
    if (under.some((e) => e.family !== family)) continue;
    const years = [...new Set(under.flatMap((e) => e.years))].sort((a, b) => b - a);
    const merged: DiscoveredEntry = { family, url: column, reports: under.reduce((n, e) => n + e.reports, 0), years };
    out = [...out.filter((e) => !under.includes(e)), merged];
  }
  return out;
}

const WALKS_SUB_COLUMNS = new Set<FamilyId>(['nfcms', 'trs', 'generic']);

/** An entry whose URL lies under another entry of the same family is walked from that one already. */
function dropCovered(entries: DiscoveredEntry[]): DiscoveredEntry[] {
  return entries.filter(
    (e) =>
      !entries.some(
        (o) =>
          o !== e &&
          o.family === e.family &&
          o.url !== e.url &&
          e.url.startsWith(directoryOf(o.url)) &&
          o.reports >= e.reports &&
          sameListing(o, e),
      ),
  );
}

/** Two entries list the same reports (a column and its index.html, say) when their years agree. */
function sameListing(a: DiscoveredEntry, b: DiscoveredEntry): boolean {
  return a.years.length > 0 && a.years.join() === b.years.join();
}

/** A column's URL in its directory form: …/zfxxgknb/index.html → …/zfxxgknb/ (how registries name columns). */
function columnUrl(url: string): string {
  const u = new URL(url);
  if (/\/index\.s?html?$/.test(u.pathname) && !u.search) u.pathname = u.pathname.replace(/index\.s?html?$/, '');
  return u.toString();
}

function titleOf(html: string): string | null {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(html);
  const t = m?.[1].replace(/\s+/g, ' ').trim();
  return t
    ? (t.split(/\s*[-_|｜—]\s*/).find((s) => /政府|管委会|委员会|人民/.test(s)) ?? t.split(/\s*[-_|｜—]\s*/)[0])
    : null;
}
