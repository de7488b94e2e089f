// 比较: several agencies (named, or a region's) on one metric over the years; 汇总: a metric summed by year over
// every report, or a region's.
import { aggregateByYear, compareCells, dataVersion } from '../../db/explorer.js';
import type { AppContext, PageHandler } from '../context.js';
import { html } from '../html.js';
import { chart, type DataTable, downloads, renderTable, url } from '../layout.js';
import { DEFAULT_METRIC, type Metric, metricValue } from '../metrics.js';
import { listParam, textParam } from '../params.js';

const MAX_AGENCIES = 50;

export interface CompareResult {
  metric: Metric;
  years: number[];
  agencies: { agency: string; values: Map<number, number | null> }[];
}

export async function loadCompare(
  ctx: AppContext,
  agencies: string[],
  region: string | undefined,
  metricId: string,
): Promise<CompareResult> {
  const metric = ctx.catalog.resolve(metricId);
  if (agencies.length === 0 && !region) return { metric, years: [], agencies: [] };
  const points = await ctx.db.read((db) => compareCells(db, { agencies, region, limit: MAX_AGENCIES }, metric.keyIds));
  const byAgency = new Map<string, Map<number, Map<number, number | null>>>();
  for (const p of points) {
    const years = byAgency.get(p.agency) ?? new Map<number, Map<number, number | null>>();
    byAgency.set(p.agency, years);
    const cells = years.get(p.year) ?? new Map<number, number | null>();
    years.set(p.year, cells);
    cells.set(p.key_id, p.value);
  }
  const years = [...new Set(points.map((p) => p.year))].sort((a, b) => a - b);
  return {
    metric,
    years,
    agencies: [...byAgency].map(([agency, ys]) => ({
      agency,
      values: new Map([...ys].map(([y, cells]) => [y, metricValue(metric, cells)])),
    })),
  };
}

function metricSelect(ctx: AppContext, current: string) {
  return html`<label>指标 <select name="metric">${ctx.catalog
    .choices()
    .map(
      (c) => html`<option value="${c.id}"${c.id === current ? html` selected` : ''}>${c.label}</option>`,
    )}</select></label>`;
}

export const comparePage: PageHandler = async (ctx, req) => {
  const agencies = listParam(req.query, 'agency');
  const region = textParam(req.query, 'region');
  const metricId = textParam(req.query, 'metric') ?? DEFAULT_METRIC;
  const res = await loadCompare(ctx, agencies, region, metricId);
  const table: DataTable = {
    name: 'compare',
    columns: [{ key: 'agency', label: '机关' }, ...res.years.map((y) => ({ key: String(y), label: String(y) }))],
    rows: res.agencies.map((a) => {
      const row: Record<string, unknown> = { agency: a.agency };
      for (const y of res.years) row[String(y)] = a.values.get(y) ?? null;
      return row;
    }),
  };
  const shown = res.agencies.slice(0, 20);
  return {
    title: `比较：${res.metric.label}`,
    charts: res.agencies.length > 0,
    tables: [table],
    body: html`<h1>多机关比较：${res.metric.label}</h1>
<form action="/compare" method="get" class="filters">
<label>机关（每行一个）<textarea name="agency" rows="3">${agencies.join('\n')}</textarea></label>
<label>或地区 <input type="text" name="region" value="${region ?? ''}" placeholder="如 深圳市"></label>
${metricSelect(ctx, metricId)}<button>比较</button></form>
${
  res.agencies.length === 0
    ? html`<p class="empty">${agencies.length || region ? '没有匹配的机关或数据。' : '请输入机关名称（全称）或地区。'}</p>`
    : html`${renderTable(table, (r, c) =>
        c.key === 'agency'
          ? html`<a href="${url('/agency', { name: String(r.agency) })}">${String(r.agency)}</a>`
          : r[c.key] === null || r[c.key] === undefined
            ? ''
            : String(r[c.key]),
      )}
${res.agencies.length >= MAX_AGENCIES ? html`<p class="note">最多显示 ${MAX_AGENCIES} 个机关。</p>` : ''}
${downloads(req.url, 'compare')}
${chart({
  title: `${res.metric.label}${res.agencies.length > shown.length ? `（图中为前 ${shown.length} 个机关）` : ''}`,
  kind: 'line',
  x: res.years,
  series: shown.map((a) => ({ name: a.agency, values: res.years.map((y) => a.values.get(y) ?? null) })),
})}`
}`,
  };
};

export async function loadAggregate(ctx: AppContext, metricId: string, region: string | undefined) {
  const metric = ctx.catalog.resolve(metricId);
  const items = await ctx.db.read(async (db) =>
    ctx.aggregates.get(`${metric.id}|${region ?? ''}`, await dataVersion(db), () =>
      aggregateByYear(db, metric.keyIds, region),
    ),
  );
  return { metric, region: region ?? null, items };
}

export const aggregatePage: PageHandler = async (ctx, req) => {
  const metricId = textParam(req.query, 'metric') ?? DEFAULT_METRIC;
  const region = textParam(req.query, 'region');
  const { metric, items } = await loadAggregate(ctx, metricId, region);
  const table: DataTable = {
    name: 'aggregate',
    columns: [
      { key: 'year', label: '年份' },
      { key: 'reports', label: '年报数' },
      { key: 'sum', label: '合计' },
      { key: 'mean', label: '平均' },
    ],
    rows: items.map((i) => ({ ...i })),
  };
  const where = region ? `“${region}”` : '全国';
  return {
    title: `${where}汇总：${metric.label}`,
    charts: items.length > 0,
    tables: [table],
    body: html`<h1>${where}逐年汇总：${metric.label}</h1>
<form action="/aggregate" method="get" class="filters">${metricSelect(ctx, metricId)}
<label>地区（可选）<input type="text" name="region" value="${region ?? ''}" placeholder="如 福建省"></label><button>汇总</button></form>
<p class="note">每年各机关当年年报之和；年报数为该指标有数值的年报数。地区按机关名称或所属网站的地区匹配。</p>
${
  items.length
    ? html`${renderTable(table)}${downloads(req.url, 'aggregate')}${chart({
        title: `${where}${metric.label}合计`,
        kind: 'bar',
        x: items.map((i) => i.year),
        series: [{ name: '合计', values: items.map((i) => i.sum) }],
      })}`
    : html`<p class="empty">没有数据。</p>`
}`,
  };
};
