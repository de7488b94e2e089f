// Property: any report whose numbers satisfy the identities, rendered as Word-export HTML in either template and
// with zeros printed any way, parses back to exactly its numbers with no identity finding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../parsers/index.js';
import { ACTIVE_ROWS, REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, requestResultRows, requestRows, type Format } from '../parsers/schema.js';
import { compareToGolden, type Golden } from './helpers/golden.js';
import { renderReportHtml } from './helpers/render-html.js';

type Rows = Record<string, Record<string, number>>;

const count = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 }));

/** A requests row: six applicant counts and their total. */
const requestRow = fc.array(count, { minLength: 6, maxLength: 6 }).map((xs) => {
  const row: Record<string, number> = {};
  REQUEST_COLUMNS.slice(0, 6).forEach((c, i) => (row[c] = xs[i]!));
  row.total = xs.reduce((a, b) => a + b, 0);
  return row;
});

function requestsFrom(results: Record<string, number>[], carriedOver: Record<string, number>, carriedForward: Record<string, number>, detailed: boolean): Rows {
  const keys = requestResultRows(detailed);
  const t: Rows = {};
  const total: Record<string, number> = {};
  keys.forEach((k, i) => (t[k] = results[i]!));
  for (const c of REQUEST_COLUMNS) total[c] = keys.reduce((s, k) => s + t[k]![c]!, 0);
  // new_received is what balances the table: new + carried_over = total_processed + carried_forward.
  const fresh: Record<string, number> = { total: 0 };
  const co: Record<string, number> = { total: 0 };
  for (const c of REQUEST_COLUMNS.slice(0, 6)) {
    fresh[c] = Math.max(0, total[c]! + carriedForward[c]! - carriedOver[c]!);
    co[c] = total[c]! + carriedForward[c]! - fresh[c]!;
    fresh.total! += fresh[c]!;
    co.total! += co[c]!;
  }
  const out: Rows = {};
  for (const r of requestRows(detailed)) {
    out[r] = r === 'new_received' ? fresh : r === 'carried_over' ? co : r === 'total_processed' ? total : r === 'carried_forward' ? carriedForward : t[r]!;
  }
  return out;
}

const activeFor = (format: Format) =>
  fc.tuple(...Object.entries(ACTIVE_ROWS[format]).map(([row, cols]) =>
    fc.tuple(...cols.map((c) =>
      c === 'change' ? fc.integer({ min: -500, max: 500 }) : c === 'amount_10k_yuan' ? fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 100) : count,
    )).map((vals) => [row, Object.fromEntries(cols.map((c, i) => [c, vals[i]!]))] as const),
  )).map((rows) => Object.fromEntries(rows) as Rows);

const reviewRows = fc.array(fc.array(count, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }).map((groups) => {
  const out: Rows = {};
  REVIEW_GROUPS.forEach((g, i) => {
    const xs = groups[i]!;
    out[g] = Object.fromEntries([...REVIEW_COLUMNS.slice(0, 4).map((c, j) => [c, xs[j]!]), ['total', xs.reduce((a, b) => a + b, 0)]]);
  });
  return out;
});

const report = fc.constantFrom<Format>('2021', '2019').chain((format) => {
  const detailed = format === '2021';
  const n = requestResultRows(detailed).length;
  return fc.record({
    format: fc.constant(format),
    active: activeFor(format),
    requests: fc.tuple(fc.array(requestRow, { minLength: n, maxLength: n }), requestRow, requestRow).map(([res, co, cf]) => requestsFrom(res, co, cf, detailed)),
    review: reviewRows,
    zero: fc.constantFrom<'0' | '/' | ''>('0', '/', ''),
  });
});

describe('property: rendered reports parse back exactly', () => {
  it('50 random reports in both templates', async () => {
    await fc.assert(
      fc.asyncProperty(report, async (r) => {
        const year = r.format === '2021' ? 2023 : 2020;
        const title = `测试市人民政府${year}年政府信息公开工作年度报告`;
        const golden: Golden = { source: 'generated', agency: '测试市人民政府', year, format: r.format, active: r.active, requests: r.requests, review: r.review };
        const html = renderReportHtml(golden, `${title}\n\n一、总体情况\n\n二、主动公开政府信息情况\n\n五、存在的主要问题及改进情况\n\n无。`, { zero: r.zero });
        const out = await parseDocument({ bytes: Buffer.from(html), fileName: 'r.html' });
        expect(out.ok).toBe(true);
        if (!out.ok) return;
        expect(compareToGolden(out.report, golden)).toEqual([]);
        expect(out.report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 50), seed: Number(process.env.FC_SEED ?? 20240122) },
    );
  });
});
