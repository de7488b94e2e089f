// 广州市南沙区人民政府 (PORTALS.md §5): www.gzns.gov.cn `/zwgk/xxgknb/{gbm,gzj}/{YYYY}/` year sub-columns and the
// district report on the city portal www.gz.gov.cn `/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/` — two hosts of one site.
// Listings are `ul.news_list li > a[title] + span.time` with `var totalPage = Math.ceil(N/20)`; index_1 is a 404.
import { type ReportDoc, SEEDS, seedReport, syntheticSeries } from '../reports.js';
import {
  byDateDesc,
  fillerArticle,
  fillerItems,
  html,
  idFrom,
  type ListItem,
  type Page,
  type PublishedReport,
  pathOf,
  type SiteContent,
  type SiteSpec,
} from '../site.js';
import { extOf, filePage, publishDate, published, ROBOTS } from './common.js';
import { columnIndex, nfcmsArticle, nfcmsListing, reportArticleBody } from './nfcms.js';

const NS = 'http://www.gzns.gov.cn';
const GZ = 'http://www.gz.gov.cn';
const XXGKNB = `${NS}/zwgk/xxgknb/`;
const GQ = `${GZ}/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/`;
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];

export function gznsSite(): SiteSpec {
  const district = seedReport(SEEDS.gzns, '2021-02-10', '广州市南沙区人民政府2020年政府信息公开工作年度报告');
  const gqSynthetic = syntheticSeries('合成测试南沙示例区人民政府', [2021, 2022, 2023, 2024], (y) =>
    publishDate(y, 13),
  );
  const gbm = syntheticSeries('某某示例区建设中心', YEARS, (y) => publishDate(y, 2));
  const gzj = syntheticSeries('某某示例街道办事处', YEARS, (y) => publishDate(y, 8));
  const docs: ReportDoc[] = [district, ...gqSynthetic, ...gbm, ...gzj];

  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const article = (doc: ReportDoc, url: string, t: 'gzns' | 'gz', breadcrumb: string, source: string) => {
      const id = Number(/post_(\d+)/.exec(url)![1]);
      const atts = doc.attachments.map((f, i) => ({
        name: `${doc.title}.${extOf(f.name)}`,
        url: `${NS}/attachment/6/${Math.floor(id / 1000)}/${id}/${id + i + 1}.${extOf(f.name)}`,
        file: f.file,
      }));
      for (const a of atts) pages.set(pathOf(a.url), filePage(a.file));
      pages.set(
        pathOf(url),
        html(
          nfcmsArticle(
            t,
            {
              url,
              title: doc.title,
              date: doc.publishedDate,
              source,
              column: '政府信息公开年报',
              breadcrumb,
              bodyHtml: reportArticleBody(doc),
              attachments: atts,
              id,
            },
            t === 'gz' ? '200001' : '200023',
          ),
        ),
      );
      reports.push(
        published(
          doc,
          url,
          atts.map((a) => a.url),
        ),
      );
      return { title: doc.title, url, date: doc.publishedDate };
    };

    // gz.gov.cn 各区 column: the 2020 report sits in the year sub-column 2020n/, later ones directly under gq/.
    const gqItems: ListItem[] = [];
    const y2020 = article(
      district,
      `${GQ}2020n/content/post_7100748.html`,
      'gz',
      '首页 > 政府机构 > 政府信息公开年报 > 各区 > 2020',
      '南沙区',
    );
    gqItems.push(y2020);
    for (const doc of gqSynthetic)
      gqItems.push(
        article(
          doc,
          `${GQ}content/post_${idFrom(doc.key, 10_100_000)}.html`,
          'gz',
          '首页 > 政府机构 > 政府信息公开年报 > 各区',
          doc.agency,
        ),
      );
    const gqFill = fillerItems(22, (i) => `${GQ}content/post_${idFrom(`gq-filler-${i}`, 9_500_000)}.html`, 6);
    for (const f of gqFill) pages.set(pathOf(f.url), html(fillerArticle(f.title, f.date, 'article-content')));
    for (const [p, body] of nfcmsListing('gz', GQ, '各区', byDateDesc([...gqItems, ...gqFill]), 20, [
      { name: '2020年', url: `${GQ}2020n/` },
    ]))
      pages.set(p, html(body));
    for (const [p, body] of nfcmsListing('gz', `${GQ}2020n/`, '2020年', [y2020], 20)) pages.set(p, html(body));

    // gzns: 各部门 (gbm) and 各镇街 (gzj), one sub-column per year.
    const groups: [string, string, ReportDoc[]][] = [
      ['gbm', '各部门', gbm],
      ['gzj', '各镇街', gzj],
    ];
    for (const [slug, name, series] of groups) {
      const groupUrl = `${XXGKNB}${slug}/`;
      for (const year of YEARS) {
        const yearUrl = `${groupUrl}${year}/`;
        const items = series
          .filter((d) => d.year === year)
          .map((d) =>
            article(
              d,
              `${yearUrl}content/post_${idFrom(d.key, 5_600_000, 3_000_000)}.html`,
              'gzns',
              `首页 > 政务公开 > 政府信息公开年报 > ${name} > ${year}`,
              d.agency,
            ),
          );
        // The newest year's column is long enough to page.
        const fill = fillerItems(
          year === 2024 ? 24 : 3,
          (i) => `${yearUrl}content/post_${idFrom(`${slug}-${year}-${i}`, 5_000_000)}.html`,
          year,
        );
        for (const f of fill) pages.set(pathOf(f.url), html(fillerArticle(f.title, f.date, 'article-content')));
        for (const [p, body] of nfcmsListing('gz', yearUrl, `${name} ${year}`, byDateDesc([...items, ...fill]), 20))
          pages.set(p, html(body));
      }
      pages.set(
        pathOf(groupUrl) + 'index.html',
        html(
          columnIndex(
            name,
            YEARS.map((y) => ({ name: `${y}`, url: `${groupUrl}${y}/` })),
          ),
        ),
      );
    }
    pages.set(
      pathOf(XXGKNB) + 'index.html',
      html(
        columnIndex(
          '政府信息公开年报',
          groups.map(([slug, name]) => ({ name, url: `${XXGKNB}${slug}/` })),
        ),
      ),
    );
    return { pages, reports };
  };

  return {
    id: 'gzns',
    name: '广州市南沙区人民政府',
    platform: 'nfcms',
    realOrigins: [NS, 'https://www.gzns.gov.cn', GZ, 'https://www.gz.gov.cn'],
    entryUrls: [XXGKNB, GQ],
    robotsTxt: ROBOTS(),
    docs,
    build,
  };
}
