// 年报: the three tables exactly as stored (raw text where it differs from the value, blanks, inferred cells), the
// findings, provenance (source, fetch time, revisions and parser versions, the original document) and the
// neighbouring years.
import { type StoredCell, type StoredReport, storedReport } from '../../db/explorer.js';
import type { AppContext, PageHandler } from '../context.js';
import { type Html, html } from '../html.js';
import { type DataTable, downloads, externalLink, renderTable, url } from '../layout.js';
import { requiredText, yearParam } from '../params.js';
import { NotFound } from './agency.js';

const TABLE_TITLES: Record<string, string> = {
  active: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  review: '四、政府信息公开行政复议、行政诉讼情况',
};

export async function loadReport(ctx: AppContext, agency: string, year: number): Promise<StoredReport> {
  const r = await ctx.db.read((db) => storedReport(db, agency, year));
  if (!r) throw new NotFound(`没有“${agency}”${year} 年的年报`);
  return r;
}

function cellHtml(c: StoredCell | undefined): Html {
  if (!c) return html`<td class="absent"></td>`;
  const classes = ['n', c.blank ? 'blank' : '', c.inferred ? 'inferred' : '', c.value === null ? 'null' : ''].join(' ');
  const differs = c.value === null ? c.raw !== '' : c.raw !== String(c.value);
  const title = [
    c.blank ? '原文为空或“/”，按 0 计' : '',
    c.inferred ? '由勾稽关系推出' : '',
    c.note ? `注：${c.note}` : '',
  ]
    .filter(Boolean)
    .join('；');
  return html`<td class="${classes}" data-table="${c.table_name}" data-row="${c.row_key}" data-col="${c.col_key}" data-value="${c.value === null ? '' : String(c.value)}"${title ? html` title="${title}"` : ''}>${
    c.value === null ? html`<span class="v">—</span>` : html`<span class="v">${String(c.value)}</span>`
  }${differs ? html`<small class="raw">原文：${c.raw}</small>` : ''}${c.inferred ? html`<sup class="mark">推</sup>` : ''}${c.note && !differs ? html`<small class="raw">注：${c.note}</small>` : ''}</td>`;
}

function storedTable(name: string, cells: StoredCell[]): Html {
  const mine = cells.filter((c) => c.table_name === name);
  if (mine.length === 0)
    return html`<section><h3>${TABLE_TITLES[name]}</h3><p class="empty">年报中没有此表（或表中没有数字）：数值为空，不作 0。</p></section>`;
  const rows = [...new Set(mine.map((c) => c.row_key))];
  const cols = [...new Set(mine.map((c) => c.col_key))];
  const at = new Map(mine.map((c) => [`${c.row_key}|${c.col_key}`, c]));
  const colLabel = (col: string) => mine.find((c) => c.col_key === col)?.col_label ?? col;
  const rowLabel = (row: string) => mine.find((c) => c.row_key === row)?.row_label ?? row;
  return html`<section><h3>${TABLE_TITLES[name]}</h3><div class="scroll"><table class="stored" id="stored-${name}"><thead><tr><th>项目</th>${cols.map(
    (c) => html`<th title="${c}">${colLabel(c)}</th>`,
  )}</tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr><th scope="row" title="${row}">${rowLabel(row)}</th>${cols.map((col) => cellHtml(at.get(`${row}|${col}`)))}</tr>`,
  )}</tbody></table></div></section>`;
}

export const reportPage: PageHandler = async (ctx, req) => {
  const agency = requiredText(req.query, 'agency');
  const year = yearParam(req.query, 'year', true);
  const r = await loadReport(ctx, agency, year);
  const cellsTable: DataTable = {
    name: 'cells',
    columns: [
      { key: 'table_name', label: 'table_name' },
      { key: 'row_key', label: 'row_key' },
      { key: 'col_key', label: 'col_key' },
      { key: 'row_label', label: '项目' },
      { key: 'col_label', label: '栏目' },
      { key: 'value', label: 'value' },
      { key: 'raw', label: 'raw' },
      { key: 'blank', label: 'blank' },
      { key: 'inferred', label: 'inferred' },
      { key: 'note', label: 'note' },
    ],
    rows: r.cells.map((c) => ({ ...c })),
  };
  const findingsTable: DataTable = {
    name: 'findings',
    columns: [
      { key: 'severity', label: '级别' },
      { key: 'rule', label: '规则' },
      { key: 'cell', label: '单元格' },
      { key: 'expected', label: '应为' },
      { key: 'actual', label: '实为' },
      { key: 'message', label: '说明' },
    ],
    rows: r.findings.map((f) => ({
      ...f,
      cell: [f.table, f.row, f.column].filter((x) => typeof x === 'string').join('.'),
    })),
  };
  const revisionsTable: DataTable = {
    name: 'revisions',
    columns: [
      { key: 'revision_id', label: '版本' },
      { key: 'parser_version', label: '解析器版本' },
      { key: 'parsed_at', label: '解析时间' },
      { key: 'status', label: '校验' },
      { key: 'document_id', label: '文档' },
      { key: 'content_type', label: '类型' },
      { key: 'fetched_at', label: '抓取时间' },
      { key: 'source_url', label: '来源' },
      { key: 'current', label: '当前' },
    ],
    rows: r.revisions.map((v) => ({ ...v })),
  };
  const i = r.years.indexOf(r.year);
  const prev = i > 0 ? r.years[i - 1] : undefined;
  const next = i >= 0 && i < r.years.length - 1 ? r.years[i + 1] : undefined;
  const d = r.document;
  return {
    title: `${r.agency} ${r.year}`,
    tables: [cellsTable, findingsTable, revisionsTable],
    body: html`<p class="crumbs"><a href="${url('/agency', { name: r.agency })}">${r.agency}</a> › ${r.year} 年</p>
