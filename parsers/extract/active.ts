// Part 二 (主动公开政府信息情况): rows by label, template decided by the table's own header words.

import type { Unit } from '../normalize/number.js';
import { ACTIVE_ROWS, type Format } from '../schema.js';
import type { Finding, Table } from '../types.js';
import { cellFromTok, nullCell, type TableResult, unreadableFinding, unreadableIn } from './cells.js';
import type { Line } from './lines.js';
import { collectRuns, pickValues } from './runs.js';
import type { Range } from './sections.js';

const ROW_LABELS: [RegExp, string][] = [
  [/其他对外管理服务/, 'other_admin_services'],
  // 文档: Taiwan-phrase conversion turns a simplified 文件 into 文档 in a label that also has traditional characters.
  [/规范性(?:文件|文档)/, 'normative_documents'],
  [/^(?:\d+[.、])?规章/, 'regulations'],
  [/行政许可/, 'licensing'],
  [/行政处罚/, 'punishment'],
  [/行政强制/, 'enforcement'],
  [/行政事业性收费/, 'fees'],
  [/政府集中采购|集中采购/, 'procurement'],
];

const MONEY: Record<string, Unit> = { amount_10k_yuan: '10k_yuan', amount_yuan: 'yuan' };

const HINT_2019 = /本年新制作|本年新公开|对外公开总数|上一年项目数|本年增\/?减|对外管理服务|政府集中采购/;
const HINT_2021 = /本年制发|本年废止|现行有效|本年处理决定|本年收费金额/;

export function detectActiveFormat(lines: Line[], range: Range): Format | null {
  let n19 = 0;
  let n21 = 0;
  for (let i = range.start; i < range.end; i++) {
    for (const t of lines[i]!.toks) {
      if (t.value !== null || t.key.length > 40) continue;
      if (HINT_2019.test(t.key)) n19++;
      if (HINT_2021.test(t.key)) n21++;
    }
  }
  if (n19 === 0 && n21 === 0) return null;
  return n19 > n21 ? '2019' : '2021';
}

function rowOf(labels: string[]): string | undefined {
  for (let i = labels.length - 1; i >= 0; i--) {
    const key = labels[i]!;
    if (key.length > 40) continue;
    for (const [re, row] of ROW_LABELS) if (re.test(key)) return row;
  }
  return undefined;
}

export function extractActive(lines: Line[], range: Range | null, fallback: Format): TableResult & { format: Format } {
  const findings: Finding[] = [];
  if (!range) {
    findings.push({
      rule: 'table.missing',
      severity: 'error',
      table: 'active',
      message: 'part 二 (主动公开政府信息情况) was not found',
    });
    return { table: null, findings, format: fallback };
  }
  const format = detectActiveFormat(lines, range) ?? fallback;
  const spec = ACTIVE_ROWS[format];
  const runs = collectRuns(lines, range);
  const table: Table = {};
  let numbers = 0;
  for (const run of runs) {
    const row = rowOf(run.labels);
    if (!row || !(row in spec)) continue;
    if (table[row]) {
      findings.push({
        rule: 'row.duplicate',
        severity: 'warning',
        table: 'active',
        row,
        message: `active.${row}: printed twice; the first is kept`,
      });
      continue;
    }
    const cols = spec[row]!;
    const { values, extra } = pickValues(run, cols.length);
    table[row] = {};
    const bad = unreadableIn(values);
    if (bad) {
      for (const col of cols) table[row]![col] = nullCell();
      numbers++;
      findings.push(unreadableFinding('active', row, bad));
      continue;
    }
    cols.forEach((col, i) => {
      const t = values[i];
      table[row]![col] = t ? cellFromTok(t, MONEY[col]) : nullCell();
      if (t && !t.value!.empty) numbers++; // an empty cell is a blank 0, but a table of only empty cells has no numbers
    });
    if (values.length < cols.length) {
      findings.push({
        rule: 'cell.lost',
        severity: 'warning',
        table: 'active',
        row,
        message: `active.${row}: ${values.length} of ${cols.length} values printed; the rest are null`,
      });
    }
    if (extra) {
      findings.push({
        rule: 'row.extra_values',
        severity: 'warning',
        table: 'active',
        row,
        message: `active.${row}: ${extra} more value(s) than columns; ignored`,
      });
    }
  }
  if (numbers === 0) {
    findings.push({
      rule: 'table.empty',
      severity: 'error',
      table: 'active',
      message: 'part 二 is present but has no numbers: its cells are null',
    });
    return { table: null, findings, format };
  }
  for (const [row, cols] of Object.entries(spec)) {
    if (table[row]) continue;
    table[row] = {};
    for (const c of cols) table[row][c] = nullCell();
    findings.push({
      rule: 'row.missing',
      severity: 'warning',
      table: 'active',
      row,
      message: `active.${row}: row not found; its cells are null`,
    });
  }
  return { table: orderRows(table, Object.keys(spec)), findings, format };
}

export function orderRows(table: Table, order: string[]): Table {
  const out: Table = {};
  for (const r of order) if (table[r]) out[r] = table[r];
  return out;
}
