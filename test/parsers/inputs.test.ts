// Bad and unusual input: a clear error code for what is not a report, never an exception; GBK pages, traditional
// text, label variants, missing tables and lost cells.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../parsers/frontends/decode.js';
import { parseDocument } from '../../parsers/index.js';
import type { ParseErrorCode, ParseOutcome, Report } from '../../parsers/types.js';
import { compareToGolden, goldenCase } from '../helpers/golden.js';

const s000 = goldenCase('000_9a0889932f31a8f7');
const text000 = readFileSync(s000.sourcePath, 'utf8');
const pingtan = goldenCase('pingtan-2023');
const pingtanHtml = readFileSync(pingtan.sourcePath, 'utf8');

async function fails(bytes: Uint8Array, code: ParseErrorCode, extra: { fileName?: string; contentType?: string } = {}) {
  const out: ParseOutcome = await parseDocument({ bytes, ...extra });
  expect(out.ok).toBe(false);
  if (out.ok) return;
  expect(out.error.code).toBe(code);
  expect(out.error.message).not.toContain('\n');
  expect(out.error.message.length).toBeGreaterThan(10);
}

async function report(bytes: Uint8Array, extra: { fileName?: string; contentType?: string } = {}): Promise<Report> {
  const out = await parseDocument({ bytes, ...extra });
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.report;
}

/** Deterministic pseudo-random bytes. */
function noise(n: number, seed = 7): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('documents that are not reports', () => {
  it('empty: zero bytes, or only whitespace', async () => {
    await fails(new Uint8Array(0), 'empty');
    await fails(Buffer.from(' \n\t \r\n'), 'empty');
    await fails(Buffer.from('<html><body>  </body></html>'), 'empty');
  });

  it('binary: an image, random bytes', async () => {
    await fails(
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(noise(2000))]),
      'unsupported',
    );
    await fails(noise(5000), 'unsupported');
  });

  it('garbage text and an unrelated page: not a report', async () => {
    await fails(Buffer.from('lorem ipsum dolor sit amet\n'.repeat(50)), 'not_a_report');
    await fails(
      Buffer.from(
        '<html><head><title>首页</title></head><body><p>欢迎访问</p><table><tr><td>通知</td><td>2024-01-02</td></tr></table></body></html>',
      ),
      'not_a_report',
    );
  });

  it('a report page whose tables are not in it (attachment only) says so', async () => {
    const html =
      '<html><head><meta name="ArticleTitle" content="某区2023年政府信息公开工作年度报告"></head><body><p>详见附件。</p><a href="a.pdf">附件</a></body></html>';
    const out = await parseDocument({ bytes: Buffer.from(html) });
    expect(!out.ok && out.error).toMatchObject({ code: 'not_a_report' });
    expect(!out.ok && out.error.message).toContain('attachment');
  });

  it('truncated: a page cut off before its tables is not a report', async () => {
    const cut = pingtanHtml.slice(0, pingtanHtml.indexOf('二、主动公开政府信息情况') - 200);
    await fails(Buffer.from(cut), 'not_a_report', { fileName: 'page.html' });
  });

  it('truncated: a page cut inside part 三 keeps what is there and reports what is missing', async () => {
    const cut = pingtanHtml.slice(0, pingtanHtml.indexOf('不予处理', pingtanHtml.indexOf('本年新收')));
    const r = await report(Buffer.from(cut), { fileName: 'page.html' });
    expect(r.active!.licensing!.decisions!.value).toBe(2629);
    expect(r.review).toBeNull();
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['row.missing', 'table.missing']));
    expect(r.requests!.total_processed!.total!.value).toBeNull();
  });

  it('truncated binary containers (zip, PDF, OLE) give an error outcome, never an exception', async () => {
    const heads = [
      Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'),
      Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<', 'latin1'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    ];
    for (const h of heads) {
      const out = await parseDocument({ bytes: Buffer.concat([h, Buffer.from(noise(300))]) });
      expect(out.ok).toBe(false);
      if (!out.ok) expect(['unreadable', 'unsupported', 'encrypted', 'scanned', 'empty']).toContain(out.error.code);
    }
  });

  it('a cut-off UTF-8 character at the end still decodes as UTF-8', async () => {
    const bytes = Buffer.from(text000);
    const cut = bytes.subarray(0, bytes.length - 1); // the last 日 loses a byte
    expect(decodeBytes(cut).charset).toBe('utf-8');
    const r = await report(cut);
    expect(compareToGolden(r, s000.golden)).toEqual([]);
  });
});

