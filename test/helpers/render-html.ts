// Render a golden report as Word-export-style HTML: rowspan/colspan headers, cells wrapped in <p><span>, the
// applications table split in two by a "page break" (header repeated), the seed's own title, intro and closing
// paragraphs around the tables. Tests parse it back and compare with the same golden values.
import { Converter } from 'opencc-js';
import { type CellJson, jsonCellValue } from '../../parsers/json.js';
import type { Golden } from './golden.js';

export interface RenderOptions {
  /** How a 0 is printed: '0', '/', or '' (an empty cell, which must be read as a blank 0). */
  zero?: '0' | '/' | '';
  /** Convert the rendered tables to traditional characters (Taiwan wording), as the seed itself is. */
  traditional?: boolean;
  /** Surround the report with portal chrome (navigation, footer, a layout table). */
  portal?: boolean;
}

type Row = { cells: string[] };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function td(text: string, attrs: { rowspan?: number; colspan?: number } = {}): string {
  const a = `${attrs.rowspan && attrs.rowspan > 1 ? ` rowspan="${attrs.rowspan}"` : ''}${attrs.colspan && attrs.colspan > 1 ? ` colspan="${attrs.colspan}"` : ''}`;
  // Header words broken over two <p> (商业 / 企业), as Word does for narrow columns.
  const body = text
    .split('\n')
    .map(
      (part) =>
        `<p class="MsoNormal" align="center" style="text-align:center"><span style="font-family:仿宋_GB2312">${esc(part)}</span></p>`,
    )
    .join('');
  return `<td width="64" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"${a}>${body}</td>`;
}

function table(rows: Row[]): string {
  return `<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">\n${rows
    .map((r) => `<tr>${r.cells.join('')}</tr>`)
    .join('\n')}\n</table>`;
}

function num(
  cell: CellJson | undefined,
  zero: RenderOptions['zero'],
  kind: 'plain' | 'signed' | 'yuan' = 'plain',
): string {
  const v = jsonCellValue(cell);
  if (v === null || v === undefined) return '';
  if (v === 0 && kind === 'plain') return zero ?? '0';
  if (kind === 'signed') return v > 0 ? `+${v}` : String(v);
  if (kind === 'yuan') return `${v}元`;
  return String(v);
}

function activeTable(g: Golden, zero: RenderOptions['zero']): string {
  const a = g.active ?? {};
  const rows: Row[] = [];
  const head = (text: string) => rows.push({ cells: [td(text, { colspan: 4 })] });
  const labels = (...cols: string[]) =>
    rows.push({
      cells: [td('信息内容'), ...cols.map((c, i) => td(c, { colspan: i === cols.length - 1 ? 4 - cols.length : 1 }))],
    });
  const values = (label: string, row: string, fields: [string, 'plain' | 'signed' | 'yuan'][]) =>
    rows.push({
      cells: [
        td(label),
        ...fields.map(([f, k], i) =>
          td(num(a[row]?.[f], zero, k), { colspan: i === fields.length - 1 ? 4 - fields.length : 1 }),
        ),
      ],
    });
  if (g.format === '2019') {
    head('第二十条第（一）项');
    labels('本年新制作数量', '本年新公开数量', '对外公开总数量');
    values('规章', 'regulations', [
      ['made', 'plain'],
      ['published', 'plain'],
      ['total_published', 'plain'],
    ]);
    values('规范性文件', 'normative_documents', [
      ['made', 'plain'],
      ['published', 'plain'],
      ['total_published', 'plain'],
    ]);
    head('第二十条第（五）项');
    labels('上一年项目数量', '本年增/减', '处理决定数量');
    values('行政许可', 'licensing', [
      ['prev_year_items', 'plain'],
      ['change', 'signed'],
      ['decisions', 'plain'],
    ]);
    values('其他对外管理服务事项', 'other_admin_services', [
      ['prev_year_items', 'plain'],
      ['change', 'signed'],
      ['decisions', 'plain'],
    ]);
    head('第二十条第（六）项');
    labels('上一年项目数量', '本年增/减', '处理决定数量');
    values('行政处罚', 'punishment', [
      ['prev_year_items', 'plain'],
      ['change', 'signed'],
      ['decisions', 'plain'],
    ]);
    values('行政强制', 'enforcement', [
      ['prev_year_items', 'plain'],
      ['change', 'signed'],
      ['decisions', 'plain'],
    ]);
    head('第二十条第（八）项');
    labels('上一年项目数量', '本年增/减');
    values('行政事业性收费', 'fees', [
      ['prev_year_items', 'plain'],
      ['change', 'signed'],
    ]);
    head('第二十条第（九）项');
    labels('采购项目数量', '采购总金额');
    values('政府集中采购', 'procurement', [
      ['projects', 'plain'],
      ['amount_yuan', 'yuan'],
    ]);
  } else {
    head('第二十条第（一）项');
    labels('本年制发件数', '本年废止件数', '现行有效件数');
    values('规章', 'regulations', [
      ['issued', 'plain'],
      ['repealed', 'plain'],
      ['in_force', 'plain'],
    ]);
    values('行政规范性文件', 'normative_documents', [
      ['issued', 'plain'],
      ['repealed', 'plain'],
      ['in_force', 'plain'],
    ]);
    head('第二十条第（五）项');
    labels('本年处理决定数量');
    values('行政许可', 'licensing', [['decisions', 'plain']]);
    head('第二十条第（六）项');
    labels('本年处理决定数量');
    values('行政处罚', 'punishment', [['decisions', 'plain']]);
    values('行政强制', 'enforcement', [['decisions', 'plain']]);
    head('第二十条第（八）项');
    labels('本年收费金额（单位：万元）');
    values('行政事业性收费', 'fees', [['amount_10k_yuan', 'plain']]);
  }
  return table(rows);
}

