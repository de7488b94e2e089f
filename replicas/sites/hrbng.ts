// 哈尔滨市南岗区人民政府 www.hrbng.gov.cn (UCAP, PORTALS.md §4 and §3A-D): channel page
// /hebngq/c111136n/navlist.shtml; JSON listing /common/search/{32-hex channel}?…&_isJson=true&page=N →
// data.results[]; articles /hebngq/c111136n/{YYYYMM}/c01_{id}.shtml with <UCAPTITLE> and <UCAPCONTENT> in
// div.article_content. Article pages are GBK with NO charset in the Content-Type header: the seed report's page has
// a <meta charset=gbk>, the synthetic ones have no charset declaration at all.
import iconv from 'iconv-lite';
import { esc } from '../render.js';
import { type ReportDoc, SEEDS, seedReport, syntheticSeries } from '../reports.js';
import {
  byDateDesc,
  fillerItems,
  idFrom,
  json,
  type ListItem,
  type Page,
  type PublishedReport,
  pathOf,
  type SiteContent,
  type SiteSpec,
} from '../site.js';
import { extOf, filePage, publishDate, published, ROBOTS } from './common.js';
import { reportArticleBody } from './nfcms.js';

const O = 'http://www.hrbng.gov.cn';
const CH = 'c111136n';
export const HRBNG_CHANNEL_ID = '7f3e2b9c4a1d4e6f8b0c5d2a9e1f4b7c';

function gbk(body: string): Page {
  return { contentType: 'text/html', body: iconv.encode(body, 'gbk') };
}

function ucapArticle(title: string, date: string, source: string, body: string, meta: boolean): string {
  return `<!DOCTYPE html><html><head>${meta ? '<meta http-equiv="Content-Type" content="text/html; charset=gbk">' : ''}
<title>${esc(title)}</title>
<meta name="ArticleTitle" content="${esc(title)}">
<meta name="PubDate" content="${date} 09:30">
<meta name="ContentSource" content="${esc(source)}">
</head><body>
<!-- replica markup follows: hrbng.gov.cn/hebngq/c111136n/202401/c01_965226.shtml as stored (日期:… 来源: 字号:), UCAP body div.article_content <UCAPCONTENT> (CG crawlers/heilongjiang.py; PORTALS.md §4, §3A D) -->
<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="article">
<h1><UCAPTITLE>${esc(title)}</UCAPTITLE></h1>
<div class="info">日期:${date} 09:30 来源:${esc(source)} 字号:</div>
<div class="article_content" id="zoomcon"><UCAPCONTENT>${body}</UCAPCONTENT></div>
</div></body></html>`;
}

