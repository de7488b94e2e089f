// Part 三 (收到和处理政府信息公开申请情况): 7 applicant columns; rows found by their labels in reading order.
import { type Format, OTHER_ROW_SINGLE, REQUEST_COLUMNS, requestRows } from '../schema.js';
import type { Cell, Finding, Table } from '../types.js';
import { orderRows } from './active.js';
import { cellFromTok, nullCell, type TableResult, unreadableFinding, unreadableIn } from './cells.js';
import type { Line, Tok } from './lines.js';
import { collectRuns, pickValues } from './runs.js';
import type { Range } from './sections.js';

const N = REQUEST_COLUMNS.length;

/** Label → row key. Order matters: the first pattern that matches a label wins. */
const ROW_LABELS: [RegExp, string][] = [
  [/本年新收/, 'new_received'],
  [/上年结转|上年度结转/, 'carried_over'],
  [/结转下年|下年度继续|转下年/, 'carried_forward'],
  [/部分公开/, 'partially_granted'],
  [/予以公开/, 'granted'],
  [/国家秘密/, 'denied.state_secret'],
  [/其他法律|法规禁止|禁止公开/, 'denied.prohibited_by_law'],
  [/三安全|一稳定/, 'denied.three_safeties_one_stability'],
  [/第三方/, 'denied.third_party_rights'],
  [/内部事务/, 'denied.internal_affairs'],
  [/过程性/, 'denied.process_information'],
  [/执法案卷/, 'denied.law_enforcement_files'],
  [/行政查询|行政查找|查询事项/, 'denied.administrative_query'], // twp→cn turns 查詢 into 查找
  [/不掌握/, 'unable.not_held'],
  [/另行制作|现成信息/, 'unable.needs_creation'],
  [/仍不明确|补正后/, 'unable.unclear_after_correction'],
  [/信访|举报投诉/, 'not_processed.petition_complaint'],
  [/重复申请/, 'not_processed.duplicate'],
  [/出版物/, 'not_processed.publication'],
  [/大量反复|反复申请/, 'not_processed.excessive_repeat'],
  [/重新出具|确认或/, 'not_processed.confirm_existing'],
  [/逾期不补正|不补正/, 'other.overdue_correction'],
  [/收费通知|缴纳费用/, 'other.overdue_fee'],
  [/其他处理/, OTHER_ROW_SINGLE],
  [/^(?:\(?[0-9一二三四五六七八九]+[).、]?)*其他$/, 'other.other'],
  [/总计|合计/, 'total_processed'],
];

function rowOf(labels: string[]): string | undefined {
  for (let i = labels.length - 1; i >= 0; i--) {
    const key = labels[i]!;
    if (key.length > 80) continue;
    for (const [re, row] of ROW_LABELS) if (re.test(key)) return row;
  }
  return undefined;
}

/** Each row's printed label (without its numbering), for labels no pattern matches: OCR misreads a character or
 *  two ("执法案关" for 执法案卷, "不各握" for 不掌握), and the nearest label still names the row. */
const PRINTED_LABELS: [string, string][] = [
  ['本年新收政府信息公开申请数量', 'new_received'],
  ['上年结转政府信息公开申请数量', 'carried_over'],
  ['部分公开区分处理的只计这一情形不计其他情形', 'partially_granted'],
  ['属于国家秘密', 'denied.state_secret'],
  ['其他法律行政法规禁止公开', 'denied.prohibited_by_law'],
  ['危及三安全一稳定', 'denied.three_safeties_one_stability'],
  ['保护第三方合法权益', 'denied.third_party_rights'],
  ['属于三类内部事务信息', 'denied.internal_affairs'],
  ['属于四类过程性信息', 'denied.process_information'],
  ['属于行政执法案卷', 'denied.law_enforcement_files'],
  ['属于行政查询事项', 'denied.administrative_query'],
  ['本机关不掌握相关政府信息', 'unable.not_held'],
  ['没有现成信息需要另行制作', 'unable.needs_creation'],
  ['补正后申请内容仍不明确', 'unable.unclear_after_correction'],
  ['信访举报投诉类申请', 'not_processed.petition_complaint'],
  ['要求提供公开出版物', 'not_processed.publication'],
  ['无正当理由大量反复申请', 'not_processed.excessive_repeat'],
  ['要求行政机关确认或重新出具已获取信息', 'not_processed.confirm_existing'],
  ['申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请', 'other.overdue_correction'],
  ['申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请', 'other.overdue_fee'],
  ['结转下年度继续办理', 'carried_forward'],
];

/** Characters two strings share (as multisets) over the longer one's length. */
function likeness(a: string, b: string): number {
  const bag = new Map<string, number>();
  for (const ch of b) bag.set(ch, (bag.get(ch) ?? 0) + 1);
  let common = 0;
  for (const ch of a) {
    const n = bag.get(ch) ?? 0;
    if (n > 0) {
      common++;
      bag.set(ch, n - 1);
    }
  }
  return common / Math.max(a.length, b.length);
}

/** The row whose printed label is clearly nearest to one of the run's labels (for labels no pattern matches);
 *  never a row already found. */
function nearestRow(labels: string[], found: Table): string | undefined {
  for (let i = labels.length - 1; i >= 0; i--) {
    const label = labels[i]!.replace(/[^\u4e00-\u9fff]/g, '');
    if (label.length < 5 || label.length > 60) continue;
    const scored = PRINTED_LABELS.filter(([, row]) => !found[row])
      .map(([printed, row]) => ({ row, score: likeness(label, printed) }))
      .sort((a, b) => b.score - a.score);
    const [best, next] = scored;
    if (best && best.score >= 0.7 && (!next || best.score - next.score >= 0.2)) return best.row;
  }
  return undefined;
}

