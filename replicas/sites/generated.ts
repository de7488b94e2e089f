// A large generated replica for benchmarks: N fictional NFCMS sites (hosts under the reserved .invalid TLD), each
// with one fictional agency's synthetic years and unrelated articles, paged index.html, index_2.html…
import { syntheticSeries } from '../reports.js';
import {
  byDateDesc,
  fillerArticle,
  fillerItems,
  html,
  type Page,
  type PublishedReport,
  pathOf,
  type SiteContent,
  type SiteSpec,
} from '../site.js';
import { publishDate, published, ROBOTS } from './common.js';
import { nfcmsArticle, nfcmsListing, reportArticleBody } from './nfcms.js';

export interface GeneratedOptions {
  sites: number;
  yearsPerSite?: number;
  /** Unrelated articles per site (default 20). */
  fillerPerSite?: number;
  /** Listing rows per page (default 10). */
  perPage?: number;
}

export function generatedSites(opts: GeneratedOptions): SiteSpec[] {
  const years = opts.yearsPerSite ?? 5;
  const out: SiteSpec[] = [];
  for (let n = 1; n <= opts.sites; n++) {
    const num = String(n).padStart(3, '0');
    const O = `http://www.gen${num}.replica.invalid`;
    const COL = `${O}/xxgk/xxgknb/`;
    const agency = `合成测试${num}区人民政府`;
    const docs = syntheticSeries(
      agency,
      Array.from({ length: years }, (_, i) => 2025 - years + i),
      (y) => publishDate(y, n),
    );
    const build = (): SiteContent => {
      const pages = new Map<string, Page>();
      const reports: PublishedReport[] = [];
      const items = docs.map((doc, i) => {
        const id = n * 1000 + i;
        const url = `${COL}content/post_${id}.html`;
        pages.set(
          pathOf(url),
          html(
            nfcmsArticle('szns', {
              url,
              title: doc.title,
              date: doc.publishedDate,
              source: agency,
              column: '政府信息公开年报',
              breadcrumb: '首页 > 政务公开 > 政府信息公开年报',
              bodyHtml: reportArticleBody(doc),
              attachments: [],
              id,
            }),
          ),
        );
        reports.push(published(doc, url, []));
        return { title: doc.title, url, date: doc.publishedDate };
      });
      const fill = fillerItems(opts.fillerPerSite ?? 20, (i) => `${COL}content/post_${n * 1000 + 500 + i}.html`, n);
      for (const f of fill) pages.set(pathOf(f.url), html(fillerArticle(f.title, f.date, 'tyxxy_main')));
      for (const [p, body] of nfcmsListing(
        'szns',
        COL,
        '政府信息公开年报',
        byDateDesc([...items, ...fill]),
        opts.perPage ?? 10,
      ))
        pages.set(p, html(body));
      return { pages, reports };
    };
    out.push({
      id: `gen${num}`,
      name: agency,
      platform: 'nfcms',
      realOrigins: [O],
      entryUrls: [COL],
      robotsTxt: ROBOTS(),
      docs,
      build,
    });
  }
  return out;
}
