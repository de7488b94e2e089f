// OCR of reports whose tables are pictures (test/fixtures/ocr, rendered by `npm run fixtures:ocr`): every
// fixture gives every golden cell exactly or is refused as ocr_unverified — no wrong number ever comes out.
// Tesseract is installed here and in CI (.ci/run): nothing is skipped.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../parsers/extract/index.js';
import { isOcrModel } from '../../parsers/frontends/ocr.js';
import { parseDocument, toDocModel } from '../../parsers/index.js';
import { reportToJson } from '../../parsers/json.js';
import { ocrAvailable } from '../../parsers/ocr/run.js';
import { verifyOcrReport } from '../../parsers/ocr/verify.js';
import type { ParseOutcome } from '../../parsers/types.js';
import { compareToGolden, goldenCase } from '../helpers/golden.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'ocr');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.pdf'))
  .sort();

function hintsOf(name: string) {
  const g = goldenCase(name).golden;
  return { agency: g.agency ?? undefined, year: g.year ?? undefined };
}

/** Run `f` over the items two at a time (one per core: Tesseract runs single-threaded). */
async function twoAtATime<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

type Verdict = { file: string; result: 'exact' | 'unverified' | 'wrong'; detail: string };

/** A fixture's outcome: exact (every golden cell, every cell marked ocr), refused as ocr_unverified, or wrong. */
async function judge(file: string): Promise<Verdict> {
  const name = file.split('.')[0]!;
  const out: ParseOutcome = await parseDocument({ bytes: readFileSync(join(DIR, file)), hints: hintsOf(name) });
  if (!out.ok) {
    // the only refusal allowed: numbers that do not prove themselves
    const result = out.error.code === 'ocr_unverified' ? 'unverified' : 'wrong';
    return { file, result, detail: `${out.error.code}: ${out.error.message}` };
  }
  const diffs = compareToGolden(out.report, goldenCase(name).golden);
  const json = reportToJson(out.report);
  const unmarked = [json.active, json.requests, json.review]
    .flatMap((t) => Object.values(t ?? {}).flatMap((cols) => Object.values(cols)))
    .filter((cell) => !(cell && typeof cell === 'object' && cell.ocr)).length;
  if (out.source !== 'ocr' || diffs.length || unmarked) {
    return { file, result: 'wrong', detail: `${out.source}; ${unmarked} cells unmarked; ${diffs.join('; ')}` };
  }
  return { file, result: 'exact', detail: '' };
}

describe('OCR: scanned PDFs', () => {
  it('Tesseract with its Chinese model and pdftoppm are installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils)', () => {
    expect(ocrAvailable()).toBe(true);
  });

  it('the fixtures are there (npm run fixtures:ocr): 150 and 300 dpi, with and without table lines', () => {
    for (const v of ['150.lines', '150.nolines', '300.lines', '300.nolines']) {
      expect(fixtures.filter((f) => f.includes(`.${v}.`)).length).toBeGreaterThanOrEqual(8);
    }
  });

  // All 32 fixtures take minutes of Tesseract; the suite reads one of each variant (every report is covered by
  // `npm run bench:ocr`, which reads them all and counts exact / unverified / wrong).
  const sample = [
    '000_9a0889932f31a8f7.300.lines',
    '001_036455f488ab67f2.150.lines',
    '002_9fd4f163df564d66.300.nolines',
    '004_2e72bb84fb1e0d34.150.nolines',
  ]
    .map((stem) => `${stem}.pdf`)
    .filter((f) => fixtures.includes(f));

  it(
    'a fixture of each variant is exact or ocr_unverified, never wrong',
    async () => {
      expect(sample).toHaveLength(4);
      const verdicts = await twoAtATime(sample, judge);
      for (const v of verdicts) console.log(`${v.file}: ${v.result} ${v.detail.slice(0, 200)}`);
      // zero wrong numbers stored
      expect(verdicts.filter((v) => v.result === 'wrong')).toEqual([]);
      // The target of 90% exact at 300 dpi is not met yet (2 of 16 lined scans exact, measured 2026-12-04:
      // most scans lose a cell or a row label to OCR and are refused); what is asserted is that refusals are the
      // only failure, and that the exact path works end to end (seed 000 at 300 dpi with lines).
      const exact = verdicts.find((v) => v.file.startsWith('000_9a0889932f31a8f7.300.lines'));
      expect(exact?.result, exact?.detail).toBe('exact');
    },
    60 * 60_000,
  );
});

