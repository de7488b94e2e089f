// The Guangdong 集约化 (NFCMS) templates and the gkmlpt catalogue, shared by szns, sz, gzns/gz and the generated
// replicas. Markup follows docs/PORTALS.md §1, §3, §5 and §3A.
import { esc, reportBody } from '../render.js';
import type { ReportDoc } from '../reports.js';
import { chunk, json, type ListItem, type Page, pathOf } from '../site.js';

export interface NfcmsArticle {
  url: string;
  title: string;
  date: string;
  source: string;
  column: string;
  breadcrumb: string;
  bodyHtml: string;
  attachments: { name: string; url: string }[];
  id: number;
}

/** `time` and `source` header lines per template, and the body container class. */
export type NfcmsTemplate = 'szns' | 'sz' | 'gzns' | 'gz';

export function nfcmsArticle(t: NfcmsTemplate, a: NfcmsArticle, siteId = '755033'): string {
  const metas = `<meta name="ArticleTitle" content="${esc(a.title)}">
<meta name="PubDate" content="${a.date} 10:00">
<meta name="ContentSource" content="${esc(a.source)}">
<meta name="ColumnName" content="${esc(a.column)}">
<meta name="ArticleId" content="${a.id}">`;
  const fj = a.attachments.map((f) => `<p><a href="${esc(f.url)}" target="_blank">${esc(f.name)}</a></p>`).join('');
  let main: string;
  if (t === 'szns') {
    main = `<div class="tyxxy_title"><h1>${esc(a.title)}</h1><div class="tyxxy_info">时间:${a.date}来源:${esc(a.source)}</div><div class="share">分享到:</div></div>
<div class="tyxxy_main">${a.bodyHtml}</div>
<div class="tyxxy_fj">${a.attachments.length ? '附件：' + fj : ''}</div>`;
  } else if (t === 'sz') {
    // sz.gov.cn writes the attachment links with a script.
    const fjs = a.attachments.map((f) => `'<a href="${esc(f.url)}">${esc(f.name)}</a>'`).join(',');
    main = `<div class="news_cont_d_title"><h1>${esc(a.title)}</h1></div>
<div class="tit"><span>信息来源:${esc(a.source)}</span><span>信息提供日期：${a.date} 10:00</span><span>【字体: 视力保护色:</span></div>
<div class="news_cont-tools"></div>
<div class="news_cont_d_wrap">${a.bodyHtml}</div>
<div class="fjdown"><script>var fjs=[${fjs}];for(var i=0;i<fjs.length;i++){document.write('<p>'+fjs[i]+'</p>');}</script></div>`;
  } else if (t === 'gzns') {
    main = `<div class="article-title"><h1>${esc(a.title)}</h1><div class="info">来源:${esc(a.source)}发布日期:${a.date}【浏览字号:大 中 小】</div></div>
<div class="article-content">${a.bodyHtml}${a.attachments.length ? '<div class="attachment">附件：' + fj + '</div>' : ''}</div>`;
  } else {
    main = `<div class="info_title"><h1>${esc(a.title)}</h1><div class="info_time">听全文 • ${a.date} • 来源:${esc(a.source)} • 分享到</div></div>
<div class="article-content">${a.bodyHtml}${a.attachments.length ? '<div class="attachment">附件：' + fj + '</div>' : ''}</div>`;
  }
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(a.title)}</title>
${metas}
<script>var NFCMS_SITE_ID="${siteId}";var NFCMS_POST_ID="${a.id}";</script>
<script src="//statistics.gd.gov.cn/scripts/s.js"></script>
</head><body>
<!-- replica markup follows: NFCMS articles content/post_ID.html — meta ArticleTitle/PubDate/ContentSource, NFCMS_SITE_ID beacon, the header lines of szns post_11103425, sz post_8595151 and gz post_10120469 as stored (PORTALS.md §1, §3, §5, §3A A) -->
<div class="header">政务公开</div>
<div class="crumb">${esc(a.breadcrumb)}</div>
<div class="content">${main}</div>
<div class="footer">主办单位：复刻站点（测试用）</div>
</body></html>`;
}

export type ListStyle = 'szns' | 'sz' | 'gz';

/** A column's listing, paged `index.html`, `index_2.html`… (no index_1). Returns path → page. */
export function nfcmsListing(
  style: ListStyle,
  columnUrl: string,
  columnName: string,
  items: ListItem[],
  perPage: number,
  subColumns: { name: string; url: string }[] = [],
): Map<string, string> {
  const pages = chunk(items, perPage);
  const out = new Map<string, string>();
  const base = pathOf(columnUrl);
  pages.forEach((pageItems, i) => {
    const n = i + 1;
    let list: string;
    if (style === 'sz') {
      list = `<div class="zx_ml_list"><ul>${pageItems
        .map(
          (it, k) =>
            `<li><span class="number">${i * perPage + k + 1}</span><span class="tit"><a href="${esc(it.url)}" title="${esc(it.title)}" target="_blank">${esc(it.title)}</a></span><span>${it.date}</span></li>`,
        )
        .join('\n')}</ul></div>`;
    } else if (style === 'gz') {
      // Anchors can contain HTML comments; the title attribute is the clean text.
      list = `<ul class="news_list">${pageItems
        .map(
          (it) =>
            `<li><a href="${esc(it.url)}" title="${esc(it.title)}" target="_blank"><!--标题-->${esc(it.title)}</a><span class="time">${it.date}</span></li>`,
        )
        .join('\n')}</ul>`;
    } else {
      list = `<div class="list_con"><ul>${pageItems
        .map(
          (it) =>
            `<li><a href="${esc(it.url)}" title="${esc(it.title)}" target="_blank">${esc(it.title)}</a><span class="date">${it.date}</span></li>`,
        )
        .join('\n')}</ul></div>`;
    }
    const pager =
      style === 'gz'
        ? `<script>var totalPage = Math.ceil(${items.length}/${perPage}); var pages_limit=100; var currentPage=${n};</script>`
        : `<div class="page"><script>createPageHTML(${pages.length}, ${i}, "index", "html");</script></div>`;
    const links =
      pages.length > 1
        ? `<div class="pagination">${pages.map((_, j) => `<a href="${j === 0 ? 'index.html' : `index_${j + 1}.html`}">${j + 1}</a>`).join(' ')}</div>`
        : '';
    const subs = subColumns.length
      ? `<div class="sub_column"><ul>${subColumns.map((c) => `<li><a href="${esc(c.url)}">${esc(c.name)}</a></li>`).join('')}</ul></div>`
      : '';
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(columnName)}</title>
<script>function createPageHTML(total, cur, name, ext){ /* NFCMS pager */ }</script></head><body>
<!-- replica markup follows: NFCMS listing rows (gz.gov.cn ul.news_list li a[title] + span.time from GFF gz_fund_poc.py FIX_LIST; sz.gov.cn div.zx_ml_list per RSSHub), index_2.html … with no index_1 (PORTALS.md §3A A) -->
<div class="crumb">首页 &gt; 政务公开 &gt; ${esc(columnName)}</div>
${subs}${list}
${pager}${links}
</body></html>`;
    out.set(n === 1 ? base + 'index.html' : `${base}index_${n}.html`, page);
  });
  return out;
}

