// Property: any report whose numbers satisfy the identities, rendered as Word-export HTML in either template and
// with zeros printed any way, parses back to exactly its numbers with no identity finding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../parsers/index.js';
import {
  ACTIVE_ROWS,
  type Format,
  REQUEST_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  requestResultRows,
  requestRows,
} from '../../parsers/schema.js';
import { compareToGolden, type Golden } from '../helpers/golden.js';
import { renderReportHtml } from '../helpers/render-html.js';

type Rows = Record<string, Record<string, number>>;

const count = fc.oneof(
  fc.constant(0),
  fc.constant(0),
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 5000 }),
);

/** A requests row: six applicant counts and their total. */
const requestRow = fc.array(count, { minLength: 6, maxLength: 6 }).map((xs) => {
  const row: Record<string, number> = {};
  REQUEST_COLUMNS.slice(0, 6).forEach((c, i) => (row[c] = xs[i]!));
  row.total = xs.reduce((a, b) => a + b, 0);
  return row;
});

function requestsFrom(
  results: Record<string, number>[],
  carriedOver: Record<string, number>,
  carriedForward: Record<string, number>,
  detailed: boolean,
): Rows {
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
    out[r] =
      r === 'new_received'
        ? fresh
        : r === 'carried_over'
          ? co
          : r === 'total_processed'
            ? total
            : r === 'carried_forward'
              ? carriedForward
              : t[r]!;
  }
  return out;
}

const activeFor = (format: Format) =>
  fc
    .tuple(
      ...Object.entries(ACTIVE_ROWS[format]).map(([row, cols]) =>
        fc
          .tuple(
            ...cols.map((c) =>
              c === 'change'
                ? fc.integer({ min: -500, max: 500 })
                : c === 'amount_10k_yuan'
                  ? fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 100)
                  : count,
            ),
          )
          .map((vals) => [row, Object.fromEntries(cols.map((c, i) => [c, vals[i]!]))] as const),
      ),
    )
    .map((rows) => Object.fromEntries(rows) as Rows);

const reviewRows = fc
  .array(fc.array(count, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 })
  .map((groups) => {
    const out: Rows = {};
    REVIEW_GROUPS.forEach((g, i) => {
      const xs = groups[i]!;
      out[g] = Object.fromEntries([
        ...REVIEW_COLUMNS.slice(0, 4).map((c, j) => [c, xs[j]!]),
        ['total', xs.reduce((a, b) => a + b, 0)],
      ]);
    });
    return out;
  });

const report = fc.constantFrom<Format>('2021', '2019').chain((format) => {
  const detailed = format === '2021';
  const n = requestResultRows(detailed).length;
  return fc.record({
    format: fc.constant(format),
    active: activeFor(format),
    requests: fc
      .tuple(fc.array(requestRow, { minLength: n, maxLength: n }), requestRow, requestRow)
      .map(([res, co, cf]) => requestsFrom(res, co, cf, detailed)),
    review: reviewRows,
    zero: fc.constantFrom<'0' | '/' | ''>('0', '/', ''),
  });
});

const ACTIVE_LABELS: Record<string, string> = {
  regulations: '规章',
  normative_documents: '行政规范性文件',
  licensing: '行政许可',
  other_admin_services: '其他对外管理服务事项',
  punishment: '行政处罚',
  enforcement: '行政强制',
  fees: '行政事业性收费',
  procurement: '政府集中采购',
};
const REQUEST_LABELS: Record<string, string> = {
  new_received: '一、本年新收政府信息公开申请数量',
  carried_over: '二、上年结转政府信息公开申请数量',
  granted: '三、本年度办理结果\n（一）予以公开',
  partially_granted: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  'denied.state_secret': '（三）不予公开\n1.属于国家秘密',
  'denied.prohibited_by_law': '2.其他法律行政法规禁止公开',
  'denied.three_safeties_one_stability': '3.危及“三安全一稳定”',
  'denied.third_party_rights': '4.保护第三方合法权益',
  'denied.internal_affairs': '5.属于三类内部事务信息',
  'denied.process_information': '6.属于四类过程性信息',
  'denied.law_enforcement_files': '7.属于行政执法案卷',
  'denied.administrative_query': '8.属于行政查询事项',
  'unable.not_held': '（四）无法提供\n1.本机关不掌握相关政府信息',
  'unable.needs_creation': '2.没有现成信息需要另行制作',
  'unable.unclear_after_correction': '3.补正后申请内容仍不明确',
  'not_processed.petition_complaint': '（五）不予处理\n1.信访举报投诉类申请',
  'not_processed.duplicate': '2.重复申请',
  'not_processed.publication': '3.要求提供公开出版物',
  'not_processed.excessive_repeat': '4.无正当理由大量反复申请',
  'not_processed.confirm_existing': '5.要求行政机关确认或重新出具已获取信息',
  'other.overdue_correction': '（六）其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'other.overdue_fee': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  'other.other': '3.其他',
  other: '（六）其他处理',
  total_processed: '（七）总计',
  carried_forward: '四、结转下年度继续办理',
};

