// PDF, DOCX and DOC documents parse to their golden values: the two real PDFs (hongze 2023/2024) and every seed
// rendered by scripts/dev/render-fixtures.ts (test/fixtures/generated/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../parsers/extract/index.js';
import { readPdfPages } from '../../parsers/frontends/pdf.js';
import { parseDocument } from '../../parsers/index.js';
import { layoutPages } from '../../parsers/pdf/layout.js';
import { compareToGolden, goldenCase, loadGoldens } from '../helpers/golden.js';

const GENERATED = join(import.meta.dirname, '..', 'fixtures', 'generated');

async function parseFile(path: string) {
  const outcome = await parseDocument({ bytes: new Uint8Array(readFileSync(path)), fileName: path });
  if (!outcome.ok) throw new Error(`${path}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome;
}

describe('real PDFs', () => {
  it('hongze-2023.pdf: every golden cell; the review totals stay as published (0) and are reported', async () => {
    const g = goldenCase('hongze-2023');
    const { report, source } = await parseFile(g.sourcePath);
    expect(source).toBe('pdf');
    expect(compareToGolden(report, g.golden)).toEqual([]);
    expect(report.review?.review?.total?.value).toBe(0);
    // one finding per group the golden file names ("review.review: …", "review.litigation_after_review: …")
    const messages = report.findings.filter((f) => f.rule === 'identity.review_total').map((f) => f.message);
    const groups = (list: string[]) => list.map((m) => m.split(':')[0]).sort();
    expect(groups(messages)).toEqual(groups(g.golden.expected_findings!));
    for (const m of messages) expect(m).toMatch(/but total is published as 0$/);
    // table 三 breaks across pages 3-4: rows from both pages are there
    expect(report.requests?.['denied.state_secret']?.natural_person?.value).toBe(1);
    expect(report.requests?.['unable.unclear_after_correction']?.total?.value).toBe(0);
    expect(report.requests?.total_processed?.total?.value).toBe(21);
  });

  it('hongze-2024.pdf: every golden cell, no identity broken', async () => {
    const g = goldenCase('hongze-2024');
    const { report } = await parseFile(g.sourcePath);
    expect(compareToGolden(report, g.golden)).toEqual([]);
    expect(report.findings.filter((f) => f.rule.startsWith('identity.'))).toEqual([]);
  });

  it('hongze-2023.pdf: the decimal fee amount is read exactly', async () => {
    const { report } = await parseFile(goldenCase('hongze-2023').sourcePath);
    expect(report.active?.fees?.amount_10k_yuan?.value).toBe(7730.28);
  });
});

describe('tables printed without ruling lines', () => {
  // The same real pages with every ruling line taken away: columns come from where the numbers stand, rows from
  // the lines that hold them, and labels wrapped around their numbers still land in their row.
  for (const name of ['hongze-2023', 'hongze-2024']) {
    it(`${name}.pdf without its lines still parses to every golden cell`, async () => {
      const g = goldenCase(name);
      const { pages } = await readPdfPages(new Uint8Array(readFileSync(g.sourcePath)));
      const model = { source: 'pdf' as const, blocks: layoutPages(pages.map((p) => ({ ...p, rulings: [] }))) };
      expect(model.blocks.filter((b) => b.kind === 'table').length).toBeGreaterThan(0);
      expect(compareToGolden(extractReport(model), g.golden)).toEqual([]);
    });
  }
});

const seeds = loadGoldens().filter((g) => g.set === 'seed');

describe('seed renderings', () => {
  it('there are five seeds, each rendered to PDF and DOCX, and two to DOC', () => {
    expect(seeds).toHaveLength(5);
    for (const s of seeds) {
      expect(existsSync(join(GENERATED, `${s.name}.pdf`))).toBe(true);
      expect(existsSync(join(GENERATED, `${s.name}.docx`))).toBe(true);
    }
    expect(seeds.filter((s) => existsSync(join(GENERATED, `${s.name}.doc`)))).toHaveLength(2);
  });

  for (const s of seeds) {
    for (const ext of ['pdf', 'docx', 'doc'] as const) {
      const file = join(GENERATED, `${s.name}.${ext}`);
      if (!existsSync(file)) continue;
      it(`${s.name}.${ext} parses to the golden values`, async () => {
        const { report, source } = await parseFile(file);
        expect(source).toBe(ext);
        expect(compareToGolden(report, s.golden)).toEqual([]);
      });
    }
  }

  it('a .wps file that is really a Word 97 document is read as DOC, to the golden values', async () => {
    const s = seeds[0]!;
    const { report, source } = await parseFile(join(GENERATED, `${s.name}.wps`));
    expect(source).toBe('doc');
    expect(compareToGolden(report, s.golden)).toEqual([]);
  });

  it('a DOCX whose main part is word/document2.xml (Office Online) parses to the golden values', async () => {
    const s = seeds[0]!;
    const { report, source } = await parseFile(join(GENERATED, `${s.name}.document2.docx`));
    expect(source).toBe('docx');
    expect(compareToGolden(report, s.golden)).toEqual([]);
  });

  it('a PDF whose content is drawn turned by 90° in user space parses to the golden values', async () => {
    const s = seeds[seeds.length - 1]!;
    const { report } = await parseFile(join(GENERATED, `${s.name}.rotated.pdf`));
    expect(compareToGolden(report, s.golden)).toEqual([]);
  });

  it('blank cells written "/" are zeros marked blank, with the raw text kept', async () => {
    const { report } = await parseFile(join(GENERATED, `${seeds[0]!.name}.pdf`));
    const cell = report.requests?.['denied.state_secret']?.total;
    expect(cell).toMatchObject({ value: 0, raw: '/', blank: true });
    expect(report.requests?.['other.other']?.total).toMatchObject({ value: 92, note: '含撤销件' });
  });
});
