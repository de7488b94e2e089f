// 重庆市南岸区人民政府 www.cqna.gov.cn (Chongqing TRS, PORTALS.md §2 and §3A-B): parent /zwgk_254/zfxxgknb/ with
// sub-columns naq/ and qzfbgs/; listings `index.html`, `index_1.html` (page 2: TRS counts from 0) with
// `createPage(total, cur, "index", "html")`; articles `./YYYYMM/tYYYYMMDD_ID.html` with `div.trs_editor_view` and
// TRS meta; attachments `./P0YYYYMMDD….pdf` marked `appendix="true"`. robots.txt announces a Crawl-delay.
import { esc } from '../render.js';
import { type ReportDoc, SEEDS, seedReport, syntheticSeries } from '../reports.js';
import {
  byDateDesc,
  chunk,
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
import { reportArticleBody } from './nfcms.js';

const O = 'http://www.cqna.gov.cn';
const PARENT = `${O}/zwgk_254/zfxxgknb/`;

function trsArticle(
  title: string,
  date: string,
  source: string,
  column: string,
  breadcrumb: string,
  body: string,
): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}_重庆市南岸区人民政府</title>
<meta name="SiteName" content="重庆市南岸区人民政府">
<meta name="ColumnName" content="${esc(column)}">
<meta name="ArticleTitle" content="${esc(title)}">
<meta name="PubDate" content="${date} 14:35">
<meta name="ContentSource" content="${esc(source)}">
<meta name="Keywords" content="">
</head><body>
<!-- replica markup follows: cqna.gov.cn t20250123_14202223 and t20200327_6287143 as stored (日期:YYYY-MM-DD HH:MM, 语音播报, 字号), TRS meta of www.cq.gov.cn (CG crawlers/chongqing.py) and body div.trs_editor_view.TRS_UEDITOR (PORTALS.md §2, §3A B) -->
<div class="crumb">${esc(breadcrumb)}</div>
<div class="zwxl-title"><h1>${esc(title)}</h1><div class="zwxl-info"><span>日期:${date} 14:35</span><span>语音播报</span><span>字号：大 中 小</span><span>分享</span></div></div>
<div class="zwxl-article"><div class="view TRS_UEDITOR trs_paper_default trs_web trs_editor_view">${body}</div></div>
</body></html>`;
}

function trsListing(columnUrl: string, name: string, items: ListItem[], perPage: number): Map<string, string> {
  const pages = chunk(items, perPage);
  const out = new Map<string, string>();
  pages.forEach((pageItems, i) => {
    const list = pageItems
      .map((it) => {
        const rel = it.url.startsWith(columnUrl) ? './' + it.url.slice(columnUrl.length) : it.url;
        return `<li class="clearfix"><a href="${esc(rel)}" title="${esc(it.title)}" target="_blank">${esc(it.title)}</a><span>${it.date}</span></li>`;
      })
      .join('\n');
    out.set(
      pathOf(columnUrl) + (i === 0 ? 'index.html' : `index_${i}.html`),
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(name)}</title></head><body>
<!-- replica markup follows: rows ul.tab-item li.clearfix a + date span of gzw.cq.gov.cn (RSSHub chongqing/gzw.ts), pager createPage(N, cur, "index", "html") with index_1.html as page 2 (CG crawlers/chongqing.py; PORTALS.md §2) -->
<div class="crumb">首页&gt;政务公开&gt;政府信息公开年报&gt;${esc(name)}</div>
<ul class="tab-item">${list}</ul>
<div class="page"><script>createPage(${pages.length}, ${i}, "index", "html");</script></div>
</body></html>`,
    );
  });
  return out;
}

export function cqnaSite(crawlDelaySeconds: number): SiteSpec {
  const district = seedReport(SEEDS.cqna, '2024-01-26', '重庆市南岸区2023年政府信息公开工作年度报告');
  const office = syntheticSeries('某某示例区人民政府办公室', [2019, 2020, 2021, 2022, 2023, 2024], (y) =>
    publishDate(y, 9),
  );
  const docs: ReportDoc[] = [district, ...office];
  const cols: [string, string, ReportDoc[], number][] = [
    ['naq', '南岸区', [district], 18],
    ['qzfbgs', '区政府办公室', office, 12],
  ];
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    for (const [slug, name, list, fillN] of cols) {
      const colUrl = `${PARENT}${slug}/`;
      const items: ListItem[] = [];
      for (const doc of list) {
        const d = doc.publishedDate.replace(/-/g, '');
        const id = idFrom(doc.key, 14_000_000);
        const url = `${colUrl}${d.slice(0, 6)}/t${d}_${id}.html`;
        const atts = doc.attachments.map((f, i) => {
          const file = `P0${d}${String(idFrom(doc.key + i, 100_000_000, 899_999_999))}${i}.${extOf(f.name)}`;
          return {
            name: `${doc.title}.${extOf(f.name)}`,
            rel: `./${file}`,
            url: `${colUrl}${d.slice(0, 6)}/${file}`,
            file: f.file,
          };
        });
        for (const a of atts) pages.set(pathOf(a.url), filePage(a.file));
        const attHtml = atts
          .map(
            (a) =>
              `<p class="insertfileTag"><a appendix="true" href="${a.rel}" OLDSRC="/protect/P0${d.slice(0, 6)}/${a.rel.slice(2)}">${esc(a.name)}</a></p>`,
          )
          .join('');
        pages.set(
          pathOf(url),
          html(
            trsArticle(
              doc.title,
              doc.publishedDate,
              doc.agency,
              name,
              `首页>政务公开>政府信息公开年报>${name}`,
              reportArticleBody(doc) + attHtml,
            ),
          ),
        );
        items.push({ title: doc.title, url, date: doc.publishedDate });
        reports.push(
          published(
            doc,
            url,
            atts.map((a) => a.url),
          ),
        );
      }
      const fill = fillerItems(
        fillN,
        (i, date) =>
          `${colUrl}${date.slice(0, 7).replace('-', '')}/t${date.replace(/-/g, '')}_${idFrom(`${slug}-f${i}`, 13_000_000)}.html`,
        fillN,
      );
      for (const f of fill)
        pages.set(
          pathOf(f.url),
          html(
            trsArticle(
              f.title,
              f.date,
              '南岸区',
              name,
              '首页>政务公开',
              `<p>${esc(f.title)}</p><p>本文为复刻站点的示例内容，与年度报告无关。</p>`,
            ),
          ),
        );
      for (const [p, body] of trsListing(colUrl, name, byDateDesc([...items, ...fill]), 10)) pages.set(p, html(body));
    }
    pages.set(
      pathOf(PARENT) + 'index.html',
      html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<!-- replica markup follows: the parent column /zwgk_254/zfxxgknb/ with sub-columns naq/ and qzfbgs/ (breadcrumbs of the stored cqna pages, PORTALS.md §2) -->
<div class="crumb">首页&gt;政务公开&gt;政府信息公开年报</div>
<ul class="sub-column">${cols.map(([slug, name]) => `<li><a href="./${slug}/">${esc(name)}</a></li>`).join('')}</ul></body></html>`),
    );
    return { pages, reports };
  };
  return {
    id: 'cqna',
    name: '重庆市南岸区人民政府',
    platform: 'trs',
    realOrigins: [O, 'https://www.cqna.gov.cn', 'http://cqna.gov.cn', 'https://cqna.gov.cn'],
    entryUrls: [PARENT],
    robotsTxt: ROBOTS([`Crawl-delay: ${crawlDelaySeconds}`]),
    docs,
    build,
  };
}
