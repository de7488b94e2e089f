// www.hanweb-demo.gov.cn — a FICTIONAL Hanweb JCMS portal (PORTALS.md §3A-C), a replica of the platform, not of a
// real site. Its column page /col/col1001/index.html has an empty list container: the rows exist only after the
// page's script POSTs /module/web/jpage/dataproxy.jsp and renders the <recordset><record> items (Playwright needed).
// Articles /art/YYYY/M/D/art_1001_{id}.html with div#zoom. It hosts real documents of test/fixtures/realdata (the
// 洪泽区 PDFs as attachments, the 平潭 page verbatim) beside a synthetic agency.
import fs from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../../config/site-schema.js';
import { esc } from '../render.js';
import { FIXTURES, type ReportDoc, realdataReport, syntheticSeries } from '../reports.js';
import {
  byDateDesc,
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

const O = 'http://www.hanweb-demo.gov.cn';
const COL = 1001;
const PER_PAGE = 20;

function artUrl(date: string, id: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${O}/art/${y}/${m}/${d}/art_${COL}_${id}.html`;
}

function hanwebArticle(title: string, date: string, source: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="ArticleTitle" content="${esc(title)}"><meta name="PubDate" content="${date} 10:00">
<meta name="ContentSource" content="${esc(source)}"><meta name="ColumnName" content="政府信息公开年报">
</head><body>
<!-- replica markup follows: Hanweb article /art/YYYY/M/D/art_{col}_{id}.html, meta ArticleTitle/PubDate/ContentSource/ColumnName, body div#zoom (PORTALS.md §3A C) -->
<div class="main"><div class="title">${esc(title)}</div>
<div class="info">发布日期：${date} 来源：${esc(source)}</div>
<div id="zoom">${body}</div></div></body></html>`;
}

function columnPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<!-- replica markup follows: a Hanweb column written by jpage (dataproxy.jsp POST form, <recordset><record> CDATA rows; PORTALS.md §3A C, CG trs.py). Its pager is simplified (a.next in div.default_pgPanel); real jpage pagers are a.default_pgNext in table.default_pgPanel (issue 11), tested in test/crawlers/families-evidence.test.ts -->
<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<div id="div${COL}" class="default_pgContainer"></div>
<div id="pager" class="default_pgPanel"></div>
<script>
(function () {
  var perpage = ${PER_PAGE}, columnid = ${COL}, unitid = 7001, webid = 1;
  function load(page) {
    var start = (page - 1) * perpage + 1, end = page * perpage;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/module/web/jpage/dataproxy.jsp?startrecord=' + start + '&endrecord=' + end + '&perpage=' + perpage);
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    xhr.onload = function () { render(xhr.responseText, page); };
    xhr.send('col=1&appid=1&webid=' + webid + '&path=%2F&columnid=' + columnid + '&sourceContentType=1&unitid=' + unitid + '&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0');
  }
  function render(xml, page) {
    var total = Number((/<totalrecord>(\\d+)<\\/totalrecord>/.exec(xml) || [0, 0])[1]);
    var re = /<record><!\\[CDATA\\[([\\s\\S]*?)\\]\\]><\\/record>/g, m, rows = [];
    while ((m = re.exec(xml))) rows.push(m[1]);
    document.getElementById('div${COL}').innerHTML = '<ul class="list">' + rows.join('') + '</ul>';
    var pages = Math.ceil(total / perpage), pager = document.getElementById('pager');
    pager.innerHTML = '共' + total + '条 第' + page + '/' + pages + '页 ' +
      (page < pages ? '<a href="javascript:;" class="next" data-page="' + (page + 1) + '">下一页</a>' : '');
    var next = pager.querySelector('a.next');
    if (next) next.onclick = function () { load(page + 1); };
  }
  load(1);
})();
</script></body></html>`;
}

export function hanwebSite(): SiteSpec {
  const hongze = [realdataReport('hongze-2023', '2024-01-15'), realdataReport('hongze-2024', '2025-01-16')];
  const pingtan = realdataReport('pingtan-2023', '2024-03-20');
  const syn = syntheticSeries('某某示例县人民政府', [2019, 2020, 2021, 2022, 2023, 2024], (y) => publishDate(y, 6));
  const docs: ReportDoc[] = [...hongze, pingtan, ...syn];
  let records: ListItem[] = [];
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const listed: ListItem[] = [];
    for (const doc of docs) {
      const id = idFrom(doc.key, 4_000_000);
      const url = artUrl(doc.publishedDate, id);
      if (doc === pingtan) {
        // The real crawled page, byte for byte (it is a TRS page; here it stands in as a real-world document).
        pages.set(pathOf(url), {
          contentType: 'text/html; charset=utf-8',
          body: fs.readFileSync(path.join(FIXTURES, 'realdata', 'pingtan-2023.html')),
        });
        reports.push(published({ ...doc, attachments: [] }, url, []));
      } else {
        const onlyAttachment = !doc.synthetic; // 洪泽区: the PDF is the report
        const files = onlyAttachment ? doc.attachments.filter((a) => a.name.endsWith('.pdf')) : doc.attachments;
        const atts = files.map((f, i) => ({
          name: `${doc.title}.${extOf(f.name)}`,
          url: `${O}/picture/0/${doc.publishedDate.replace(/-/g, '').slice(2)}${id}${i}.${extOf(f.name)}`,
          file: f.file,
        }));
        for (const a of atts) pages.set(pathOf(a.url), filePage(a.file));
        const attHtml = atts
          .map((a) => `<p>附件：<a href="${esc(pathOf(a.url))}" target="_blank">${esc(a.name)}</a></p>`)
          .join('');
        const body = onlyAttachment
          ? `<p>${esc(doc.title)}全文见附件。</p>${attHtml}`
          : reportArticleBody(doc) + attHtml;
        pages.set(pathOf(url), html(hanwebArticle(doc.title, doc.publishedDate, doc.agency, body)));
        reports.push(
          published(
            doc,
            url,
            atts.map((a) => a.url),
            !onlyAttachment,
          ),
        );
      }
      listed.push({ title: doc.title, url, date: doc.publishedDate });
    }
    const fill = fillerItems(26, (i, date) => artUrl(date, idFrom(`hw-f${i}`, 3_000_000)), 12);
    for (const f of fill)
      pages.set(
        pathOf(f.url),
        html(hanwebArticle(f.title, f.date, '示例县', `<p>本文为复刻站点的示例内容，与年度报告无关。</p>`)),
      );
    records = byDateDesc([...listed, ...fill]);
    pages.set(`/col/col${COL}/index.html`, html(columnPage()));
    return { pages, reports };
  };
  const dynamic = (req: { method: string; url: URL; body: Buffer }): Page | null => {
    if (req.url.pathname !== '/module/web/jpage/dataproxy.jsp') return null;
    if (req.method !== 'POST') return { status: 405, contentType: 'text/plain', body: Buffer.from('POST only') };
    const form = new URLSearchParams(req.body.toString('utf8'));
    if (form.get('columnid') !== String(COL))
      return {
        status: 200,
        contentType: 'text/xml;charset=UTF-8',
        body: Buffer.from('<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>'),
      };
    const start = Math.max(1, Number(req.url.searchParams.get('startrecord') ?? 1));
    const end = Math.max(start, Number(req.url.searchParams.get('endrecord') ?? start + PER_PAGE - 1));
    const rows = records
      .slice(start - 1, end)
      .map(
        (r) =>
          `<record><![CDATA[<li><a href="${esc(pathOf(r.url))}" title="${esc(r.title)}" target="_blank">${esc(r.title)}</a><span class="bt_time">${r.date}</span></li>]]></record>`,
      )
      .join('\n');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=${COL}&unitid=7001&webname=&permissiontype=0"></a>]]></nextgroup><recordset>
${rows}
</recordset><totalrecord>${records.length}</totalrecord><totalpage>${Math.ceil(records.length / PER_PAGE)}</totalpage></datastore>`;
    return { contentType: 'text/xml;charset=UTF-8', body: Buffer.from(xml) };
  };
  return {
    id: 'hanweb',
    name: '示例县（Hanweb 复刻演示站）',
    platform: 'hanweb',
    realOrigins: [O, 'https://www.hanweb-demo.gov.cn'],
    entryUrls: [`${O}/col/col${COL}/index.html`],
    robotsTxt: ROBOTS(),
    docs,
    build,
    dynamic,
  };
}

/** The fictional Hanweb site as a crawler's row: not in the production registry, handed to the pipeline by the demo
 *  and the tests beside the replica that serves it. */
export const HANWEB_DEMO_SITE: SiteConfig = {
  id: 'hanweb',
  name: '大汉示例区人民政府(演示站点)',
  hosts: ['www.hanweb-demo.gov.cn'],
  entries: [{ family: 'hanweb', url: 'http://www.hanweb-demo.gov.cn/col/col1001/index.html' }],
  source: 'fictional replica of the Hanweb /col/ + /art/ + dataproxy.jsp pattern',
};
