// Shared helpers for reading listing pages: anchors with their titles and dates, URL scopes, page counts.
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { isReportTitle, normalizeTitle, yearOfTitle } from './title.js';
import type { CrawlRequest, ReportLink, SpiderOutput } from './types.js';

export interface Anchor {
  url: string;
  /** title= attribute when present (anchors may hold HTML comments or truncated text), else the text. */
  title: string;
  /** A date found in the anchor's list item, if any. */
  date: string | null;
}

const DATE = /((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})/;

export function toIsoDate(text: string | null | undefined): string | null {
  const m = text ? DATE.exec(text) : null;
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** Resolve href against the page; null for javascript:, mailto:, fragments and unparseable hrefs. */
export function absolute(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || h.startsWith('#') || /^(javascript|mailto|tel):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

/** Every anchor of the page with its resolved URL, title and nearby date. */
export function anchors(html: string, base: string): Anchor[] {
  const $ = cheerio.load(html);
  const out: Anchor[] = [];
  $('a[href]').each((_, el) => {
    const a = $(el);
    const url = absolute(a.attr('href'), base);
    if (!url) return;
    // A date inside the anchor (NFCMS `<a>title<i>2024-01-01</i></a>`) is not part of the title.
    const inner = a.clone();
    const innerDate = inner.find('i, em, span, time').filter((_, d) => DATE.test($(d).text()));
    const innerDateText = innerDate.text();
    innerDate.remove();
    const title = normalizeTitle(a.attr('title') || inner.text());
    out.push({ url, title, date: toIsoDate(innerDateText) ?? rowDate($, a, title) });
  });
  return out;
}

/** The date of the anchor's row: a `li`, `tr` or `dl` (TRS Fujian `<dl><dd><a/></dd><dd>date</dd></dl>`), else the
 *  nearest ancestor (up to three levels: `<div><span><a/></span><span>date</span></div>`) holding only this link. */
function rowDate($: cheerio.CheerioAPI, a: cheerio.Cheerio<AnyNode>, title: string): string | null {
  const item = a.closest('li, tr, dl');
  if (item.length) return toIsoDate(item.text().replace(title, ''));
  const href = a.attr('href');
  let el = a.parent();
  for (let depth = 0; depth < 3 && el.length; depth++, el = el.parent()) {
    const hrefs = new Set(
      el
        .find('a[href]')
        .map((_, x) => $(x).attr('href'))
        .get(),
    );
    if (hrefs.size > 1 || (hrefs.size === 1 && !hrefs.has(href ?? ''))) return null;
    const date = toIsoDate(el.text().replace(title, ''));
    if (date) return date;
  }
  return null;
}

/** The directory of a URL (for the default listing scope). */
export function directoryOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.pathname = u.pathname.replace(/[^/]*$/, '');
  return u.toString();
}

export function inScope(url: string, scope: string): boolean {
  return url.startsWith(scope) || url.replace(/^https:/, 'http:').startsWith(scope.replace(/^https:/, 'http:'));
}

export function reportOutput(
  url: string,
  title: string,
  date: string | null,
  extra: Partial<ReportLink> = {},
): SpiderOutput {
  return { type: 'report', report: { url, title, date, year: yearOfTitle(title), ...extra } };
}

export function requestOutput(request: CrawlRequest): SpiderOutput {
  return { type: 'request', request };
}

/** Report links among the anchors: those whose URL is an article of the family and whose title is a report's. */
export function reportAnchors(list: Anchor[], isArticle: (url: string) => boolean): SpiderOutput[] {
  const seen = new Set<string>();
  const out: SpiderOutput[] = [];
  for (const a of list) {
    if (!isArticle(a.url) || seen.has(a.url) || !isReportTitle(a.title)) continue;
    seen.add(a.url);
    out.push(reportOutput(a.url, a.title, a.date));
  }
  return out;
}

/** The page count written into listing-page scripts by the CMS, if any. */
export function pageCountOf(html: string): number | null {
  const patterns: RegExp[] = [
    /createPageHTML\(\s*['"][^'"]*['"]\s*,\s*(\d+)/, // createPageHTML('page_div', N, cur, …)
    /createPageHTML\(\s*(\d+)/, // createPageHTML(N, cur, "index", "html")
    /createPage\(\s*(\d+)/, // createPage(N, cur, "index", "html") (Chongqing)
    /countPage\s*=\s*(\d+)/,
    /totalPage\s*=\s*(\d+)\s*;/,
  ];
  for (const p of patterns) {
    const m = p.exec(html);
    if (m) return Number(m[1]);
  }
  const ceil = /totalPage\s*=\s*Math\.ceil\(\s*(\d+)\s*\/\s*(\d+)\s*\)/.exec(html);
  if (ceil) return Math.max(1, Math.ceil(Number(ceil[1]) / Number(ceil[2])));
  return null;
}