const COLS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org', 'total'];

function requestHeader(): Row[] {
  return [
    {
      cells: [
        td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { colspan: 3, rowspan: 3 }),
        td('申请人情况', { colspan: 7 }),
      ],
    },
    { cells: [td('自然人', { rowspan: 2 }), td('法人或其他组织', { colspan: 5 }), td('总计', { rowspan: 2 })] },
    { cells: [td('商业\n企业'), td('科研\n机构'), td('社会公益组织'), td('法律服务机构'), td('其他')] },
  ];
}

interface ReqRow {
  key: string;
  /** Label cells before the values: [text, colspan, rowspan] (rowspan only on a group's first row). */
  labels: [string, number, number][];
}

function requestRowsLayout(detailedOther: boolean): ReqRow[] {
  const group = (title: string, items: [string, string][]): ReqRow[] =>
    items.map(([key, label], i) => ({
      key,
      labels: [...(i === 0 ? [[title, 1, items.length] as [string, number, number]] : []), [label, 1, 1]],
    }));
  const rows: ReqRow[] = [
    { key: 'new_received', labels: [['一、本年新收政府信息公开申请数量', 3, 1]] },
    { key: 'carried_over', labels: [['二、上年结转政府信息公开申请数量', 3, 1]] },
    { key: 'granted', labels: [['（一）予以公开', 2, 1]] },
    { key: 'partially_granted', labels: [['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 2, 1]] },
    ...group('（三）不予公开', [
      ['denied.state_secret', '1.属于国家秘密'],
      ['denied.prohibited_by_law', '2.其他法律行政法规禁止公开'],
      ['denied.three_safeties_one_stability', '3.危及“三安全一稳定”'],
      ['denied.third_party_rights', '4.保护第三方合法权益'],
      ['denied.internal_affairs', '5.属于三类内部事务信息'],
      ['denied.process_information', '6.属于四类过程性信息'],
      ['denied.law_enforcement_files', '7.属于行政执法案卷'],
      ['denied.administrative_query', '8.属于行政查询事项'],
    ]),
    ...group('（四）无法提供', [
      ['unable.not_held', '1.本机关不掌握相关政府信息'],
      ['unable.needs_creation', '2.没有现成信息需要另行制作'],
      ['unable.unclear_after_correction', '3.补正后申请内容仍不明确'],
    ]),
    ...group('（五）不予处理', [
      ['not_processed.petition_complaint', '1.信访举报投诉类申请'],
      ['not_processed.duplicate', '2.重复申请'],
      ['not_processed.publication', '3.要求提供公开出版物'],
      ['not_processed.excessive_repeat', '4.无正当理由大量反复申请'],
      ['not_processed.confirm_existing', '5.要求行政机关确认或重新出具已获取信息'],
    ]),
    ...(detailedOther
      ? group('（六）其他处理', [
          ['other.overdue_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
          ['other.overdue_fee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
          ['other.other', '3.其他'],
        ])
      : [{ key: 'other', labels: [['（六）其他处理', 2, 1]] as [string, number, number][] }]),
    { key: 'total_processed', labels: [['（七）总计', 2, 1]] },
    { key: 'carried_forward', labels: [['四、结转下年度继续办理', 3, 1]] },
  ];
  return rows;
}

/** The applications table, split in two after the 不予公开 rows, the header repeated on the second "page". */
function requestTables(g: Golden, zero: RenderOptions['zero']): string {
  const req = g.requests ?? {};
  const layout = requestRowsLayout('other.other' in req);
  const firstResult = layout.findIndex((r) => r.key === 'granted');
  const lastResult = layout.findIndex((r) => r.key === 'total_processed');
  const split = layout.findIndex((r) => r.key === 'unable.not_held');
  const render = (from: number, to: number): Row[] =>
    layout.slice(from, to).map((r, i) => {
      const idx = from + i;
      const cells: string[] = [];
      // 三、本年度办理结果 spans the result rows of its page; on the second page Word leaves an empty spanning cell.
      if (idx === Math.max(from, firstResult) && idx <= lastResult && idx >= firstResult) {
        const span = Math.min(to, lastResult + 1) - idx;
        cells.push(td(idx === firstResult ? '三、本年度办理结果' : '', { rowspan: span }));
      }
      for (const [text, colspan, rowspan] of r.labels) cells.push(td(text, { colspan, rowspan }));
      for (const c of COLS) cells.push(td(num(req[r.key]?.[c], zero)));
      return { cells };
    });
  return `${table([...requestHeader(), ...render(0, split)])}\n<br clear="all" style="page-break-before:always">\n${table([...requestHeader(), ...render(split, layout.length)])}`;
}

function reviewTable(g: Golden, zero: RenderOptions['zero']): string {
  const sub = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const rows: Row[] = [
    { cells: [td('行政复议', { colspan: 5 }), td('行政诉讼', { colspan: 10 })] },
    {
      cells: [
        ...sub.map((s) => td(s.slice(0, 2) + '\n' + s.slice(2), { rowspan: 2 })),
        td('未经复议直接起诉', { colspan: 5 }),
        td('复议后起诉', { colspan: 5 }),
      ],
    },
    { cells: [...sub, ...sub].map((s) => td(s)) },
  ];
  const values: string[] = [];
  for (const grp of ['review', 'litigation_direct', 'litigation_after_review']) {
    for (const c of ['upheld', 'corrected', 'other', 'pending', 'total'])
      values.push(g.review ? num(g.review[grp]?.[c], zero) : '');
  }
  rows.push({ cells: values.map((v) => td(v)) });
  return table(rows);
}

/** The seed's paragraphs before part 二 and from part 五 on (title, intro, closing, signature). */
function seedParagraphs(seedText: string): { before: string[]; after: string[] } {
  const lines = seedText
    .split(/\r?\n/)
    .map((l) => l.replace(/^#+\s*/, '').trim())
    .filter((l) => l && !/^[-—]+\s*\d+\s*[-—]+$/.test(l));
  const i2 = lines.findIndex((l) => /^二、\s*主[动動]公[开開]/.test(l));
  let i5 = lines.findIndex((l, i) => i > i2 && /^五、/.test(l));
  if (i5 < 0) i5 = lines.length;
  return { before: lines.slice(0, Math.max(i2, 0)), after: lines.slice(i5) };
}

let toTraditional: ((s: string) => string) | undefined;

export function renderReportHtml(g: Golden, seedText: string, opts: RenderOptions = {}): string {
  const zero = opts.zero ?? '0';
  const { before, after } = seedParagraphs(seedText);
  const p = (t: string) =>
    `<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">${esc(t)}</span></p>`;
  let tables = [
    `<p class="MsoNormal"><b><span>二、主动公开政府信息情况</span></b></p>`,
    activeTable(g, zero),
    `<p class="MsoNormal"><b><span>三、收到和处理政府信息公开申请情况</span></b></p>`,
    requestTables(g, zero),
    `<p class="MsoNormal"><b><span>四、政府信息公开行政复议、行政诉讼情况</span></b></p>`,
    reviewTable(g, zero),
  ].join('\n');
  if (opts.traditional) tables = (toTraditional ??= Converter({ from: 'cn', to: 'twp' }))(tables);
  const title = before[0] ?? '';
  const doc = [
    `<div class="WordSection1">`,
    `<p class="MsoTitle" align="center"><b><span style="font-size:22.0pt">${esc(title)}</span></b></p>`,
    ...before.slice(1).map(p),
    tables,
    ...after.map(p),
    `</div>`,
  ].join('\n');
  const body = opts.portal
    ? `<div class="header"><ul><li><a href="/">首页</a></li><li>政务公开</li><li>2024年工作动态 12 条</li></ul></div>
<table width="100%"><tr><td class="left-nav"><p>政府信息公开年报</p></td><td class="main">${doc}</td></tr></table>
<div class="footer"><p>主办单位：某某人民政府办公室</p><p>网站标识码 4403000001 ICP备 12345678号</p><script>var x = "<td>1</td>";</script></div>`
    : doc;
  return `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15"><title>${esc(title)}</title>
<style>p.MsoNormal{margin:0cm;font-size:10.5pt}</style></head>
<body lang="ZH-CN">
${body}
</body></html>
`;
}