export function hrbngSite(): SiteSpec {
  const district = seedReport(SEEDS.hrbng, '2024-01-22', '哈尔滨市南岗区人民政府2023年政府信息公开工作年度报告');
  const syn = syntheticSeries('某某示例区企业和投资服务局', [2020, 2021, 2022, 2023, 2024], (y) => publishDate(y, 4));
  const docs: ReportDoc[] = [district, ...syn];
  let items: (ListItem & { channelName: string })[] = [];
  const build = (): SiteContent => {
    const pages = new Map<string, Page>();
    const reports: PublishedReport[] = [];
    const listed: (ListItem & { channelName: string })[] = [];
    for (const doc of docs) {
      const ym = doc.publishedDate.slice(0, 7).replace('-', '');
      const id = idFrom(doc.key, 960_000, 40_000);
      const url = `${O}/hebngq/${CH}/${ym}/c01_${id}.shtml`;
      const atts = doc.attachments.map((f, i) => ({
        name: `${doc.title}.${extOf(f.name)}`,
        url: `${O}/hebngq/${CH}/${ym}/${id}/files/${id}${i}.${extOf(f.name)}`,
        file: f.file,
      }));
      for (const a of atts) pages.set(pathOf(a.url), filePage(a.file));
      const attHtml = atts.map((a) => `<p><a href="${esc(a.url)}">${esc(a.name)}</a></p>`).join('');
      pages.set(
        pathOf(url),
        gbk(ucapArticle(doc.title, doc.publishedDate, doc.agency, reportArticleBody(doc) + attHtml, !doc.synthetic)),
      );
      listed.push({ title: doc.title, url, date: doc.publishedDate, channelName: '政府信息公开年报' });
      reports.push(
        published(
          doc,
          url,
          atts.map((a) => a.url),
        ),
      );
    }
    const fill = fillerItems(
      17,
      (i, date) =>
        `${O}/hebngq/${CH}/${date.slice(0, 7).replace('-', '')}/c01_${idFrom(`ng-f${i}`, 900_000, 50_000)}.shtml`,
      9,
    );
    for (const f of fill)
      pages.set(
        pathOf(f.url),
        gbk(ucapArticle(f.title, f.date, '南岗区', `<p>${esc(f.title)}</p><p>本文为复刻站点的示例内容。</p>`, true)),
      );
    items = byDateDesc([...listed, ...fill.map((f) => ({ ...f, channelName: '通知公告' }))]);
    // navlist.shtml is server-rendered (first 15 rows) and names the channel id the JSON listing takes.
    pages.set(
      `/hebngq/${CH}/navlist.shtml`,
      gbk(`<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>政府信息公开年报</title></head><body>
<!-- replica markup follows: a UCAP navlist.shtml naming its 32-hex channel, whose rows come from /common/search/{channel}?_isJson=true (www.harbin.gov.cn c104524/navlist.shtml; RSSHub harbin route; PORTALS.md §4) -->
<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="navlist" id="navlist" data-channel-id="${HRBNG_CHANNEL_ID}"><ul>
${items
  .slice(0, 15)
  .map(
    (it) =>
      `<li><a href="${esc(pathOf(it.url))}" title="${esc(it.title)}" target="_blank">${esc(it.title)}</a><span>${it.date}</span></li>`,
  )
  .join('\n')}
</ul></div>
<script>var channelId = '${HRBNG_CHANNEL_ID}'; var pageSize = 15;
function loadPage(page){ return fetch('/common/search/' + channelId + '?_isAgg=true&_isJson=true&_pageSize=' + pageSize + '&_template=index&page=' + page).then(function(r){return r.json();}); }</script>
</body></html>`),
    );
    return { pages, reports };
  };
  const dynamic = (req: { url: URL }): Page | null => {
    const m = /^\/common\/search\/([0-9a-f]{32})$/.exec(req.url.pathname);
    if (!m) return null;
    const q = req.url.searchParams;
    if (q.get('_isJson') !== 'true')
      return { status: 400, contentType: 'text/plain', body: Buffer.from('need _isJson=true') };
    const list = m[1] === HRBNG_CHANNEL_ID ? items : [];
    const size = Math.min(60, Math.max(1, Number(q.get('_pageSize') ?? 10) || 10));
    const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
    const slice = list.slice((page - 1) * size, page * size);
    return json({
      code: 200,
      message: 'success',
      data: {
        total: list.length,
        page,
        rows: size,
        totalPage: Math.ceil(list.length / size),
        results: slice.map((it) => ({
          title: it.title,
          url: pathOf(it.url),
          contentHtml: '',
          publishedTimeStr: `${it.date} 09:30:00`,
          channelName: it.channelName,
          domainMetaList: [{ resultList: [{ key: 'pubdate', name: '发布日期', value: it.date }] }],
        })),
      },
    });
  };
  return {
    id: 'hrbng',
    name: '哈尔滨市南岗区人民政府',
    platform: 'ucap',
    realOrigins: [O, 'https://www.hrbng.gov.cn', 'http://hrbng.gov.cn'],
    entryUrls: [`${O}/hebngq/${CH}/navlist.shtml`],
    robotsTxt: ROBOTS(),
    docs,
    build,
    dynamic,
  };
}
