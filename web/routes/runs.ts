// 抓取记录 and 失败文档: what the crawls did, and which documents could not be read, with the reasons.
import { listParseFailures, listRuns, type RunRow } from '../../db/explorer.js';
import type { PageHandler } from '../context.js';
import { html } from '../html.js';
import { type DataTable, downloads, externalLink, pager, renderTable } from '../layout.js';
import { pagingParams, textParam } from '../params.js';

export function runsTable(runs: RunRow[]): DataTable {
  return {
    name: 'runs',
    columns: [
      { key: 'id', label: '编号' },
      { key: 'site_id', label: '网站' },
      { key: 'trigger', label: '触发' },
      { key: 'started_at', label: '开始' },
      { key: 'finished_at', label: '结束' },
      { key: 'requests', label: '请求' },
      { key: 'not_modified', label: '未变化' },
      { key: 'new_documents', label: '新文档' },
      { key: 'new_revisions', label: '新版本' },
      { key: 'reports_found', label: '发现年报' },
      { key: 'failures', label: '失败' },
      { key: 'error', label: '失败原因' },
    ],
    rows: runs.map((r) => ({ ...r })),
  };
}

export const runsPage: PageHandler = async (ctx, req) => {
  const paging = pagingParams(req.query, req.download);
  const site = textParam(req.query, 'site');
  const runs = await ctx.db.read((db) => listRuns(db, paging, site));
  const table = runsTable(runs.items);
  return {
    title: '抓取记录',
    tables: [table],
    body: html`<h1>抓取记录${site ? `：${site}` : ''}</h1>
<p>每次抓取一个网站：请求数、条件请求未变化数、新文档、新版本、发现的年报、失败的文档（原因见最后一列）。</p>
${renderTable(table, (r, c) => (c.key === 'site_id' ? html`<a href="/runs?site=${encodeURIComponent(String(r.site_id))}">${String(r.site_id)}</a>` : r[c.key] === null ? '' : String(r[c.key])))}
${pager(req.url, runs.page, runs.per_page, runs.total)}
${downloads(req.url, 'runs')}`,
  };
};

export const failuresPage: PageHandler = async (ctx, req) => {
  const paging = pagingParams(req.query, req.download);
  const failures = await ctx.db.read((db) => listParseFailures(db, paging));
  const table: DataTable = {
    name: 'failures',
    columns: [
      { key: 'document_id', label: '文档' },
      { key: 'source_url', label: '来源' },
      { key: 'content_type', label: '类型' },
      { key: 'code', label: '代码' },
      { key: 'reason', label: '原因' },
      { key: 'parser_version', label: '解析器版本' },
      { key: 'failed_at', label: '时间' },
    ],
    rows: failures.items.map((f) => ({ ...f })),
  };
  return {
    title: '失败文档',
    tables: [table],
    body: html`<h1>未能读成年报的文档</h1>
<p>文档原样保存；原因为一行说明（扫描件、加密、不是年报……）。</p>
${renderTable(table, (r, c) =>
  c.key === 'source_url'
    ? externalLink(String(r.source_url))
    : c.key === 'document_id'
      ? html`<a href="/document/${String(r.document_id)}">${String(r.document_id)}</a>`
      : r[c.key] === null
        ? ''
        : String(r[c.key]),
)}
${pager(req.url, failures.page, failures.per_page, failures.total)}
${downloads(req.url, 'failures')}`,
  };
};
