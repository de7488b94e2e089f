// 首页: what the database holds, the latest crawl runs, a search box.
import { dataVersion, listRuns, overview } from '../../db/explorer.js';
import type { PageHandler } from '../context.js';
import { html } from '../html.js';
import { downloads, renderTable } from '../layout.js';
import { runsTable } from './runs.js';

export const homePage: PageHandler = async (ctx, req) => {
  const [o, runs] = await ctx.db.read(
    async (db) =>
      [
        await ctx.overview.get('home', await dataVersion(db), () => overview(db)),
        await listRuns(db, { page: 1, perPage: 10 }),
      ] as const,
  );
  const counts = {
    name: 'counts',
    columns: [
      { key: 'agencies', label: '机关' },
      { key: 'reports', label: '年报' },
      { key: 'years', label: '年份' },
      { key: 'sites', label: '网站' },
      { key: 'documents', label: '文档' },
      { key: 'failures', label: '解析失败' },
    ],
    rows: [
      { ...o, years: o.years.length ? `${o.years[0]}–${o.years[o.years.length - 1]}（${o.years.length} 年）` : '' },
    ],
  };
  const recent = runsTable(runs.items);
  return {
    title: '首页',
    tables: [counts, recent],
    body: html`<h1>政府信息公开工作年度报告数据库</h1>
<p>从政府门户网站抓取的年报，三张统计表逐格保存，附来源与解析版本。按机关名称或地区搜索，查看逐年对比。</p>
<form action="/search" method="get" class="big-search"><input type="search" name="q" placeholder="机关名称或地区，如 洪泽、福建省" aria-label="搜索机关"><button>搜索机关</button></form>
<ul class="stats" id="stats">
<li><b data-count="agencies">${o.agencies}</b> 个机关</li>
<li><b data-count="reports">${o.reports}</b> 份年报</li>
<li><b data-count="years">${o.years.length}</b> 个年份${o.years.length ? `（${o.years[0]}–${o.years[o.years.length - 1]}）` : ''}</li>
<li><b data-count="sites">${o.sites}</b> 个网站</li>
<li><a href="/failures"><b>${o.failures}</b> 份文档解析失败</a></li>
</ul>
${downloads(req.url, 'counts')}
<h2>最近的抓取</h2>
${renderTable(recent)}
${downloads(req.url, 'runs')}
<p><a href="/runs">全部抓取记录</a> · <a href="/aggregate">全国逐年汇总</a> · <a href="/compare">多机关比较</a></p>`,
  };
};