describe('encodings and characters', () => {
  const gbkPage = pingtanHtml.replace(/<meta charset="utf-8"/i, '<meta');

  it('GBK-encoded HTML with no charset anywhere is detected and parses to the golden values', async () => {
    expect(gbkPage).not.toMatch(/charset/i);
    const bytes = iconv.encode(gbkPage, 'gbk');
    expect(decodeBytes(bytes)).toMatchObject({ charset: 'gb18030', source: 'detected' });
    expect(compareToGolden(await report(bytes), pingtan.golden)).toEqual([]);
  });

  it('the charset chain: a BOM (it cannot be wrong), then the header, then <meta>, then detection', () => {
    const gbk = iconv.encode(
      '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>政府信息公开</p>',
      'gbk',
    );
    expect(decodeBytes(gbk)).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decodeBytes(gbk, 'text/html; charset=GBK')).toMatchObject({ source: 'header' });
    // A header that lies (utf-8 on GBK bytes) falls through to the next clue.
    expect(decodeBytes(gbk, 'text/html; charset=utf-8').text).toContain('政府信息公开');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('年度报告')]);
    expect(decodeBytes(bom, 'text/html; charset=gbk')).toMatchObject({ text: '年度报告', source: 'bom' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('年度报告', 'utf16le')]);
    expect(decodeBytes(utf16).text).toBe('年度报告');
  });

  it('a GBK text file parses like its UTF-8 original', async () => {
    expect(compareToGolden(await report(iconv.encode(text000, 'gb18030')), s000.golden)).toEqual([]);
  });

  it('traditional characters with Taiwan wording parse to the same values', async () => {
    const traditional = Converter({ from: 'cn', to: 'twp' })(text000);
    expect(traditional).toContain('行政規範性檔案');
    expect(traditional).toContain('年度報告');
    const r = await report(Buffer.from(traditional));
    expect(compareToGolden(r, s000.golden)).toEqual([]);
    expect(r.title).toBe('南山区2023年政府信息公开工作年度报告');
  });

  it('a label mixing traditional characters with a simplified 文件 (行政規範性文件) keeps its row', async () => {
    const mixed = text000.replace('行政规范性文件', '行政規範性文件');
    expect(mixed).toContain('行政規範性文件');
    const r = await report(Buffer.from(mixed));
    expect(compareToGolden(r, s000.golden)).toEqual([]);
  });

  it('full-width digits, thousands separators and 万元 with decimals', async () => {
    const text = text000
      .replace('行政许可\t8440', '行政许可\t８，４４０')
      .replace('行政处罚\t13572', '行政处罚\t13,572')
      .replace('行政事业性收费\t44676', '行政事业性收费\t44676.5万元');
    const r = await report(Buffer.from(text));
    expect(r.active!.licensing!.decisions).toEqual({ value: 8440, raw: '8,440' });
    expect(r.active!.punishment!.decisions).toEqual({ value: 13572, raw: '13,572' });
    expect(r.active!.fees!.amount_10k_yuan!.value).toBe(44676.5);
  });
});

