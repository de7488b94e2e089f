// 机关: each year side by side for the key figures, the change on the year before, charts over the years, the
// findings marked where they apply, and each year's report.
import { type AgencyFindingRow, agencyPageData, type CellKeyInfo } from '../../db/explorer.js';
import type { AppContext, PageHandler } from '../context.js';
import { html } from '../html.js';
import { chart, type DataTable, downloads, externalLink, fmtChange, fmtNumber, renderTable, url } from '../layout.js';
import { KEY_FIGURES, type Metric, metricValue, type YoyPoint, yoySeries } from '../metrics.js';
import { requiredText } from '../params.js';

export class NotFound extends Error {}

export interface AgencyFigures {
  agency: string;
  region: string | null;
  years: number[];
  figures: { id: string; label: string; items: YoyPoint[] }[];
}

/** The key figures of one agency, every year it has a report (also the API's /api/agency). */
export async function loadAgency(ctx: AppContext, name: string) {
  const figures = ctx.catalog.figures();
  const keyIds = [...new Set(figures.flatMap((f) => f.keyIds))];
  return ctx.db.read(async (db) => {
    const page = await agencyPageData(db, name, keyIds);
    if (!page) throw new NotFound(`没有名为“${name}”的机关`);
    const { info, reports, cells, findings } = page;
    if (reports.length === 0) throw new NotFound(`机关“${name}”没有年报`);
    const years = reports.map((r) => r.year);
    const series = (m: Metric) => yoySeries(new Map(years.map((y) => [y, metricValue(m, cells.get(y))])));
    return {
      info,
      reports,
      findings,
      figures,
      data: {
        agency: info.agency,
        region: info.region,
        years,
        figures: figures.map((m) => ({ id: m.id, label: m.label, items: series(m) })),
      } satisfies AgencyFigures,
    };
  });
}

/** Findings that touch a figure's cells (same table and row; same column when the finding names one). */
function findingsOf(
  findings: AgencyFindingRow[],
  keys: Map<number, CellKeyInfo>,
  m: Metric,
  year: number,
): AgencyFindingRow[] {
  return findings.filter(
    (f) =>
      f.year === year &&
      f.table_name !== null &&
      m.keyIds.some((id) => {
        const k = keys.get(id);
        return (
          k !== undefined &&
          k.table === f.table_name &&
          (f.row_key === null || k.row === f.row_key) &&
          (f.col_key === null || k.col === f.col_key)
        );
      }),
  );
}

