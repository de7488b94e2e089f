// 深圳市人民政府 www.sz.gov.cn (NFCMS, PORTALS.md §3): column /cn/xxgk/ndxxgkbg/ with `div.zx_ml_list` rows and
// `createPageHTML(N,…)`; detail `div.news_cont_d_wrap`, attachments in `div.fjdown` written by a script;
// gkmlpt SID 755001.
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
import { type GkmlptCategory, gkmlptApi, gkmlptIndex, nfcmsArticle, nfcmsListing, reportArticleBody } from './nfcms.js';

const O = 'http://www.sz.gov.cn';
const COL = `${O}/cn/xxgk/ndxxgkbg/`;
const SID = '755001';

export function szSite(): SiteSpec {
  const docs: ReportDoc[] = [
    seedReport(SEEDS.sz, '2024-01-30', '深圳市人民政府办公厅2023年政府信息公开工作年度报告'),
    ...syntheticSeries('某某示例市人民政府', [2019, 2020, 2021, 2022, 2023, 2024], (y) => publishDate(y, 5)),
  ];
  let gkCats: GkmlptCategory[] = [];
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const items: ListItem[] = [];
    const gk: GkmlptCategory = { id: 1401, name: '政府信息公开年度报告', articles: [] };
    for (const doc of docs) {
      const id = idFrom(doc.key, 10_400_000);
      const url = `${COL}content/post_${id}.html`;
      const folder = Math.floor(id / 1000);
      const atts = doc.attachments.map((f, i) => ({
        name: `${doc.title}.${extOf(f.name)}`,
        url: `${O}/attachment/1/${Math.floor(folder / 1000)}/${folder}/${id + i + 1}.${extOf(f.name)}`,
        file: f.file,
      }));
      for (const a of atts) pages.set(pathOf(a.url), filePage(a.file));
      pages.set(
        pathOf(url),
        html(
          nfcmsArticle(
            'sz',
            {
              url,
              title: doc.title,
              date: doc.publishedDate,
              source: doc.agency,
              column: '年度信息公开报告',
              breadcrumb: '首页 > 政务公开 > 信息公开工作年度报告',
              bodyHtml: reportArticleBody(doc),
              attachments: atts,
              id,
            },
            SID,
          ),
        ),
      );
      items.push({ title: doc.title, url, date: doc.publishedDate });
      gk.articles.push({
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
    const fill = fillerItems(16, (i) => `${COL}content/post_${idFrom(`sz-filler-${i}`, 9_000_000)}.html`, 5);
    for (const f of fill) pages.set(pathOf(f.url), html(fillerArticle(f.title, f.date, 'news_cont_d_wrap')));
    for (const [p, body] of nfcmsListing('sz', COL, '信息公开工作年度报告', byDateDesc([...items, ...fill]), 10))
      pages.set(p, html(body));
    gkCats = [gk];
    pages.set('/gkmlpt/index', html(gkmlptIndex(SID, gkCats)));
    return { pages, reports };
  };
  return {
    id: 'sz',
    name: '深圳市人民政府办公厅',
    platform: 'nfcms',
    realOrigins: [O, 'https://www.sz.gov.cn', 'http://sz.gov.cn'],
    entryUrls: [COL, `${O}/gkmlpt/index`],
    robotsTxt: ROBOTS(),
    docs,
    build,
    dynamic: (req) => gkmlptApi(req.url, SID, gkCats),
  };
}
