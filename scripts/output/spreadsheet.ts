// Exports for people who live in spreadsheets: the national template's Chinese names for the keys (from cell_keys,
// migration 008), CSV with a UTF-8 BOM (Excel reads the Chinese right), and .xlsx with one sheet per table.
import type { CellKeyInfo } from '../../db/explorer.js';
import { toCsv } from './format.js';

const COLUMN_ZH: Record<string, string> = {
  agency: '机关',
  year: '年份',
  table_name: '表',
  row_key: '行',
  col_key: '列',
  row_label: '项目',
  col_label: '栏目',
  value: '数值',
  raw: '原文',
  inferred: '推算',
  blank: '空白',
  note: '注',
  prev_value: '上年数值',
  change: '变化',
  pct_change: '变化率（%）',
  rule: '规则',
  severity: '级别',
  expected: '应为',
  actual: '实为',
  message: '说明',
  source_url: '来源',
  title: '标题',
  published_date: '发布日期',
  format: '模板',
  table_format: '表格模板',
  revision_id: '版本',
  carried_over: '上年结转',
  prev_year: '上一年',
  prev_carried_forward: '上一年结转下年度',
  ocr: 'OCR识别',
  ocr_corrected: 'OCR已校正',
};

const TABLE_ZH: Record<string, string> = { active: '主动公开', requests: '依申请公开', review: '复议诉讼' };

/** Columns that hold text (raw "8440" stays text); the drivers send every numeric column as a string. */
const TEXT_COLUMNS = new Set([
  'agency',
  'source_url',
  'title',
  'published_date',
  'format',
  'table_format',
  'table_name',
  'row_key',
  'col_key',
  'row_label',
  'col_label',
  'raw',
  'note',
  'rule',
  'message',
  'severity',
]);

export interface Sheet {
  name: string;
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
}

/** The wide views' `{row}_{col}` columns (row dots as underscores) → 项目·栏目. */
function wideLabels(keys: CellKeyInfo[], table: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of keys)
    if (k.table === table)
      out.set(`${k.row.replace(/\./g, '_')}_${k.col}`, `${k.rowLabel ?? k.row}·${k.colLabel ?? k.col}`);
  return out;
}

/** Rows with the Chinese row and column names beside the keys (views with table_name/row_key/col_key). */
export function withKeyLabels(rows: Record<string, unknown>[], keys: CellKeyInfo[]): Record<string, unknown>[] {
  const byKey = new Map(keys.map((k) => [`${k.table}|${k.row}|${k.col}`, k]));
  return rows.map((r) => {
    if (!('row_key' in r)) return r;
    const k = byKey.get(`${r.table_name}|${r.row_key}|${r.col_key}`);
    const out: Record<string, unknown> = {};
    for (const [col, v] of Object.entries(r)) {
      out[col] = v;
      if (col === 'col_key') {
        out.row_label = k?.rowLabel ?? null;
        out.col_label = k?.colLabel ?? null;
      }
    }
    return out;
  });
}

export function columnLabels(view: string, columns: string[], keys: CellKeyInfo[], zh: boolean) {
  const wide = view.endsWith('_wide') ? wideLabels(keys, view.replace(/_wide$/, '')) : new Map<string, string>();
  return columns.map((key) => ({ key, label: zh ? (COLUMN_ZH[key] ?? wide.get(key) ?? key) : key }));
}

/** One sheet per national table when the rows name their table, else one sheet for the view. */
export function sheetsOf(
  view: string,
  columns: Sheet['columns'],
  rows: Record<string, unknown>[],
  zh: boolean,
): Sheet[] {
  if (!columns.some((c) => c.key === 'table_name')) return [{ name: view, columns, rows }];
  const by = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const t = String(r.table_name ?? '');
    by.set(t, [...(by.get(t) ?? []), r]);
  }
  return [...by].map(([t, rs]) => ({ name: zh ? (TABLE_ZH[t] ?? t) : t || view, columns, rows: rs }));
}

/** CSV for spreadsheets: the header in the chosen labels, a UTF-8 BOM first. */
export function spreadsheetCsv(columns: Sheet['columns'], rows: Record<string, unknown>[]): string {
  const body = toCsv(
    rows,
    columns.map((c) => c.key),
  );
  const header = toCsv(
    [],
    columns.map((c) => c.label),
  );
  return `\uFEFF${header}${body.slice(body.indexOf('\r\n') + 2)}`;
}

const cellValue = (col: string, v: unknown): unknown => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && !TEXT_COLUMNS.has(col) && v !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return v;
};

export async function writeXlsx(file: string, sheets: Sheet[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'gongkai';
  const used = new Set<string>();
  for (const s of sheets) {
    // Excel: at most 31 characters, none of []:*?/\ , unique.
    let name = s.name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'sheet';
    for (let i = 2; used.has(name); i++) name = `${s.name.slice(0, 28)}_${i}`;
    used.add(name);
    const ws = book.addWorksheet(name);
    ws.columns = s.columns.map((c) => ({
      header: c.label,
      key: c.key,
      width: Math.min(40, Math.max(8, c.label.length * 2)),
    }));
    for (const r of s.rows) {
      const row: Record<string, unknown> = {};
      for (const c of s.columns) row[c.key] = cellValue(c.key, r[c.key]);
      ws.addRow(row);
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  await book.xlsx.writeFile(file);
}
