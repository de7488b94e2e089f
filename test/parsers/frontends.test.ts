// Front-end and cell-level rules: HTML grids, text layouts, cell values.
import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { htmlToDocModel, tableToGrid } from '../../parsers/frontends/html.js';
import { textToDocModel } from '../../parsers/frontends/text.js';
import { parseDocument } from '../../parsers/index.js';
import { convertMoney, parseCellValue } from '../../parsers/normalize/number.js';
import type { TableBlock } from '../../parsers/types.js';
import { compareToGolden, goldenCase } from '../helpers/golden.js';

const gridOf = (html: string): TableBlock => tableToGrid(cheerio.load(html)('table').toArray()[0]!);

describe('HTML tables as true grids', () => {
  it('expands rowspan and colspan; covered slots are empty and marked spanned; empty cells stay in place', () => {
    const g = gridOf(`<table>
      <tr><td rowspan="2" colspan="2">A</td><td>B</td><td></td></tr>
      <tr><td>C</td><td>D</td></tr>
      <tr><td>E</td><td colspan="2"><p>F</p></td><td>G</td></tr></table>`);
    expect(g.rows).toEqual([
      ['A', '', 'B', ''],
      ['', '', 'C', 'D'],
      ['E', 'F', '', 'G'],
    ]);
    expect(g.spanned).toEqual([
      [false, true, false, false],
      [true, true, false, false],
      [false, false, true, false],
    ]);
  });

  it('joins text split over <p>, <span> and <br> (商业 / 企业 → 商业企业; 92 / (含撤销件))', () => {
    const g = gridOf(
      `<table><tr><td><p>商业</p><p>企业</p></td><td><span>92</span><br><span>(含撤销件)</span></td><td>a<br>b</td></tr></table>`,
    );
    expect(g.rows[0]).toEqual(['商业企业', '92(含撤销件)', 'a b']);
  });

  it('ragged rows are padded with spanned slots; a rowspan past the end is cut', () => {
    const g = gridOf(`<table><tr><td rowspan="9">x</td><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>`);
    expect(g.rows).toEqual([
      ['x', '1', '2'],
      ['', '3', ''],
    ]);
    expect(g.spanned![1]).toEqual([true, false, true]);
  });

  it('finds the report inside a portal page: chrome, scripts and layout tables are left out', () => {
    const m = htmlToDocModel(`<html><head><title>某区2023年政府信息公开工作年度报告_年报_某区政府</title>
      <meta name="PubDate" content="2024-01-31 09:00"></head><body>
      <div class="nav"><p>首页</p><p>新闻 12</p></div>
      <table><tr><td><div class="content"><p>一、总体情况</p>
        <table><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>5</td></tr></table>
        <table><tr><td>行政复议</td></tr><tr><td>1</td></tr></table>
      </div></td></tr></table>
      <div class="footer"><p>版权所有</p><script>var a = 1;</script></div></body></html>`);
    expect(m.title).toBe('某区2023年政府信息公开工作年度报告_年报_某区政府');
    expect(m.publishedDate).toBe('2024-01-31 09:00');
    const texts = m.blocks.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text);
    expect(texts).toEqual(['一、总体情况']);
    expect(m.blocks.filter((b) => b.kind === 'table')).toHaveLength(2);
  });
});

describe('text layouts', () => {
  it('tab rows become table rows; page numbers and markdown heading marks go; one cell per line stays text', () => {
    const m = textToDocModel('## 二、主动公开\n规章\t0\t/\t1\n— 4 —\n第 3 页 共 10 页\n\t单独\n\n自然人\n12\n');
    expect(m.blocks).toEqual([
      { kind: 'text', text: '二、主动公开' },
      { kind: 'table', rows: [['规章', '0', '/', '1']] },
      { kind: 'text', text: '单独' },
      { kind: 'text', text: '自然人' },
      { kind: 'text', text: '12' },
    ]);
  });
});