type TextStyle = 'tabs' | 'lines' | 'spaces';

/** The report as plain text in one of the seeds' layouts: tab rows, one cell per line, or single spaces. */
function renderText(g: Golden, style: TextStyle, zero: string): string {
  const cell = (v: number, col: string) =>
    col === 'change' && v > 0 ? `+${v}` : col === 'amount_yuan' ? `${v}元` : v === 0 ? zero || '0' : String(v);
  const row = (labels: string[], values: string[]) => {
    const cells = [...labels, ...values];
    return style === 'lines' ? cells.join('\n') : cells.join(style === 'tabs' ? '\t' : ' ');
  };
  const out = [
    `${g.year}年测试市人民政府政府信息公开工作年度报告`.replace(/^(\d+)年(.+?)政府信息/, '$2$1年政府信息'),
    '一、总体情况',
    '本年度工作正常开展。',
    '二、主动公开政府信息情况',
  ];
  for (const [r, cols] of Object.entries(g.active!)) {
    out.push(style === 'lines' ? '信息内容' : '第二十条');
    out.push(
      row(
        [ACTIVE_LABELS[r]!],
        Object.entries(cols).map(([c, v]) => cell(v as number, c)),
      ),
    );
  }
  out.push(
    '三、收到和处理政府信息公开申请情况',
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    '申请人情况',
    '自然人',
    '法人或其他组织',
    '总计',
  );
  for (const [r, cols] of Object.entries(g.requests!)) {
    out.push(
      row(
        REQUEST_LABELS[r]!.split('\n'),
        REQUEST_COLUMNS.map((c) => cell(cols[c] as number, c)),
      ),
    );
  }
  out.push(
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议',
    '行政诉讼',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
  );
  const review: string[] = [];
  for (const grp of REVIEW_GROUPS) for (const c of REVIEW_COLUMNS) review.push(cell(g.review![grp]![c] as number, c));
  out.push(style === 'lines' ? review.join('\n') : review.join(style === 'tabs' ? '\t' : ' '));
  out.push('五、存在的主要问题及改进情况', '无。', '— 3 —');
  return out.join('\n');
}

describe('property: rendered reports parse back exactly', () => {
  it("50 random reports as text in the seeds' layouts", async () => {
    await fc.assert(
      fc.asyncProperty(report, fc.constantFrom<TextStyle>('tabs', 'lines', 'spaces'), async (r, style) => {
        const year = r.format === '2021' ? 2023 : 2020;
        const golden: Golden = {
          source: 'generated',
          agency: '测试市人民政府',
          year,
          format: r.format,
          active: r.active,
          requests: r.requests,
          review: r.review,
        };
        // One cell per line cannot show an empty cell: zeros are printed there.
        const text = renderText(golden, style, style === 'lines' && r.zero === '' ? '0' : r.zero);
        const out = await parseDocument({ bytes: Buffer.from(text), fileName: 'r.txt' });
        expect(out.ok).toBe(true);
        if (!out.ok) return;
        expect(compareToGolden(out.report, golden)).toEqual([]);
        expect(out.report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 50), seed: Number(process.env.FC_SEED ?? 20240122) },
    );
  });

  it('50 random reports in both templates', async () => {
    await fc.assert(
      fc.asyncProperty(report, async (r) => {
        const year = r.format === '2021' ? 2023 : 2020;
        const title = `测试市人民政府${year}年政府信息公开工作年度报告`;
        const golden: Golden = {
          source: 'generated',
          agency: '测试市人民政府',
          year,
          format: r.format,
          active: r.active,
          requests: r.requests,
          review: r.review,
        };
        // A table of nothing but empty cells has no numbers (null, by the rules): print zeros there as "/".
        const someNumber = [r.active, r.requests, r.review].every((t) =>
          Object.values(t).some((row) => Object.values(row).some((v) => v !== 0)),
        );
        const zero = r.zero === '' && !someNumber ? '/' : r.zero;
        const html = renderReportHtml(
          golden,
          `${title}\n\n一、总体情况\n\n二、主动公开政府信息情况\n\n五、存在的主要问题及改进情况\n\n无。`,
          { zero },
        );
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
