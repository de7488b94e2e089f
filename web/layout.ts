// The page shell and the building blocks every page uses: data tables (rendered, and downloadable as CSV/JSON from
// the same rows), charts (data in an attribute, drawn by /assets/charts.js), pagers and safe links.
import { type Html, html, type Interpolation } from './html.js';

export interface Column {
  key: string;
  label: string;
}

/** A table a page shows and offers as CSV/JSON: `?format=csv&table=NAME` on the page's own URL. */
export interface DataTable {
  name: string;
  columns: Column[];
  rows: Record<string, unknown>[];
}

export interface PageResult {
  title: string;
  body: Html;
  tables: DataTable[];
  charts?: boolean;
  /** The search box's text. */
  q?: string;
}

export interface ChartSpec {
  title: string;
  kind: 'line' | 'bar';
  x: (string | number)[];
  series: { name: string; values: (number | null)[] }[];
}

export const ECHARTS_ASSET = '/assets/echarts.min.js';

const NAV: [string, string][] = [
  ['/', '首页'],
  ['/search', '机关'],
  ['/compare', '比较'],
  ['/aggregate', '汇总'],
  ['/runs', '抓取记录'],
  ['/failures', '失败文档'],
  ['/api', 'API'],
];

export function layout(p: PageResult): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · gongkai 政府信息公开年报</title><link rel="stylesheet" href="/assets/style.css">
${p.charts ? html`<script src="${ECHARTS_ASSET}" defer></script><script src="/assets/charts.js" defer></script>` : ''}
</head><body>
<header><nav>${NAV.map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav>
<form action="/search" method="get" role="search"><input type="search" name="q" value="${p.q ?? ''}" placeholder="机关名称或地区，如 洪泽" aria-label="搜索机关"><button>搜索</button></form></header>
<main>${p.body}</main>
<footer>gongkai · 数据来自各级政府门户网站公开的政府信息公开工作年度报告，数值按原文保存</footer>
</body></html>`.text;
}

export function url(path: string, params: Record<string, string | number | undefined | (string | number)[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    for (const x of Array.isArray(v) ? v : [v]) u.append(k, String(x));
  }
  const qs = u.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Links to the table as CSV and JSON: the current URL with format and table added. */
export function downloads(currentUrl: string, table: string): Html {
  const u = new URL(currentUrl, 'http://x');
  u.searchParams.delete('page');
  u.searchParams.delete('per_page');
  u.searchParams.set('table', table);
  const link = (format: string) => {
    u.searchParams.set('format', format);
    return `${u.pathname}?${u.searchParams.toString()}`;
  };
  return html`<p class="downloads">下载：<a href="${link('csv')}" download>CSV</a> · <a href="${link('json')}">JSON</a></p>`;
}

export function fmtNumber(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

export function fmtChange(change: number | null, pct: number | null): string {
  if (change === null) return '';
  const sign = change > 0 ? '+' : '';
  return `${sign}${change}${pct === null ? '' : `（${pct > 0 ? '+' : ''}${pct}%）`}`;
}

/** A plain rendering of a DataTable: every value as text, numbers right-aligned. */
export function renderTable(t: DataTable, cell?: (row: Record<string, unknown>, col: Column) => Interpolation): Html {
  return html`<div class="scroll"><table id="table-${t.name}"><thead><tr>${t.columns.map((c) => html`<th>${c.label}</th>`)}</tr></thead>
<tbody>${t.rows.map(
    (r) =>
      html`<tr>${t.columns.map((c) => {
        const v = r[c.key];
        const shown = cell ? cell(r, c) : v === null || v === undefined ? '' : String(v);
        return html`<td class="${typeof v === 'number' ? 'n' : ''}">${shown}</td>`;
      })}</tr>`,
  )}</tbody></table></div>`;
}

export function chart(spec: ChartSpec): Html {
  return html`<figure class="chart-box"><figcaption>${spec.title}</figcaption><div class="chart" role="img" aria-label="${spec.title}" data-chart="${JSON.stringify(spec)}"></div></figure>`;
}

/** A link when the URL is http(s); otherwise the text only (a javascript: or file: URL is never a link). */
export function externalLink(href: string | null, label?: string): Html {
  if (!href) return html``;
  if (/^https?:\/\//i.test(href))
    return html`<a href="${href}" rel="noopener noreferrer nofollow">${label ?? href}</a>`;
  return html`<span>${label ?? href}</span>`;
}

export function pager(currentUrl: string, page: number, perPage: number, total: number): Html {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return html`<p class="pager">共 ${total} 条</p>`;
  const to = (n: number) => {
    const u = new URL(currentUrl, 'http://x');
    u.searchParams.set('page', String(n));
    return `${u.pathname}?${u.searchParams.toString()}`;
  };
  return html`<p class="pager">共 ${total} 条，第 ${page}/${pages} 页
${page > 1 ? html` <a href="${to(page - 1)}" rel="prev">上一页</a>` : ''}${page < pages ? html` <a href="${to(page + 1)}" rel="next">下一页</a>` : ''}</p>`;
}

export function errorPage(status: number, message: string): string {
  const title = status === 404 ? '未找到' : status === 400 ? '请求有误' : '出错了';
  return layout({
    title,
    body: html`<h1>${status} ${title}</h1><p class="error">${message}</p><p><a href="/">返回首页</a></p>`,
    tables: [],
  });
}