function rowCells(values: Tok[]): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  REQUEST_COLUMNS.forEach((c, i) => (row[c] = values[i] ? cellFromTok(values[i]!) : nullCell()));
  return row;
}

/** Six numbers for seven columns: one organisation column was lost (the merged 法人或其他组织 header). Natural
 *  person, commercial and total are the template's outer columns and are taken as printed (first, second, last).
 *  If the printed numbers add up to the total, the lost count is 0 (no count is negative); its position is certain
 *  when every placement among the other organisation columns gives the same row. It is kept in `other_org`'s slot
 *  order and marked inferred. */
function inferLostColumn(values: Tok[]): Record<string, Cell> | null {
  if (values.length !== N - 1) return null;
  const nums = values.map((t) => t.value!.value);
  const total = nums[nums.length - 1]!;
  const body = nums.slice(0, -1);
  if (body.reduce((a, b) => a + b, 0) !== total) return null;
  const orgsAfterCommercial = nums.slice(2, -1);
  if (orgsAfterCommercial.some((v) => v !== 0)) return null;
  const row: Record<string, Cell> = {};
  const toks: (Tok | null)[] = [...values.slice(0, -1), null, values[values.length - 1]!];
  REQUEST_COLUMNS.forEach((c, i) => {
    const t = toks[i];
    row[c] = t ? cellFromTok(t) : { value: 0, raw: '', inferred: true };
  });
  return row;
}

export function extractRequests(
  lines: Line[],
  range: Range | null,
  reportFormat: Format,
): TableResult & { detailedOther: boolean } {
  const findings: Finding[] = [];
  const detailedDefault = reportFormat === '2021';
  if (!range) {
    findings.push({
      rule: 'table.missing',
      severity: 'error',
      table: 'requests',
      message: 'part 三 (收到和处理政府信息公开申请情况) was not found',
    });
    return { table: null, findings, detailedOther: detailedDefault };
  }
  const table: Table = {};
  const inferredRows: string[] = [];
  let printed = 0;
  for (const run of collectRuns(lines, range)) {
    const row = rowOf(run.labels) ?? nearestRow(run.labels, table);
    if (!row) continue;
    if (table[row]) {
      findings.push({
        rule: 'row.duplicate',
        severity: 'warning',
        table: 'requests',
        row,
        message: `requests.${row}: printed twice; the first is kept`,
      });
      continue;
    }
    const { values, extra } = pickValues(run, N);
    printed += values.filter((t) => !t.value!.empty).length;
    if (extra) {
      findings.push({
        rule: 'row.extra_values',
        severity: 'warning',
        table: 'requests',
        row,
        message: `requests.${row}: ${extra} more value(s) than the 7 columns; the first 7 are kept`,
      });
    }
    const bad = unreadableIn(values);
    if (bad) {
      table[row] = rowCells([]);
      findings.push(unreadableFinding('requests', row, bad));
      continue;
    }
    if (values.length === N) {
      table[row] = rowCells(values);
      continue;
    }
    const inferred = inferLostColumn(values);
    if (inferred) {
      table[row] = inferred;
      inferredRows.push(row);
    } else if (values.length === N - 1) {
      // The outer columns stay where they are; which organisation column was lost is not certain.
      table[row] = rowCells([]);
      table[row]!.natural_person = cellFromTok(values[0]!);
      table[row]!.total = cellFromTok(values[values.length - 1]!);
      findings.push({
        rule: 'cell.lost',
        severity: 'error',
        table: 'requests',
        row,
        message: `requests.${row}: 6 numbers for 7 columns and the lost organisation column cannot be placed with certainty; natural_person and total are kept, the organisation columns are null`,
      });
    } else {
      table[row] = rowCells([]);
      findings.push({
        rule: 'cell.lost',
        severity: 'error',
        table: 'requests',
        row,
        message: `requests.${row}: ${values.length} numbers for ${N} columns and the lost ones cannot be inferred; the row is null`,
      });
    }
  }
  if (inferredRows.length) {
    findings.push({
      rule: 'cell.inferred',
      severity: 'info',
      table: 'requests',
      column: 'other_org',
      actual: 0,
      ...(inferredRows.length === 1 ? { row: inferredRows[0] } : {}),
      message: `requests: ${inferredRows.length} row(s) give 6 numbers for 7 columns (${inferredRows.join(', ')}); each adds up without the lost organisation column, so it is 0, marked inferred`,
    });
  }
  if (printed === 0) {
    findings.push({
      rule: 'table.empty',
      severity: 'error',
      table: 'requests',
      message: 'part 三 is present but has no numbers: its cells are null',
    });
    return { table: null, findings, detailedOther: detailedDefault };
  }
  const hasDetailed = Object.keys(table).some((r) => r.startsWith('other.'));
  const detailedOther = hasDetailed || (!(OTHER_ROW_SINGLE in table) && detailedDefault);
  const order = requestRows(detailedOther);
  for (const r of Object.keys(table)) {
    if (!order.includes(r)) {
      findings.push({
        rule: 'row.unexpected',
        severity: 'warning',
        table: 'requests',
        row: r,
        message: `requests.${r}: does not belong to this template's rows; dropped`,
      });
    }
  }
  for (const r of order) {
    if (table[r]) continue;
    table[r] = rowCells([]);
    findings.push({
      rule: 'row.missing',
      severity: 'error',
      table: 'requests',
      row: r,
      message: `requests.${r}: row not found; its cells are null`,
    });
  }
  return { table: orderRows(table, order), findings, detailedOther };
}