<h1 id="report-title">${r.title ?? `${r.agency}${r.year}年政府信息公开工作年度报告`}</h1>
<p class="meta">${r.agency} · ${r.year} 年 · 模板 ${r.format ?? '未知'}${r.published_date ? ` · 发布 ${r.published_date}` : ''}</p>
<nav class="years">${prev ? html`<a href="${url('/report', { agency: r.agency, year: prev })}" rel="prev">← ${prev} 年</a>` : ''}
${next ? html`<a href="${url('/report', { agency: r.agency, year: next })}" rel="next">${next} 年 →</a>` : ''}</nav>
<h2>来源</h2>
<dl class="prov">
<dt>原文地址</dt><dd>${externalLink(r.source_url)}</dd>
<dt>原始文档</dt><dd><a id="original" href="/document/${d.document_id}">下载原件</a>（${d.content_type ?? '类型未知'}，${d.size} 字节，sha256 <code>${d.sha256.slice(0, 16)}…</code>）${d.source_url !== r.source_url ? html` 取自 ${externalLink(d.source_url)}` : ''}</dd>
${d.found_on ? html`<dt>所在页面</dt><dd>${externalLink(d.found_on.source_url)}（<a href="/document/${d.found_on.document_id}">存档</a>）</dd>` : ''}
<dt>抓取时间</dt><dd>${d.fetched_at ?? ''}</dd>
<dt>当前版本</dt><dd>#${r.revision.revision_id}，解析器 ${r.revision.parser_version}，${r.revision.parsed_at ?? ''}（${r.revision.status === 'ok' ? '校验通过' : '有错误发现'}）</dd>
</dl>
<h2>统计表（按保存的原样）</h2>
<p class="note">灰色小字为原文与数值不同之处；<span class="blank-key">斜体</span>为原文空白或“/”按 0 计；“推”为由勾稽关系推出；“—”为缺失。</p>
${['active', 'requests', 'review'].map((t) => storedTable(t, r.cells))}
${downloads(req.url, 'cells')}
<h2>校验发现（${r.findings.length}）</h2>
${r.findings.length ? html`${renderTable(findingsTable)}${downloads(req.url, 'findings')}` : html`<p>无。</p>`}
<h2>版本历史</h2>
${renderTable(revisionsTable, (row, c) =>
  c.key === 'document_id'
    ? html`<a href="/document/${String(row.document_id)}">${String(row.document_id)}</a>`
    : c.key === 'source_url'
      ? externalLink(row.source_url as string | null)
      : c.key === 'current'
        ? row.current
          ? '✓'
          : ''
        : row[c.key] === null
          ? ''
          : String(row[c.key]),
)}
${downloads(req.url, 'revisions')}
<p><a href="${url('/api/report', { agency: r.agency, year: r.year })}">本年报 JSON（gongkai parse --json 格式，附来源）</a></p>`,
  };
};