export const agencyPage: PageHandler = async (ctx, req) => {
  const name = requiredText(req.query, 'name');
  const { info, reports, findings, figures, data } = await loadAgency(ctx, name);
  const keys = new Map(ctx.catalog.keys.map((k) => [k.id, k]));
  const years = data.years;

  const wide: DataTable = {
    name: 'figures',
    columns: [
      { key: 'year', label: '年份' },
      ...data.figures.flatMap((f) => [
        { key: f.id, label: f.label },
        { key: `${f.id}_change`, label: `${f.label}同比变化` },
      ]),
    ],
    rows: years.map((year, i) => {
      const row: Record<string, unknown> = { year };
      for (const f of data.figures) {
        row[f.id] = f.items[i].value;
        row[`${f.id}_change`] = f.items[i].change;
      }
      return row;
    }),
  };
  const reportTable: DataTable = {
    name: 'reports',
    columns: [
      { key: 'year', label: '年份' },
      { key: 'title', label: '标题' },
      { key: 'format', label: '模板' },
      { key: 'status', label: '校验' },
      { key: 'findings', label: '发现' },
      { key: 'source_url', label: '来源' },
    ],
    rows: reports.map((r) => ({ ...r })),
  };
  const findingTable: DataTable = {
    name: 'findings',
    columns: [
      { key: 'year', label: '年份' },
      { key: 'severity', label: '级别' },
      { key: 'rule', label: '规则' },
      { key: 'cell', label: '单元格' },
      { key: 'message', label: '说明' },
    ],
    rows: findings.map((f) => ({ ...f, cell: [f.table_name, f.row_key, f.col_key].filter(Boolean).join('.') })),
  };

  const figureRows = data.figures.map((f, fi) => {
    const m = figures[fi];
    return html`<tr><th scope="row"><a href="${url('/aggregate', { metric: f.id })}" title="全国汇总">${f.label}</a></th>${f.items.map(
      (p) => {
        const marks = findingsOf(findings, keys, m, p.year);
        const warn = marks.some((x) => x.severity === 'error') ? 'error' : marks.length ? 'warn' : '';
        return html`<td class="n ${warn}" data-metric="${f.id}" data-year="${p.year}" data-value="${p.value === null ? '' : String(p.value)}"${
          marks.length ? html` title="${marks.map((x) => x.message).join('\n')}"` : ''
        }><span class="v">${p.value === null ? '—' : fmtNumber(p.value)}</span>${marks.length ? html`<sup class="mark">⚠</sup>` : ''}<br><small class="chg">${fmtChange(p.change, p.pct_change)}</small></td>`;
      },
    )}</tr>`;
  });

  const pick = (ids: string[]) => data.figures.filter((f) => ids.includes(f.id));
  const lineChart = (title: string, ids: string[], kind: 'line' | 'bar') =>
    chart({
      title,
      kind,
      x: years,
      series: pick(ids).map((f) => ({ name: f.label, values: f.items.map((p) => p.value) })),
    });

  return {
    title: info.agency,
    charts: true,
    tables: [wide, reportTable, findingTable],
    body: html`<h1 id="agency-name">${info.agency}</h1>
<p class="meta">${info.region ? html`地区：${info.region} · ` : ''}${info.site_id ? html`网站：<a href="${url('/runs', { site: info.site_id })}">${info.site_name ?? info.site_id}</a> · ` : ''}${years.length} 份年报 · <a href="${url('/compare', { agency: info.agency })}">与其他机关比较</a></p>
<h2>关键指标逐年对比</h2>
<div class="scroll"><table id="figures" class="figures"><thead><tr><th>指标</th>${years.map(
      (y) => html`<th><a href="${url('/report', { agency: info.agency, year: y })}">${y}</a></th>`,
    )}</tr></thead><tbody>${figureRows}</tbody></table></div>
<p class="note">小字为与上一年相比的变化（上一年无年报时空白）。⚠ 表示该年报的校验发现涉及此指标（悬停查看）。不予公开、无法提供、不予处理为各分项“总计”列之和；行政诉讼为直接起诉与复议后起诉之和；结果纠正为复议与诉讼之和。</p>
${downloads(req.url, 'figures')}
<div class="charts">${lineChart('申请办理情况', ['new_received', 'granted', 'denied', 'unable', 'not_processed', 'carried_forward'], 'line')}${lineChart('行政复议与行政诉讼', ['reviews', 'lawsuits', 'corrected'], 'bar')}</div>
<h2>各年年报</h2>
${renderTable(reportTable, (r, c) => {
  if (c.key === 'year')
    return html`<a href="${url('/report', { agency: info.agency, year: String(r.year) })}">${String(r.year)}</a>`;
  if (c.key === 'source_url') return externalLink(r.source_url as string | null, '原文');
  if (c.key === 'status')
    return r.status === 'has_errors' ? '有错误' : r.status === 'ok' ? '通过' : String(r.status ?? '');
  return r[c.key] === null ? '' : String(r[c.key]);
})}
${downloads(req.url, 'reports')}
<h2>校验发现（${findings.length}）</h2>
${findings.length ? renderTable(findingTable) : html`<p>无。</p>`}
${findings.length ? downloads(req.url, 'findings') : ''}`,
  };
};

export const KEY_FIGURE_IDS = KEY_FIGURES.map((f) => f.id);
