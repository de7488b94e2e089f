// Server-rendered column listings shared by NFCMS and TRS: article links, sub-columns, index_N.html paging.
import { anchors, directoryOf, inScope, pageCountOf, reportAnchors, requestOutput } from '../links.js';
import type { CrawlRequest, CrawlResponse, Family, FamilyId, SiteEntry, SpiderOutput } from '../types.js';

export interface ColumnScheme {
  id: FamilyId;
  isArticle: (url: string) => boolean;
  /** The N of the second page's `index_N.html` (NFCMS: 2, no index_1; TRS counts from 0, so 1). */
  secondPageIndex: number;
}

const PAGE_FILE = /\/index_(\d+)\.s?html?$/;
const COLUMN_FILE = /\/(?:index\.s?html?)?$/;

function columnOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.pathname = u.pathname.replace(/index(?:_\d+)?\.s?html?$/, '');
  return u.toString();
}

export function columnFamily(scheme: ColumnScheme): Family {
  const handler = 'column';
  const columnRequest = (url: string, scope: string, page: number): CrawlRequest => ({
    url,
    kind: 'page',
    handler,
    meta: { scope, page },
  });

  function parseColumn(req: CrawlRequest, res: CrawlResponse): SpiderOutput[] {
    const scope = String(req.meta?.scope ?? directoryOf(req.url));
    const page = Number(req.meta?.page ?? 1);
    const base = columnOf(res.url);
    const list = anchors(res.text, res.url);
    const out = reportAnchors(list, scheme.isArticle);

    const explicitPages = list
      .filter((a) => PAGE_FILE.test(new URL(a.url).pathname) && columnOf(a.url) === base)
      .map((a) => ({ url: a.url, n: Number(PAGE_FILE.exec(new URL(a.url).pathname)![1]) }));
    const count = page === 1 ? pageCountOf(res.text) : null;
    if (count && count > 1) {
      const first = explicitPages.some((p) => p.n === 1) ? 1 : scheme.secondPageIndex;
      for (let i = 0; i < count - 1; i++)
        out.push(requestOutput(columnRequest(`${base}index_${first + i}.html`, scope, i + 2)));
    } else {
      // No count in the page: follow the page links it shows (the run's visited set stops loops).
      for (const p of explicitPages) out.push(requestOutput(columnRequest(p.url, scope, page + 1)));
    }

    if (page === 1) {
      for (const a of list) {
        const path = new URL(a.url).pathname;
        if (scheme.isArticle(a.url) || PAGE_FILE.test(path) || !COLUMN_FILE.test(path)) continue;
        const col = columnOf(a.url);
        if (col === base || !inScope(col, scope)) continue;
        out.push(requestOutput(columnRequest(col, scope, 1)));
      }
    }
    return out;
  }

  return {
    id: scheme.id,
    start: (entry: SiteEntry) => [columnRequest(entry.url, entry.scope ?? directoryOf(entry.url), 1)],
    handlers: { [handler]: parseColumn },
  };
}