/** A parent column page that only lists its sub-columns. */
export function columnIndex(title: string, subs: { name: string; url: string }[]): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
<!-- replica markup follows: a parent column listing its sub-columns (szns /xxgk/qzfxxgkml/xxgknb/, gzns /zwgk/xxgknb/{gbm,gzj}/{YYYY}/; PORTALS.md §1, §5) -->
<div class="crumb">首页 &gt; 政务公开 &gt; ${esc(title)}</div>
<div class="sub_column"><ul>${subs.map((c) => `<li><a href="${esc(c.url)}">${esc(c.name)}</a></li>`).join('\n')}</ul></div>
</body></html>`;
}

export function reportArticleBody(doc: ReportDoc, inPage = true): string {
  return inPage ? reportBody(doc) : `<p>${esc(doc.title)}</p><p>详见附件。</p>`;
}

// ---- gkmlpt ------------------------------------------------------------------------------------------------------

export interface GkmlptCategory {
  id: number;
  name: string;
  articles: {
    id: number;
    title: string;
    date: string;
    url: string;
    publisher: string;
    attachments: { name: string; url: string }[];
  }[];
}

export function gkmlptIndex(sid: string, cats: GkmlptCategory[]): string {
  const tree = cats.map((c) => ({
    id: c.id,
    name: c.name,
    parent: 0,
    jump_url: `/gkmlpt/index#${c.id}`,
    children: [],
  }));
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开目录</title></head><body>
<!-- replica markup follows: gkmlpt /gkmlpt/index with window._CONFIG = {SID, TREE} (CG crawlers/gkmlpt.py and gkmlpt-survey.md; PORTALS.md §3A A); this TREE is flat, the real one is nested (children, jump_url: test/crawlers/families-evidence.test.ts) -->
<div id="app"></div>
<script>window._CONFIG = {SID:'${sid}', TREE:${JSON.stringify(tree)}, SITE_NAME:'政府信息公开目录'};</script>
<script src="/gkmlpt/static/js/app.js"></script>
</body></html>`;
}

/** `/gkmlpt/api/all/{cat}?page=&sid=`: 100 per page, page 0 and 1 the same. */
export function gkmlptApi(url: URL, sid: string, cats: GkmlptCategory[]): Page | null {
  const m = /^\/gkmlpt\/api\/all\/(\d+)$/.exec(url.pathname);
  if (!m) return null;
  const cat = cats.find((c) => c.id === Number(m[1]));
  if (!cat || (url.searchParams.get('sid') ?? sid) !== sid) return json({ classify: null, articles: [] });
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const items = cat.articles.slice((page - 1) * 100, page * 100);
  return json({
    classify: { id: cat.id, name: cat.name, post_count: cat.articles.length },
    articles: items.map((a) => ({
      id: a.id,
      title: a.title,
      document_number: '',
      identifier: `${sid}/${a.date.slice(0, 4)}-${a.id}`,
      publisher: a.publisher,
      date: Math.floor(Date.parse(a.date + 'T10:00:00+08:00') / 1000),
      created_at: `${a.date} 10:00:00`,
      display_publish_time: Math.floor(Date.parse(a.date + 'T10:00:00+08:00') / 1000),
      url: a.url,
      post_url: a.url,
      attachment: a.attachments.map((f) => ({
        name: f.name,
        type: f.name.split('.').pop(),
        mime: '',
        size: 0,
        url: f.url,
      })),
      classify_main_name: cat.name,
      is_expired: 0,
    })),
  });
}
