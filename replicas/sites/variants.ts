// Replica portals that no registry row was written for: what `gongkai sites add` and `crawl --url` must find on
// their own. Each follows a real portal's conventions (named per site); agencies are fictional, years synthetic.
//  - nfdist:   a Guangdong NFCMS district (PORTALS.md §1, §5: content/post_ID.html, createPageHTML, index_2 after
//              index) whose 年报 column is two menus deep (首页 → 政务公开 → 政府信息公开 → 政府信息公开年报) and splits
//              into the district's and each department's sub-columns (as 南山's 各部门信息公开年度报告 does).
//  - trshtm:   a Fujian TRS site as the real Pingtan pages show it (test/fixtures/realportals): articles
//              ./YYYYMM/tYYYYMMDD_ID.htm, rows in <dl><dd>, the date in a second <dd>, pages by script
//              (createPage(N, 0, "index", "htm") → index_1.htm …).
//  - plaincms: a small site on no known CMS: list.php?page=N with a 下一页 link, articles show.php?id=N.
import { esc } from '../render.js';
import { type ReportDoc, syntheticSeries } from '../reports.js';
import {
  byDateDesc,
  chunk,
  fillerItems,
  html,
  type ListItem,
  type Page,
  type PublishedReport,
  pathOf,
  type SiteContent,
  type SiteSpec,
} from '../site.js';
import { publishDate, published, ROBOTS } from './common.js';
import { nfcmsArticle, nfcmsListing, reportArticleBody } from './nfcms.js';

export const VARIANT_SITE_IDS = ['nfdist', 'trshtm', 'plaincms'] as const;

function menu(title: string, links: { name: string; url: string }[], note: string): Page {
  return html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
<!-- ${note} -->
<div class="nav"><ul>${links.map((l) => `<li><a href="${esc(l.url)}">${esc(l.name)}</a></li>`).join('\n')}</ul></div>
</body></html>`);
}

function series(agency: string, salt: number): ReportDoc[] {
  return syntheticSeries(agency, [2021, 2022, 2023, 2024], (y) => publishDate(y, salt));
}

/** NFCMS district: the 年报 column two menus deep, district and department sub-columns. */
export function nfdistSite(): SiteSpec {
  const O = 'http://www.nfdist.replica.invalid';
  const GK = `${O}/zwgk/zfxxgk/`;
  const NB = `${GK}zfxxgknb/`;
  const columns = [
    { name: '区政府信息公开年报', url: `${NB}qzf/`, agency: '合成测试南方区人民政府', salt: 3 },
    { name: '区教育局信息公开年报', url: `${NB}bm/jyj/`, agency: '合成测试南方区教育局', salt: 5 },
    { name: '区卫生健康局信息公开年报', url: `${NB}bm/wsj/`, agency: '合成测试南方区卫生健康局', salt: 7 },
  ];
  const docs = columns.flatMap((c) => series(c.agency, c.salt));
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    for (const c of columns) {
      const items: ListItem[] = [];
      series(c.agency, c.salt).forEach((doc, i) => {
        const id = 3_000_000 + c.salt * 1000 + i;
        const url = `${c.url}content/post_${id}.html`;
        const body = nfcmsArticle('szns', {
          url,
          title: doc.title,
          date: doc.publishedDate,
          source: doc.agency,
          column: c.name,
          breadcrumb: '首页 > 政务公开 > 政府信息公开 > 政府信息公开年报',
          bodyHtml: reportArticleBody(doc),
          attachments: [],
          id,
        });
        pages.set(pathOf(url), html(body));
        items.push({ title: doc.title, url, date: doc.publishedDate });
        reports.push(published(doc, url, []));
      });
      const fill = fillerItems(8, (i) => `${c.url}content/post_${3_900_000 + c.salt * 100 + i}.html`, c.salt);
      for (const [p, body] of nfcmsListing('szns', c.url, c.name, byDateDesc([...items, ...fill]), 5)) {
        pages.set(p, html(body));
      }
    }
    pages.set(
      `${pathOf(NB)}index.html`,
      menu(
        '政府信息公开年报',
        [
          { name: '区政府信息公开年报', url: columns[0].url },
          { name: '部门信息公开年报', url: `${NB}bm/` },
        ],
        'NFCMS parent column listing its sub-columns (as szns /xxgk/qzfxxgkml/xxgknb/)',
      ),
    );
    pages.set(
      `${pathOf(NB)}bm/index.html`,
      menu('部门信息公开年报', columns.slice(1), 'department sub-columns, one per department'),
    );
    pages.set(
      `${pathOf(GK)}index.html`,
      menu(
        '政府信息公开',
        [
          { name: '政府信息公开指南', url: `${GK}zn/` },
          { name: '法定主动公开内容', url: `${GK}fdzdgknr/` },
          { name: '政府信息公开年报', url: NB },
        ],
        'the second menu: 政府信息公开 under 政务公开',
      ),
    );
    pages.set(
      '/zwgk/index.html',
      menu(
        '政务公开_合成测试南方区',
        [
          { name: '政策文件', url: `${O}/zwgk/zcwj/` },
          { name: '政府信息公开', url: GK },
        ],
        'the first menu: 政务公开',
      ),
    );
    return { pages, reports };
  };
  return {
    id: 'nfdist',
    name: '合成测试南方区人民政府',
    platform: 'nfcms',
    realOrigins: [O],
    entryUrls: [`${O}/`],
    robotsTxt: ROBOTS(),
    docs,
    build,
  };
}

/** A Fujian TRS column: .htm articles, <dl><dd> rows, script pager over index_N.htm. */
export function trshtmSite(): SiteSpec {
  const O = 'http://www.trshtm.replica.invalid';
  const COL = `${O}/zwgk/zfxxgk/zfxxgknb/`;
  const docs = [...series('合成测试海滨区人民政府', 9), ...series('合成测试海滨区财政局', 11)];
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const items: ListItem[] = docs.map((doc, i) => {
      const ym = doc.publishedDate.slice(0, 7).replace('-', '');
      const url = `${COL}${ym}/t${doc.publishedDate.replaceAll('-', '')}_${80_000 + i}.htm`;
      pages.set(
        pathOf(url),
        html(`<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="${esc(doc.title)}">
<meta name="PubDate" content="${doc.publishedDate} 09:00"><title>${esc(doc.title)}</title></head><body>
<div class="article_content"><div class="TRS_Editor">${reportArticleBody(doc)}</div></div></body></html>`),
      );
      reports.push(published(doc, url, []));
      return { title: doc.title, url, date: doc.publishedDate };
    });
    const fill = fillerItems(
      14,
      (i, d) => `${COL}${d.slice(0, 7).replace('-', '')}/t${d.replaceAll('-', '')}_${90_000 + i}.htm`,
      9,
    );
    const pagesOf = chunk(byDateDesc([...items, ...fill]), 10);
    pagesOf.forEach((rows, n) => {
      const list = rows
        .map(
          (r) => `<dl>
    <dd class="trt-col-sm-24 text_align_left"><a href="./${esc(r.url.slice(COL.length))}" target="_blank" title="${esc(r.title)}">${esc(r.title)}</a></dd>
    <dd class="trt-col-4 text_align_left">${r.date}</dd>
</dl>`,
        )
        .join('\n');
      // The pager is drawn by script only: no index_N links in the markup.
      pages.set(
        `${pathOf(COL)}${n === 0 ? 'index.html' : `index_${n}.htm`}`,
        html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<!-- rows as the real Pingtan column (<dl><dd>, date in the second <dd>); pager script as TRS createPage -->
<div class="rules_tabs_01">${list}</div>
<div class="page_base"><script>createPage(${pagesOf.length}, ${n}, "index", "htm");</script></div>
</body></html>`),
      );
    });
    return { pages, reports };
  };
  return {
    id: 'trshtm',
    name: '合成测试海滨区人民政府',
    platform: 'trs',
    realOrigins: [O],
    entryUrls: [COL],
    robotsTxt: ROBOTS(),
    docs,
    build,
  };
}

