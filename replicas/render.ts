// The national table layout (国办公开办函〔2021〕30号 / 〔2019〕60号) rendered as HTML with rowspan/colspan from a
// report's values, and the report body (narrative + tables) that every replica template wraps.
import type { GoldenReport, ReportDoc, Values } from './reports.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const td = (text: string | number, attrs = '') =>
  `<td${attrs ? ' ' + attrs : ''}><p>${typeof text === 'number' ? text : esc(text)}</p></td>`;

function val(t: Values | null, row: string, col: string): string {
  const v = t?.[row]?.[col];
  return v === null || v === undefined ? '' : String(v);
}

function activeTable(r: GoldenReport): string {
  const a = r.active;
  const rows: string[] = [];
  const section = (label: string) => rows.push(`<tr>${td(label, 'colspan="4"')}</tr>`);
  if (r.format === '2021') {
    section('第二十条第（一）项');
    rows.push(`<tr>${td('信息内容')}${td('本年制发件数')}${td('本年废止件数')}${td('现行有效件数')}</tr>`);
    for (const [key, label] of [
      ['regulations', '规章'],
      ['normative_documents', '行政规范性文件'],
    ] as const)
      rows.push(
        `<tr>${td(label)}${td(val(a, key, 'issued'))}${td(val(a, key, 'repealed'))}${td(val(a, key, 'in_force'))}</tr>`,
      );
    const single = (sec: string, head: string, items: [string, string, string][]) => {
      section(sec);
      rows.push(`<tr>${td('信息内容')}${td(head, 'colspan="3"')}</tr>`);
      for (const [key, label, f] of items) rows.push(`<tr>${td(label)}${td(val(a, key, f), 'colspan="3"')}</tr>`);
    };
    single('第二十条第（五）项', '本年处理决定数量', [['licensing', '行政许可', 'decisions']]);
    single('第二十条第（六）项', '本年处理决定数量', [
      ['punishment', '行政处罚', 'decisions'],
      ['enforcement', '行政强制', 'decisions'],
    ]);
    single('第二十条第（八）项', '本年收费金额（单位：万元）', [['fees', '行政事业性收费', 'amount_10k_yuan']]);
  } else {
    section('第二十条第（一）项');
    rows.push(`<tr>${td('信息内容')}${td('本年新制作数量')}${td('本年新公开数量')}${td('对外公开总数量')}</tr>`);
    for (const [key, label] of [
      ['regulations', '规章'],
      ['normative_documents', '规范性文件'],
    ] as const)
      rows.push(
        `<tr>${td(label)}${td(val(a, key, 'made'))}${td(val(a, key, 'published'))}${td(val(a, key, 'total_published'))}</tr>`,
      );
    const change = (v: string) => (v && !v.startsWith('-') && v !== '0' ? '+' + v : v);
    const triple = (sec: string, items: [string, string][]) => {
      section(sec);
      rows.push(`<tr>${td('信息内容')}${td('上一年项目数量')}${td('本年增/减')}${td('处理决定数量')}</tr>`);
      for (const [key, label] of items)
        rows.push(
          `<tr>${td(label)}${td(val(a, key, 'prev_year_items'))}${td(change(val(a, key, 'change')))}${td(val(a, key, 'decisions'))}</tr>`,
        );
    };
    triple('第二十条第（五）项', [
      ['licensing', '行政许可'],
      ['other_admin_services', '其他对外管理服务事项'],
    ]);
    triple('第二十条第（六）项', [
      ['punishment', '行政处罚'],
      ['enforcement', '行政强制'],
    ]);
    section('第二十条第（八）项');
    rows.push(`<tr>${td('信息内容')}${td('上一年项目数量')}${td('本年增/减', 'colspan="2"')}</tr>`);
    rows.push(
      `<tr>${td('行政事业性收费')}${td(val(a, 'fees', 'prev_year_items'))}${td(change(val(a, 'fees', 'change')), 'colspan="2"')}</tr>`,
    );
    section('第二十条第（九）项');
    rows.push(`<tr>${td('信息内容')}${td('采购项目数量')}${td('采购总金额', 'colspan="2"')}</tr>`);
    const amount = val(a, 'procurement', 'amount_yuan');
    rows.push(
      `<tr>${td('政府集中采购')}${td(val(a, 'procurement', 'projects'))}${td(amount ? amount + '元' : '', 'colspan="2"')}</tr>`,
    );
  }
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>${rows.join('')}</tbody></table>`;
}

const COLS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org', 'total'];

function requestsTable(r: GoldenReport): string {
  const q = r.requests;
  const detailed = r.format === '2021' || (q !== null && 'other.other' in q);
  const cells = (row: string) => COLS.map((c) => td(val(q, row, c))).join('');
  const rows: string[] = [];
  rows.push(
    `<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan="3" rowspan="3"')}${td('申请人情况', 'colspan="7"')}</tr>`,
  );
  rows.push(
    `<tr>${td('自然人', 'rowspan="2"')}${td('法人或其他组织', 'colspan="5"')}${td('总计', 'rowspan="2"')}</tr>`,
  );
  rows.push(`<tr>${td('商业企业')}${td('科研机构')}${td('社会公益组织')}${td('法律服务机构')}${td('其他')}</tr>`);
  rows.push(`<tr>${td('一、本年新收政府信息公开申请数量', 'colspan="3"')}${cells('new_received')}</tr>`);
  rows.push(`<tr>${td('二、上年结转政府信息公开申请数量', 'colspan="3"')}${cells('carried_over')}</tr>`);
  const groups: [string, [string, string][]][] = [
    [
      '（三）不予公开',
      [
        ['denied.state_secret', '1.属于国家秘密'],
        ['denied.prohibited_by_law', '2.其他法律行政法规禁止公开'],
        ['denied.three_safeties_one_stability', '3.危及“三安全一稳定”'],
        ['denied.third_party_rights', '4.保护第三方合法权益'],
        ['denied.internal_affairs', '5.属于三类内部事务信息'],
        ['denied.process_information', '6.属于四类过程性信息'],
        ['denied.law_enforcement_files', '7.属于行政执法案卷'],
        ['denied.administrative_query', '8.属于行政查询事项'],
      ],
    ],
    [
      '（四）无法提供',
      [
        ['unable.not_held', '1.本机关不掌握相关政府信息'],
        ['unable.needs_creation', '2.没有现成信息需要另行制作'],
        ['unable.unclear_after_correction', '3.补正后申请内容仍不明确'],
      ],
    ],
    [
      '（五）不予处理',
      [
        ['not_processed.petition_complaint', '1.信访举报投诉类申请'],
        ['not_processed.duplicate', '2.重复申请'],
        ['not_processed.publication', '3.要求提供公开出版物'],
        ['not_processed.excessive_repeat', '4.无正当理由大量反复申请'],
        ['not_processed.confirm_existing', '5.要求行政机关确认或重新出具已获取信息'],
      ],
    ],
  ];
  if (detailed)
    groups.push([
      '（六）其他处理',
      [
        ['other.overdue_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
        ['other.overdue_fee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
        ['other.other', '3.其他'],
      ],
    ]);
  const resultRowCount = 3 + groups.reduce((s, [, items]) => s + items.length, 0) + (detailed ? 0 : 1);
  rows.push(
    `<tr>${td('三、本年度办理结果', `rowspan="${resultRowCount}"`)}${td('（一）予以公开', 'colspan="2"')}${cells('granted')}</tr>`,
  );
  rows.push(
    `<tr>${td('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'colspan="2"')}${cells('partially_granted')}</tr>`,
  );
  for (const [head, items] of groups) {
    items.forEach(([key, label], i) => {
      rows.push(`<tr>${i === 0 ? td(head, `rowspan="${items.length}"`) : ''}${td(label)}${cells(key)}</tr>`);
    });
  }
  if (!detailed) rows.push(`<tr>${td('（六）其他处理', 'colspan="2"')}${cells('other')}</tr>`);
  rows.push(`<tr>${td('（七）总计', 'colspan="2"')}${cells('total_processed')}</tr>`);
  rows.push(`<tr>${td('四、结转下年度继续办理', 'colspan="3"')}${cells('carried_forward')}</tr>`);
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>${rows.join('')}</tbody></table>`;
}

function reviewTable(r: GoldenReport): string {
  const v = r.review;
  const heads = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const rows: string[] = [];
  rows.push(`<tr>${td('行政复议', 'colspan="5" rowspan="2"')}${td('行政诉讼', 'colspan="10"')}</tr>`);
  rows.push(`<tr>${td('未经复议直接起诉', 'colspan="5"')}${td('复议后起诉', 'colspan="5"')}</tr>`);
  rows.push(`<tr>${[...heads, ...heads, ...heads].map((h) => td(h)).join('')}</tr>`);
  const nums: string[] = [];
  for (const g of ['review', 'litigation_direct', 'litigation_after_review'])
    for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) nums.push(val(v, g, c));
  rows.push(`<tr>${nums.map((n) => td(n)).join('')}</tr>`);
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>${rows.join('')}</tbody></table>`;
}

/** The report as in-page HTML: narrative paragraphs and the three national tables. */
export function reportBody(doc: ReportDoc): string {
  const g = doc.golden;
  const p = (s: string) => `<p style="text-indent:2em">${esc(s)}</p>`;
  const out: string[] = [];
  out.push(`<p style="text-align:center"><strong>${esc(doc.title)}</strong></p>`);
  if (doc.intro.length) out.push(...doc.intro.map(p));
  out.push(`<p><strong>二、主动公开政府信息情况</strong></p>`, activeTable(g));
  out.push(`<p><strong>三、收到和处理政府信息公开申请情况</strong></p>`, requestsTable(g));
  out.push(`<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>`, reviewTable(g));
  if (doc.outro.length) out.push(...doc.outro.map(p));
  if (doc.revisionNote) out.push(p(doc.revisionNote));
  return out.join('\n');
}
