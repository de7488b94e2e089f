// Every cell of every golden file (seeds and the real HTML page) equals the parser's output, from the document
// itself and from the same report rendered as Word-export HTML.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../parsers/index.js';
import { reportToJson } from '../../parsers/json.js';
import { hasTraditional } from '../../parsers/normalize/chinese.js';
import type { Report } from '../../parsers/types.js';
import { compareToGolden, loadGoldens } from '../helpers/golden.js';
import { renderReportHtml } from '../helpers/render-html.js';

// The PDFs belong to the PDF front end's tests.
const cases = loadGoldens().filter((g) => !g.sourcePath.endsWith('.pdf'));

async function parse(bytes: Uint8Array, fileName: string): Promise<Report> {
  const out = await parseDocument({ bytes, fileName });
  if (!out.ok) throw new Error(`${fileName}: ${out.error.code}: ${out.error.message}`);
  return out.report;
}

describe('golden files: the documents themselves', () => {
  it('covers the five seeds and the pingtan page', () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['000_9a0889932f31a8f7', '004_2e72bb84fb1e0d34', 'pingtan-2023']),
    );
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });
  for (const c of cases) {
    it(`${c.name}: every cell, agency, year and format`, async () => {
      const report = await parse(readFileSync(c.sourcePath), c.sourcePath);
      expect(compareToGolden(report, c.golden)).toEqual([]);
      // And through JSON, as the CLI and the store see it.
      expect(compareToGolden(reportToJson(report), c.golden)).toEqual([]);
    });
  }
});

describe('golden files: seeds rendered as Word-export HTML', () => {
  for (const c of cases.filter((x) => x.set === 'seed')) {
    const seed = readFileSync(c.sourcePath, 'utf8');
    for (const zero of ['0', '/', ''] as const) {
      it(`${c.name}: zeros printed as ${JSON.stringify(zero)}, inside portal chrome`, async () => {
        const html = renderReportHtml(c.golden, seed, {
          zero,
          traditional: hasTraditional(seed),
          portal: zero !== '0',
        });
        expect(html).toContain('rowspan=');
        expect(html.match(/<table class="MsoNormalTable"/g)?.length).toBe(4); // active, requests ×2, review
        const report = await parse(Buffer.from(html), `${c.name}.html`);
        expect(compareToGolden(report, c.golden)).toEqual([]);
      });
    }
  }
});

describe('golden files: seeds with their tabs collapsed to single spaces (rows as PDF text gives them)', () => {
  for (const c of cases.filter((x) => x.set === 'seed')) {
    it(`${c.name}: every cell`, async () => {
      const text = readFileSync(c.sourcePath, 'utf8').replace(/\t+/g, ' ');
      expect(text).not.toContain('\t');
      expect(compareToGolden(await parse(Buffer.from(text), 'x.txt'), c.golden)).toEqual([]);
    });
  }
});

describe('cell details the golden values do not show', () => {
  const byName = (n: string) => cases.find((c) => c.name.startsWith(n))!;

  it('seed 000: "/" is 0 with its raw text, "92(含撤销件)" is 92 with the note', async () => {
    const r = await parse(readFileSync(byName('000').sourcePath), 'x.txt');
    expect(r.active!.regulations!.issued).toEqual({ value: 0, raw: '/', blank: true });
    expect(r.requests!['other.other']!.total).toEqual({ value: 92, raw: '92(含撤销件)', note: '含撤销件' });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('seed 003: the lost organisation column is 0, marked inferred, with an info finding; review is null', async () => {
    const r = await parse(readFileSync(byName('003').sourcePath), 'x.txt');
    expect(r.requests!.granted!.other_org).toEqual({ value: 0, raw: '', inferred: true });
    expect(r.requests!.new_received!.other_org!.inferred).toBeUndefined();
    expect(r.findings.find((f) => f.rule === 'cell.inferred')?.severity).toBe('info');
    expect(r.review).toBeNull();
    expect(r.findings.find((f) => f.table === 'review')?.rule).toBe('table.empty');
  });

  it('seed 004: 2019 format, signed changes, yuan, a single 其他处理 row', async () => {
    const r = await parse(readFileSync(byName('004').sourcePath), 'x.txt');
    expect(r.format).toBe('2019');
    expect(r.tableFormats.requests).toBe('2019');
    expect(r.active!.licensing!.change).toEqual({ value: -369, raw: '-369' });
    expect(r.active!.punishment!.change).toEqual({ value: 44, raw: '+44' });
    expect(r.active!.procurement!.amount_yuan).toEqual({ value: 2122500000, raw: '2122500000元' });
    expect(Object.keys(r.requests!)).toContain('other');
    expect(Object.keys(r.requests!)).not.toContain('other.other');
  });

  it('seed 002: traditional characters come out simplified (檔案 → 文件)', async () => {
    const r = await parse(readFileSync(byName('002').sourcePath), 'x.txt');
    expect(r.title).toBe('深圳市人民政府办公厅2023年政府信息公开工作年度报告');
    expect(r.agency).toBe('深圳市人民政府办公厅');
  });

  it('seed 000: the signature date is the published date', async () => {
    const r = await parse(readFileSync(byName('000').sourcePath), 'x.txt');
    expect(r.publishedDate).toBe('2024-01-22');
  });

  it('pingtan: title and date from the page meta, fee with six decimals, no finding', async () => {
    const r = await parse(readFileSync(byName('pingtan').sourcePath), 'page.html');
    expect(r.title).toBe('平潭综合实验区2023年度政府信息公开工作年度报告');
    expect(r.publishedDate).toBe('2024-03-08');
    expect(r.active!.fees!.amount_10k_yuan!.value).toBe(5949.088667);
    expect(r.findings).toEqual([]);
  });

  it('rendered HTML with empty cells: each empty cell is a blank 0 in place', async () => {
    const c = byName('000');
    const html = renderReportHtml(c.golden, readFileSync(c.sourcePath, 'utf8'), { zero: '' });
    const r = await parse(Buffer.from(html), 'x.html');
    expect(r.requests!.new_received!.research).toEqual({ value: 0, raw: '', blank: true });
    expect(r.requests!.new_received!.social_welfare).toEqual({ value: 2, raw: '2' });
  });
});