describe('OCR: the identities decide', () => {
  it('one misread digit that the other reading corrects is fixed and marked ocrCorrected; raw keeps what OCR read', async () => {
    const file = '000_9a0889932f31a8f7.300.lines.pdf';
    const hints = hintsOf('000_9a0889932f31a8f7');
    const model = await toDocModel({ bytes: readFileSync(join(DIR, file)) });
    if (!isOcrModel(model)) throw new Error('not read by OCR');
    const { layoutPages } = await import('../../parsers/pdf/layout.js');
    // first the scan as read, with any correction the identities made written into it: a clean reading
    const base = verifyOcrReport(model, extractReport(model, hints), hints);
    if (!base.ok) throw new Error(base.error.message);
    for (const f of base.report.findings.filter((x) => x.rule === 'ocr.corrected')) {
      const k = model.numbers.findIndex((n) => n.alternative === String(f.expected));
      const n = model.numbers[k]!;
      model.pages[n.page]!.texts[n.index] = { ...model.pages[n.page]!.texts[n.index]!, str: n.alternative! };
      model.numbers.splice(k, 1);
    }
    // then one count of part 三 misread by one digit, with the true reading as the other reading
    const page = model.pages.find((p) => p.texts.some((t) => t.str === '589'))!;
    const index = page.texts.findIndex((t) => t.str === '589');
    page.texts[index] = { ...page.texts[index]!, str: '539' };
    model.numbers.push({ page: model.pages.indexOf(page), index, alternative: '589', doubtful: false });
    model.blocks = layoutPages(model.pages);
    const out = verifyOcrReport(model, extractReport(model, hints), hints);
    if (!out.ok) throw new Error(out.error.message);
    const cell = out.report.requests!.new_received!.natural_person!;
    expect(cell).toMatchObject({ value: 589, raw: '539', ocr: true, ocrCorrected: true });
    expect(reportToJson(out.report).requests!.new_received!.natural_person).toMatchObject({ ocr_corrected: true });
    expect(out.report.findings.some((f) => f.rule === 'ocr.corrected')).toBe(true);
    expect(compareToGolden(out.report, goldenCase('000_9a0889932f31a8f7').golden)).toEqual([]);

    // without the other reading the break cannot be explained: refused, the break listed
    model.numbers.pop();
    const refused = verifyOcrReport(model, extractReport(model, hints), hints);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('ocr_unverified');
      expect(refused.error.message).toMatch(/identity\.row_total requests\.new_received/);
    }
  }, 600_000);
});

describe('OCR unavailable', () => {
  it('without Tesseract a scanned PDF is "scanned" with what to install', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { parseDocument } from './parsers/index.js';
      const out = await parseDocument({ bytes: readFileSync(${JSON.stringify(join(DIR, fixtures[0]!))}) });
      console.log(JSON.stringify(out.ok ? null : out.error));`;
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, PATH: '/nonexistent' },
      encoding: 'utf8',
    });
    const error = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(error.code).toBe('scanned');
    expect(error.message).toMatch(/apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils/);
  }, 120_000);
});

describe('flattened text', () => {
  it('tables whose cells run together are cells_unreadable, not "the tables are not in it"', async () => {
    const seed = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', '000_9a0889932f31a8f7.txt'), 'utf8');
    // a third-party text copy: each table row's cells run together ("行政规范性文件10/27")
    const flat = seed
      .split('\n')
      .map((l) => (l.includes('\t') ? l.replace(/\t+/g, '') : l))
      .join('\n');
    const out = await parseDocument({ bytes: new TextEncoder().encode(flat), fileName: 'copy.txt' });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe('cells_unreadable');
      expect(out.error.message).toMatch(/the tables are there but their cells run together/);
    }
  });
});
