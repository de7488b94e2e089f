// 机关搜索: agencies by a fragment of their name or region, with the years stored for each.
import { searchAgencies } from '../../db/explorer.js';
import type { PageHandler } from '../context.js';
import { html } from '../html.js';
import { type DataTable, downloads, pager, renderTable, url } from '../layout.js';
import { pagingParams, textParam } from '../params.js';

export const searchPage: PageHandler = async (ctx, req) => {
  const q = textParam(req.query, 'q');
  const region = textParam(req.query, 'region');
  const paging = pagingParams(req.query, req.download);
  const hits = await ctx.db.read((db) => searchAgencies(db, { q, region }, paging));
  const table: DataTable = {
    name: 'agencies',
    columns: [
      { key: 'agency', label: '机关' },
      { key: 'region', label: '地区' },
      { key: 'years', label: '年份' },
    ],
    rows: hits.items.map((h) => ({ agency: h.agency, region: h.region, years: h.years.join(' ') })),
  };
  const yearsOf = new Map(hits.items.map((h) => [h.agency, h.years]));
  return {
    title: q ? `搜索：${q}` : '机关',
    q,
    tables: [table],
    body: html`<h1>${q || region ? `搜索“${[q, region].filter(Boolean).join(' ')}”` : '全部机关'}</h1>
<form action="/search" method="get" class="filters">
<label>名称 <input type="search" name="q" value="${q ?? ''}" placeholder="如 洪泽"></label>
<label>地区 <input type="text" name="region" value="${region ?? ''}" placeholder="如 深圳市"></label>
<button>搜索</button></form>
${
  hits.total === 0
    ? html`<p class="empty">没有找到机关。试试更短的名称片段或地区名。</p>`
    : renderTable(table, (r, c) => {
        const agency = String(r.agency);
        if (c.key === 'agency') return html`<a class="agency" href="${url('/agency', { name: agency })}">${agency}</a>`;
        if (c.key === 'years')
          return (yearsOf.get(agency) ?? []).map(
            (y) => html`<a href="${url('/report', { agency, year: y })}">${y}</a> `,
          );
        return r[c.key] === null ? '' : String(r[c.key]);
      })
}
${pager(req.url, hits.page, hits.per_page, hits.total)}
${downloads(req.url, 'agencies')}`,
  };
};
