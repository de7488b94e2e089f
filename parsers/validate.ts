// Identities 1–4 of docs/SCHEMA.md and narrative-vs-table checks, as structured findings. Never changes a number.
import { REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, requestResultRows } from './schema.js';
import type { Finding, Report, Table } from './types.js';

const v = (t: Table, row: string, col: string): number | null | undefined => t[row]?.[col]?.value;

function sum(values: (number | null | undefined)[]): number | null {
  let s = 0;
  for (const x of values) {
    if (x === null || x === undefined) return null;
    s += x;
  }
  return Math.round(s * 1e6) / 1e6;
}

/** Identity 1: in every row the six applicant columns add up to total. */
function rowTotals(t: Table, out: Finding[]): void {
  const parts = REQUEST_COLUMNS.filter((c) => c !== 'total');
  for (const row of Object.keys(t)) {
    const expected = sum(parts.map((c) => v(t, row, c)));
    const actual = v(t, row, 'total');
    if (expected === null || actual === null || actual === undefined || expected === actual) continue;
    out.push({
      rule: 'identity.row_total',
      severity: 'error',
      table: 'requests',
      row,
      column: 'total',
      expected,
      actual,
      message: `requests.${row}: the six applicant columns add up to ${expected}, but total is published as ${actual}`,
    });
  }
}

/** Identity 2: in every column total_processed is the sum of the result rows. */
function columnTotals(t: Table, out: Finding[]): void {
  if (!t.total_processed) return;
  const rows = requestResultRows(Object.keys(t).some((r) => r.startsWith('other.')));
  for (const col of REQUEST_COLUMNS) {
    const expected = sum(rows.map((r) => v(t, r, col)));
    const actual = v(t, 'total_processed', col);
    if (expected === null || actual === null || actual === undefined || expected === actual) continue;
    out.push({
      rule: 'identity.column_total',
      severity: 'error',
      table: 'requests',
      row: 'total_processed',
      column: col,
      expected,
      actual,
      message: `requests.total_processed.${col}: the result rows add up to ${expected}, but (七)总计 is published as ${actual}`,
    });
  }
}

/** Identity 3: new_received + carried_over = total_processed + carried_forward, in every column. */
function balance(t: Table, out: Finding[]): void {
  for (const col of REQUEST_COLUMNS) {
    const left = sum([v(t, 'new_received', col), v(t, 'carried_over', col)]);
    const right = sum([v(t, 'total_processed', col), v(t, 'carried_forward', col)]);
    if (left === null || right === null || left === right) continue;
    out.push({
      rule: 'identity.balance',
      severity: 'error',
      table: 'requests',
      column: col,
      expected: left,
      actual: right,
      message: `requests.${col}: new_received + carried_over = ${left}, but total_processed + carried_forward = ${right}`,
    });
  }
}

/** Identity 4: upheld + corrected + other + pending = total in every group of the review table. */
function reviewTotals(t: Table, out: Finding[]): void {
  const parts = REVIEW_COLUMNS.filter((c) => c !== 'total');
  for (const g of REVIEW_GROUPS) {
    const expected = sum(parts.map((c) => v(t, g, c)));
    const actual = v(t, g, 'total');
    if (expected === null || actual === null || actual === undefined || expected === actual) continue;
    out.push({
      rule: 'identity.review_total',
      severity: 'error',
      table: 'review',
      row: g,
      column: 'total',
      expected,
      actual,
      message: `review.${g}: upheld + corrected + other + pending = ${expected}, but total is published as ${actual}`,
    });
  }
}

/** "共接收政府信息公开申请 620 宗", "接收…申请共计81件": a total word must be there — "区政府办代表区政府受理…申请17件"
 *  is one office's share, not the table's total. */
const RECEIVED =
  /(?:(?:共|累计|合计|全年|总计|共计)(?:接收|收到|受理|新收)[^。；;，,]{0,24}?申请\s*|(?:接收|收到|受理|新收)[^。；;，,]{0,24}?申请(?:数量)?(?:共计|共|总计|合计)\s*)(\d[\d,]*)\s*(?:宗|件|条|个|份|次)/g;

/** Counts stated in the text, checked against the table (e.g. "共接收政府信息公开申请 620 宗" vs new_received.total). */
function narrative(report: Report, text: string, out: Finding[]): void {
  const t = report.requests;
  const total = t ? v(t, 'new_received', 'total') : null;
  if (!t || total === null || total === undefined) return;
  const carried = v(t, 'carried_over', 'total') ?? 0;
  for (const m of text.matchAll(RECEIVED)) {
    const stated = Number(m[1]!.replace(/,/g, ''));
    if (stated === total || stated === total + carried) return;
    out.push({
      rule: 'narrative.new_received',
      severity: 'warning',
      table: 'requests',
      row: 'new_received',
      column: 'total',
      expected: stated,
      actual: total,
      message: `the text states ${stated} applications received ("${m[0].slice(0, 40)}"), but new_received.total is ${total}`,
    });
    return;
  }
}

const REVIEWS = /行政复议(?:案件|申请)?(?:共计|共)?\s*(\d+)\s*(?:件|起|宗)/;
const SUITS = /行政诉讼(?:案件)?(?:共计|共)?\s*(\d+)\s*(?:件|起|宗)/;

/** "行政复议案件2件、行政诉讼案件7件" against the review table's totals (litigation: both kinds together). */
function narrativeReview(report: Report, text: string, out: Finding[]): void {
  const t = report.review;
  if (!t) return;
  const checks: [RegExp, string, number | null, string[]][] = [
    [REVIEWS, 'narrative.review', sum([v(t, 'review', 'total')]), ['review']],
    [
      SUITS,
      'narrative.litigation',
      sum([v(t, 'litigation_direct', 'total'), v(t, 'litigation_after_review', 'total')]),
      ['litigation_direct', 'litigation_after_review'],
    ],
  ];
  for (const [re, rule, total, groups] of checks) {
    const m = re.exec(text);
    if (!m || total === null) continue;
    const stated = Number(m[1]);
    if (stated === total) continue;
    out.push({
      rule,
      severity: 'warning',
      table: 'review',
      column: 'total',
      expected: stated,
      actual: total,
      message: `the text states ${stated} ("${m[0]}"), but the review table's ${groups.join(' + ')} total is ${total}`,
    });
  }
}

/** Findings for every identity a report breaks; `text` (the report's running text) enables narrative checks. */
export function validateReport(report: Report, text = ''): Finding[] {
  const out: Finding[] = [];
  if (report.requests) {
    rowTotals(report.requests, out);
    columnTotals(report.requests, out);
    balance(report.requests, out);
  }
  if (report.review) reviewTotals(report.review, out);
  if (text) {
    narrative(report, text, out);
    narrativeReview(report, text, out);
  }
  return out;
}