describe('label variants and missing data', () => {
  it('source typos and variants: 其他法律行政止公开, 没有现成信息需另行制作, spaces inside labels', async () => {
    const text = text000
      .replace('2. 其他法律行政法规禁止公开', '2. 其他法律行政止公开')
      .replace('2. 没有现成信息需要另行制作', '2. 没有现成信息需另行制作')
      .replace('4. 保护第三方合法权益', '4. 保 护 第 三 方 合 法 权 益')
      .replace(/结果维持/g, '结 果 维 持');
    expect(compareToGolden(await report(Buffer.from(text)), s000.golden)).toEqual([]);
  });

  it('an absent part 四: review is null with a table.missing finding, never zeros', async () => {
    const start = text000.indexOf('四、政府信息公开行政复议');
    const end = text000.indexOf('五、存在的主要问题');
    const r = await report(Buffer.from(text000.slice(0, start) + text000.slice(end)));
    expect(r.review).toBeNull();
    expect(r.findings.find((f) => f.table === 'review')).toMatchObject({ rule: 'table.missing', severity: 'error' });
    expect(r.requests).not.toBeNull();
  });

  it('part 二 printed without numbers: active is null with a table.empty finding', async () => {
    const start = text000.indexOf('二、主动公开政府信息情况');
    const end = text000.indexOf('三、收到和处理');
    const stripped = text000.slice(start, end).replace(/\t(\d+|\/)/g, '\t');
    const r = await report(Buffer.from(text000.slice(0, start) + stripped + text000.slice(end)));
    expect(r.active).toBeNull();
    expect(r.findings.find((f) => f.table === 'active')?.rule).toBe('table.empty');
  });

  it('grid tables printed with labels but only empty cells are null, not zeros', async () => {
    const c = goldenCase('003_80c8b29adc514181');
    const { renderReportHtml } = await import('../helpers/render-html.js');
    const empty = { ...c.golden, active: null, requests: null, review: null };
    const html = renderReportHtml(empty, readFileSync(c.sourcePath, 'utf8'), { zero: '' });
    const r = await report(Buffer.from(html), { fileName: 'x.html' });
    expect([r.active, r.requests, r.review]).toEqual([null, null, null]);
    expect(r.findings.filter((f) => f.rule === 'table.empty').map((f) => f.table)).toEqual([
      'active',
      'requests',
      'review',
    ]);
  });

  it('a row with a lost cell that the identities cannot place keeps its outer columns; the rest are null, with a finding', async () => {
    // granted: 72 3 / / / 2 77 → drop a "/": the organisation numbers left are not all zero, so no placement is certain.
    const text = text000.replace('(一) 予以公开\t72\t3\t/\t/\t/\t2\t77', '(一) 予以公开\t72\t3\t/\t/\t2\t77');
    const r = await report(Buffer.from(text));
    expect(r.requests!.granted!.natural_person!.value).toBe(72);
    expect(r.requests!.granted!.total!.value).toBe(77);
    expect(
      ['commercial', 'research', 'social_welfare', 'legal_services', 'other_org'].map(
        (c) => r.requests!.granted![c]!.value,
      ),
    ).toEqual([null, null, null, null, null]);
    expect(r.findings.find((f) => f.rule === 'cell.lost')).toMatchObject({ row: 'granted', severity: 'error' });
    // Fewer still: the whole row is null.
    const worse = await report(
      Buffer.from(text000.replace('(一) 予以公开\t72\t3\t/\t/\t/\t2\t77', '(一) 予以公开\t72\t3\t77')),
    );
    expect(Object.values(worse.requests!.granted!).every((c) => c.value === null)).toBe(true);
  });

  it('a bare district is placed in the city the text names (gazetteer), or left bare and reported', async () => {
    const fuzhou = text000.replace(/南山区/g, '鼓楼区').replace(/深圳/g, '福州');
    expect((await report(Buffer.from(fuzhou))).agency).toBe('福州市鼓楼区人民政府');
    const nowhere = text000.replace(/南山区/g, '鼓楼区').replace(/深圳/g, '');
    const r = await report(Buffer.from(nowhere));
    expect(r.agency).toBe('鼓楼区人民政府');
    expect(r.findings.some((f) => f.rule === 'meta.agency_ambiguous')).toBe(true);
    const hinted = await parseDocument({ bytes: Buffer.from(nowhere), hints: { region: '南京市' } });
    expect(hinted.ok && hinted.report.agency).toBe('南京市鼓楼区人民政府');
  });

  it('a title with a short bracketed note after 年度报告 is still the title', async () => {
    const text = text000.replace(
      '南山区 2023 年政府信息公开工作年度报告',
      '南山区 2023 年政府信息公开工作年度报告（修订版）',
    );
    const r = await report(Buffer.from(text));
    expect(r.title).toBe('南山区2023年政府信息公开工作年度报告(修订版)');
    expect(r.agency).toBe('深圳市南山区人民政府');
    expect(r.year).toBe(2023);
  });

  it('hints fill what the document does not say, and only that', async () => {
    const noTitle = text000.replace(/^\s*南山区 2023 年政府信息公开工作年度报告\s*/, '');
    const out = await parseDocument({
      bytes: Buffer.from(noTitle),
      hints: { agency: '深圳市南山区人民政府', year: 2023 },
    });
    expect(out.ok && [out.report.agency, out.report.year]).toEqual(['深圳市南山区人民政府', 2023]);
    const withTitle = await parseDocument({ bytes: Buffer.from(text000), hints: { agency: 'X', year: 1999 } });
    expect(withTitle.ok && [withTitle.report.agency, withTitle.report.year]).toEqual(['深圳市南山区人民政府', 2023]);
  });
});