describe('cell values', () => {
  it.each([
    ['123', { value: 123 }],
    ['１２３', { value: 123 }],
    ['1,234', { value: 1234 }],
    ['８，４４０', { value: 8440 }],
    ['/', { value: 0, blank: true }],
    ['—', { value: 0, blank: true }],
    ['-', { value: 0, blank: true }],
    ['无', { value: 0, blank: true }],
    ['', { value: 0, blank: true, empty: true }],
    ['92(含撤销件)', { value: 92, note: '含撤销件' }],
    ['92（含撤销件）', { value: 92, note: '含撤销件' }],
    ['+44', { value: 44 }],
    ['-369', { value: -369 }],
    ['2122500000元', { value: 2122500000, unit: 'yuan' }],
    ['212250万元', { value: 212250, unit: '10k_yuan' }],
    ['5949.088667', { value: 5949.088667 }],
    ['1 234', { value: 1234 }],
  ])('%j → %j', (raw, expected) => {
    expect(parseCellValue(raw)).toEqual(expected);
  });

  it.each(['规章', '51.85%', '1.属于国家秘密', '第二十条第（一）项', '2023年'])('%j is a label, not a value', (raw) => {
    expect(parseCellValue(raw)).toBeNull();
  });

  it('money converts between 元, 万元 and 亿元 without float noise', () => {
    expect(convertMoney(212250.5, '10k_yuan', 'yuan')).toBe(2122505000);
    expect(convertMoney(2122500000, 'yuan', '10k_yuan')).toBe(212250);
    expect(convertMoney(21.225, '100m_yuan', 'yuan')).toBe(2122500000);
    expect(convertMoney(7730.28, undefined, '10k_yuan')).toBe(7730.28);
  });
});

describe('HTML as portals write it', () => {
  it('unclosed cells and rows, upper-case tags and attributes, entities', () => {
    const m = htmlToDocModel(`<TABLE><TR><TD ROWSPAN=2>行政复议<TD>1&nbsp;<TR><TD>2<TR><TD>a&amp;b<TD>3</TABLE>`);
    const t = m.blocks[0] as TableBlock;
    expect(t.rows).toEqual([
      ['行政复议', '1'],
      ['', '2'],
      ['a&b', '3'],
    ]);
    expect(t.spanned![1]).toEqual([true, false]);
  });
});

describe('text inside HTML', () => {
  it('a report published as <pre> text keeps its tab rows; <br> lines with &nbsp; runs split into cells', async () => {
    const c = goldenCase('000_9a0889932f31a8f7');
    const text = readFileSync(c.sourcePath, 'utf8');
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const pre = `<html><body><div class="nav">首页</div><pre>${esc(text)}</pre></body></html>`;
    const a = await parseDocument({ bytes: Buffer.from(pre), fileName: 'a.html' });
    expect(a.ok && compareToGolden(a.report, c.golden)).toEqual([]);
    const br = `<html><body><div>${esc(text)
      .split('\n')
      .map((l) => l.replace(/\t/g, '&nbsp;&nbsp;'))
      .join('<br>')}</div></body></html>`;
    const b = await parseDocument({ bytes: Buffer.from(br), fileName: 'b.html' });
    expect(b.ok && compareToGolden(b.report, c.golden)).toEqual([]);
  });
});

describe('dates', () => {
  it('the signature date in Chinese numerals is the published date', async () => {
    const text = readFileSync(goldenCase('000_9a0889932f31a8f7').sourcePath, 'utf8').replace(
      '2024年1月22日',
      '二〇二四年一月二十二日',
    );
    const out = await parseDocument({ bytes: Buffer.from(text) });
    expect(out.ok && out.report.publishedDate).toBe('2024-01-22');
    const text2 = text.replace('二〇二四年一月二十二日', '2024年12月3日');
    const out2 = await parseDocument({ bytes: Buffer.from(text2) });
    expect(out2.ok && out2.report.publishedDate).toBe('2024-12-03');
  });
});
