// The JSON API under /api/: the same queries as the pages, in the keys of docs/SCHEMA.md; lists are paginated
// ({items, total, page, per_page}).
import type { FastifyInstance } from 'fastify';
import { listParseFailures, listReports, listRuns, searchAgencies } from '../../db/explorer.js';
import { queryYoy } from '../../db/queries.js';
import type { AppContext, PageHandler } from '../context.js';
import { html } from '../html.js';
import { url } from '../layout.js';
import { DEFAULT_METRIC, KEY_FIGURES, yoySeries } from '../metrics.js';
import { listParam, pagingParams, type Query, requiredText, textParam, yearParam } from '../params.js';
import { storedReportJson } from '../report-json.js';
import { loadAgency, NotFound } from './agency.js';
import { loadAggregate, loadCompare } from './compare.js';
import { loadReport } from './report.js';

export function registerApi(app: FastifyInstance, ctx: AppContext): void {
  const get = (path: string, fn: (q: Query) => Promise<unknown>) =>
    app.get(path, async (req, reply) => {
      const body = await fn(req.query as Query);
      return reply.header('cache-control', 'no-cache').send(body);
    });

  get('/api/agencies', (q) =>
    ctx.db.read((db) =>
      searchAgencies(db, { q: textParam(q, 'q'), region: textParam(q, 'region') }, pagingParams(q, false)),
    ),
  );
  get('/api/agency', async (q) => (await loadAgency(ctx, requiredText(q, 'name'))).data);
  get('/api/reports', (q) =>
    ctx.db.read((db) =>
      listReports(db, { agency: textParam(q, 'agency'), year: yearParam(q, 'year') }, pagingParams(q, false)),
    ),
  );
  get('/api/report', async (q) =>
    storedReportJson(await loadReport(ctx, requiredText(q, 'agency'), yearParam(q, 'year', true))),
  );
  get('/api/yoy', async (q) => {
    const agency = requiredText(q, 'agency');
    const metricId = textParam(q, 'metric') ?? DEFAULT_METRIC;
    const metric = ctx.catalog.resolve(metricId);
    if (KEY_FIGURES.some((f) => f.id === metricId)) {
      const data = await loadAgency(ctx, agency);
      const items = data.data.figures.find((f) => f.id === metricId)?.items ?? [];
      return { agency: data.info.agency, metric: metricId, label: metric.label, items };
    }
    // One cell: the yoy view itself, as SQL users see it.
    const [table, ...rest] = metricId.split('.');
    const rows = await ctx.db.read((db) => queryYoy(db, { agency, table, metric: rest.join('.') }));
    if (rows.length === 0) {
      await loadAgency(ctx, agency); // 404 when the agency is unknown
      return { agency, metric: metricId, label: metric.label, items: yoySeries(new Map()) };
    }
    return {
      agency,
      metric: metricId,
      label: metric.label,
      items: rows.map(({ year, value, prev_value, change, pct_change }) => ({
        year,
        value,
        prev_value,
        change,
        pct_change,
      })),
    };
  });
  get('/api/compare', async (q) => {
    const res = await loadCompare(
      ctx,
      listParam(q, 'agency'),
      textParam(q, 'region'),
      textParam(q, 'metric') ?? DEFAULT_METRIC,
    );
    return {
      metric: res.metric.id,
      label: res.metric.label,
      items: res.agencies.flatMap((a) =>
        res.years.map((year) => ({ agency: a.agency, year, value: a.values.get(year) ?? null })),
      ),
    };
  });
  get('/api/aggregate', async (q) => {
    const res = await loadAggregate(ctx, textParam(q, 'metric') ?? DEFAULT_METRIC, textParam(q, 'region'));
    return { metric: res.metric.id, label: res.metric.label, region: res.region, items: res.items };
  });
  get('/api/runs', (q) => ctx.db.read((db) => listRuns(db, pagingParams(q, false), textParam(q, 'site'))));
  get('/api/failures', (q) => ctx.db.read((db) => listParseFailures(db, pagingParams(q, false))));
  app.get('/api/*', async () => {
    throw new NotFound('没有这个 API');
  });
}

const EXAMPLES: [string, string][] = [
  [url('/api/agencies', { q: '洪泽' }), '机关搜索（名称或地区片段），附有年报的年份'],
  [url('/api/agency', { name: '淮安市洪泽区人民政府' }), '一个机关各年的关键指标与同比'],
  [url('/api/reports', { agency: '淮安市洪泽区人民政府' }), '年报列表（可按 agency、year 过滤）'],
  [url('/api/report', { agency: '淮安市洪泽区人民政府', year: 2024 }), '一份年报：gongkai parse --json 的格式，附来源'],
  [url('/api/yoy', { agency: '淮安市洪泽区人民政府', metric: 'requests.new_received.total' }), '一个指标的逐年同比'],
  [
    url('/api/compare', { agency: ['淮安市洪泽区人民政府'], metric: 'denied' }),
    '多机关比较（agency 可重复，或 region）',
  ],
  [url('/api/aggregate', { metric: 'requests.new_received.total' }), '全国（或 region）逐年汇总'],
  [url('/api/runs', {}), '抓取记录'],
  [url('/api/failures', {}), '解析失败的文档'],
];

export const apiIndexPage: PageHandler = async () => ({
  title: 'API',
  tables: [],
  body: html`<h1>JSON API</h1><p>只读。列表分页：<code>page</code>、<code>per_page</code>（最多 200），返回 <code>{items, total, page, per_page}</code>。指标 <code>metric</code> 为 表.行.列（如 <code>requests.new_received.total</code>）或关键指标名：${KEY_FIGURES.map(
    (f) => html`<code>${f.id}</code>（${f.label}） `,
  )}。</p>
<ul>${EXAMPLES.map(([href, what]) => html`<li><a href="${href}"><code>${decodeURIComponent(href)}</code></a> — ${what}</li>`)}</ul>`,
});
