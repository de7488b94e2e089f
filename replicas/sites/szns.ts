// 深圳市南山区人民政府 www.szns.gov.cn (NFCMS, PORTALS.md §1): the parent column /xxgk/qzfxxgkml/xxgknb/ lists its
// sub-columns; reports are `content/post_{ID}.html` with `div.tyxxy_main` and `div.tyxxy_fj`; plus gkmlpt.
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
import {
  columnIndex,
  type GkmlptCategory,
  gkmlptApi,
  gkmlptIndex,
  nfcmsArticle,
  nfcmsListing,
  reportArticleBody,
} from './nfcms.js';

const O = 'http://www.szns.gov.cn';
const PARENT = `${O}/xxgk/qzfxxgkml/xxgknb/`;
const DEPTS = `${PARENT}gbmxxgkndbg/`;
const DISTRICT = `${PARENT}qzfxxgknb/`;
const SID = '755033';

export function sznsSite(): SiteSpec {
  const district: ReportDoc[] = [
    seedReport(SEEDS.szns, '2024-01-19', '深圳市南山区人民政府2023年政府信息公开工作年度报告'),
    ...syntheticSeries('合成测试区人民政府', [2020, 2021, 2022, 2023, 2024], (y) => publishDate(y, 3)),
  ];
  const depts: ReportDoc[] = [
    ...syntheticSeries('合成测试区某某示例局', [2021, 2022, 2023, 2024, 2025], (y) => publishDate(y, 7)),
    ...syntheticSeries('合成测试区示例街道办事处', [2021, 2022, 2023, 2024, 2025], (y) => publishDate(y, 11)),
  ];
  const docs = [...district, ...depts];
  const column = new Map<ReportDoc, string>([
    ...district.map((d) => [d, DISTRICT] as const),
    ...depts.map((d) => [d, DEPTS] as const),
  ]);

  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const listed = new Map<string, ListItem[]>([
      [DISTRICT, []],
      [DEPTS, []],
    ]);
    const gkCat: GkmlptCategory = { id: 2104, name: '政府信息公开年报', articles: [] };
    for (const doc of docs) {
      const col = column.get(doc)!;
      const id = idFrom(doc.key, 11_000_000);
      const url = `${col}content/post_${id}.html`;
      const atts = doc.attachments.map((f, i) => ({
        name: `${doc.title}.${extOf(f.name)}`,
        url: `${O}/attachment/0/${Math.floor(id / 1000)}/${id}/${id + i + 1}.${extOf(f.name)}`,
        file: f.file,
      }));
      for (const a of atts) pages.set(pathOf(a.url), filePage(a.file));
      pages.set(
        pathOf(url),
        html(
          nfcmsArticle(
            'szns',
            {
              url,
              title: doc.title,
              date: doc.publishedDate,
              source: doc.agency,
              column: col === DISTRICT ? '区政府信息公开年度报告' : '各部门信息公开年度报告',
              breadcrumb: '首页 > 政务公开 > 区政府信息公开',
              bodyHtml: reportArticleBody(doc),
              attachments: atts,
              id,
            },
            SID,
          ),
        ),
      );
      listed.get(col)!.push({ title: doc.title, url, date: doc.publishedDate });
      gkCat.articles.push({
        id,
        title: doc.title,
        date: doc.publishedDate,
        url,
        publisher: doc.agency,
        attachments: atts,
      });
      reports.push(
        published(
          doc,
          url,
          atts.map((a) => a.url),
        ),
      );
    }
    // A draft under a robots.txt Disallow path, linked from the listing: a polite crawler never fetches it.
    const draft = docs[1];
    const draftUrl = `${O}/preview/xxgk/qzfxxgkml/xxgknb/qzfxxgknb/content/post_${idFrom('draft', 11_000_000)}.html`;
    pages.set(
      pathOf(draftUrl),
      html(
        nfcmsArticle(
          'szns',
          {
            url: draftUrl,
            title: draft.title + '（预览稿）',
            date: draft.publishedDate,
            source: draft.agency,
            column: '预览',
            breadcrumb: '预览',
            bodyHtml: reportArticleBody(draft),
            attachments: [],
            id: 1,
          },
          SID,
        ),
      ),
    );
    listed.get(DISTRICT)!.push({ title: draft.title + '（预览稿）', url: draftUrl, date: draft.publishedDate });
    reports.push({ ...published(draft, draftUrl, []), key: draft.key + '-preview', disallowed: true });

    for (const [col, n, seed] of [
      [DISTRICT, 8, 1],
      [DEPTS, 14, 2],
    ] as const) {
      const fill = fillerItems(n, (i) => `${col}content/post_${idFrom(`${col}${i}`, 10_000_000)}.html`, seed);
      for (const f of fill) pages.set(pathOf(f.url), html(fillerArticle(f.title, f.date, 'tyxxy_main')));
      const name = col === DISTRICT ? '区政府信息公开年度报告' : '各部门信息公开年度报告';
      for (const [p, body] of nfcmsListing('szns', col, name, byDateDesc([...listed.get(col)!, ...fill]), 10))
        pages.set(p, html(body));
    }
    pages.set(
      pathOf(PARENT) + 'index.html',
      html(
        columnIndex('信息公开年报', [
          { name: '区政府信息公开年度报告', url: DISTRICT },
          { name: '各部门信息公开年度报告', url: DEPTS },
        ]),
      ),
    );
    const other: GkmlptCategory = {
      id: 2101,
      name: '通知公告',
      articles: fillerItems(5, (i) => `${O}/gkmlpt/content/10/1000/post_${10_000 + i}.html`, 4).map((f, i) => ({
        id: 10_000 + i,
        title: f.title,
        date: f.date,
        url: f.url,
        publisher: '南山区',
        attachments: [],
      })),
    };
    for (const a of other.articles) pages.set(pathOf(a.url), html(fillerArticle(a.title, a.date, 'article-content')));
    const cats = [other, gkCat];
    pages.set('/gkmlpt/index', html(gkmlptIndex(SID, cats)));
    gkCats = cats;
    return { pages, reports };
  };
  let gkCats: GkmlptCategory[] = [];

  return {
    id: 'szns',
    name: '深圳市南山区人民政府',
    platform: 'nfcms',
    realOrigins: [O, 'https://www.szns.gov.cn', 'http://szns.gov.cn'],
    entryUrls: [PARENT, `${O}/gkmlpt/index`],
    robotsTxt: ROBOTS(),
    docs,
    build,
    dynamic: (req) => gkmlptApi(req.url, SID, gkCats),
  };
}
