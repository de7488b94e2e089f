// Hanweb 大汉 JCMS: columns /col/col{N}/index.html whose list is written by JavaScript (jpage dataproxy.jsp →
// <recordset><record>); articles /art/YYYY/M/D/art_{col}_{id}.html. The column is fetched rendered (Playwright).
import { anchors, reportAnchors, requestOutput } from '../links.js';
import type { CrawlRequest, CrawlResponse, Family, SiteEntry, SpiderOutput } from '../types.js';

export const HANWEB_ARTICLE = /\/art\/\d{4}\/(?:\d{1,2}\/\d{1,2}\/)?art_[0-9a-z_]+\.html$/i;
/** jpage's pager: the 下一页 control re-runs the dataproxy.jsp POST; the renderer clicks it to the last page. The
 *  real control is `a.default_pgNext` inside `table.default_pgPanel` (often an icon without text). */
export const HANWEB_NEXT = 'table.default_pgPanel a.default_pgNext, .default_pgPanel a.next, a:text-is("下一页")';
const isArticle = (url: string) => HANWEB_ARTICLE.test(new URL(url).pathname);

/** The <record> items of a datastore (the first batch sits in `<script type="text/xml"><datastore>`), CDATA or
 *  escaped, joined into one HTML fragment. */
export function recordsHtml(text: string): string {
  return [...text.matchAll(/<record>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([\s\S]*?))\s*<\/record>/g)]
    .map((m) => m[1] ?? unescapeXml(m[2]))
    .join('\n');
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function parseColumn(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
  // Rendered DOM anchors, plus any datastore records still in the source (static variant).
  const html = `${res.text}\n${recordsHtml(res.text)}`;
  const list = anchors(html, res.url);
  const out = reportAnchors(list, isArticle);
  const col = /\/col\/col(\d+)\//.exec(new URL(req.url).pathname)?.[1];
  // Paged views of the same column (index.html?uid=…&pageNum=N) linked from the rendered pager.
  for (const a of list) {
    const u = new URL(a.url);
    if (col && u.pathname.includes(`/col/col${col}/`) && u.searchParams.has('pageNum') && !isArticle(a.url)) {
      out.push(requestOutput({ url: a.url, kind: 'rendered', handler: 'hanweb-col' }));
    }
  }
  return out;
}

export const hanweb: Family = {
  id: 'hanweb',
  start: (entry: SiteEntry) => [
    { url: entry.url, kind: 'rendered', handler: 'hanweb-col', meta: { next: HANWEB_NEXT } },
  ],
  handlers: { 'hanweb-col': parseColumn },
};