/** A site on no known CMS: list.php?page=N with 下一页, articles show.php?id=N. */
export function plaincmsSite(): SiteSpec {
  const O = 'http://www.plaincms.replica.invalid';
  const LIST = `${O}/xxgk/ndbg/list.php`;
  const docs = series('合成测试山城县人民政府', 13);
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const items: ListItem[] = docs.map((doc, i) => {
      const url = `${O}/xxgk/ndbg/show.php?id=${500 + i}`;
      pages.set(
        pathOf(url),
        html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(doc.title)}</title></head><body>
<h1>${esc(doc.title)}</h1><div class="content">${reportArticleBody(doc)}</div></body></html>`),
      );
      reports.push(published(doc, url, []));
      return { title: doc.title, url, date: doc.publishedDate };
    });
    const fill = fillerItems(9, (i) => `${O}/xxgk/ndbg/show.php?id=${900 + i}`, 13);
    const pagesOf = chunk(byDateDesc([...items, ...fill]), 4);
    pagesOf.forEach((rows, n) => {
      const next = n + 1 < pagesOf.length ? `<a href="list.php?page=${n + 2}">下一页</a>` : '';
      const prev = n > 0 ? `<a href="list.php?page=${n}">上一页</a>` : '';
      const body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告 - 合成测试山城县</title></head><body>
<table class="list">${rows.map((r) => `<tr><td><a href="show.php?id=${new URL(r.url).searchParams.get('id')}">${esc(r.title)}</a></td><td>${r.date}</td></tr>`).join('\n')}</table>
<div class="pages">共${pagesOf.length}页 第${n + 1}页 ${prev} ${next}</div></body></html>`;
      pages.set(`/xxgk/ndbg/list.php?page=${n + 1}`, html(body));
      if (n === 0) pages.set('/xxgk/ndbg/list.php', html(body));
    });
    pages.set(
      '/xxgk/index.html',
      menu(
        '信息公开 - 合成测试山城县',
        [
          { name: '通知公告', url: `${O}/xxgk/tzgg/` },
          { name: '年度报告', url: LIST },
        ],
        'a plain CMS: 信息公开 menu with its 年度报告 list',
      ),
    );
    pages.set(
      '/index.html',
      menu(
        '合成测试山城县人民政府',
        [
          { name: '首页', url: `${O}/` },
          { name: '信息公开', url: `${O}/xxgk/index.html` },
        ],
        'a plain CMS home page',
      ),
    );
    return { pages, reports };
  };
  return {
    id: 'plaincms',
    name: '合成测试山城县人民政府',
    platform: 'generic',
    realOrigins: [O],
    entryUrls: [`${O}/`],
    robotsTxt: ROBOTS(),
    docs,
    build,
  };
}
