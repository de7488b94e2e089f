// Robustness properties over the parsers (fast-check): whatever the input, no exception escapes, nothing hangs,
// and what comes out is well formed. Inputs are built from the reports' own vocabulary (labels, numbers, blank
// marks, tabs, table markup) mixed with arbitrary text, so the generated documents reach deep into the extractor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../parsers/errors.js';
import { extractReport } from '../../parsers/extract/index.js';
import { htmlToDocModel } from '../../parsers/frontends/html.js';
import { textToDocModel } from '../../parsers/frontends/text.js';
import { parseDocument } from '../../parsers/index.js';
import { parseCellValue } from '../../parsers/normalize/number.js';
import type { Block, ParseOutcome, Report } from '../../parsers/types.js';
import { seedText } from '../hostile/corpus.js';

/** Per-run bound: generous, but a hang (or a quadratic blow-up on small input) fails it. */
const MAX_MS_PER_RUN = 3000;
const seedLines = seedText()
  .split('\n')
  .filter((l) => l.trim());

const number = fc.oneof(
  fc.nat({ max: 100000 }).map(String),
  fc.stringMatching(/^[+-]?\d{1,40}(\.\d{0,20})?$/),
  fc.constantFrom(
    '/',
    '—',
    '-',
    '无',
    '',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '0x1F',
    '١٢٣',
    '１２３',
    '1,234',
    '92(含撤销件)',
    '3.5万元',
    '9'.repeat(400),
  ),
);
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...seedLines) },
  { weight: 3, arbitrary: number },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u202e',
      '😀',
      '\u200d',
      '\u0000',
      '\ufeff',
      '\r',
      '\t\t',
      '（',
      '）',
      '|',
      '<',
      '&#0;',
    ),
  },
);
const line = fc.array(token, { maxLength: 12 }).map((ts) => ts.join('\t'));
const text = fc.array(line, { maxLength: 120 }).map((ls) => ls.join('\n'));

const cell = fc.oneof(
  number,
  fc.constantFrom(...seedLines.map((l) => l.split('\t')[0]!)),
  fc.string({ maxLength: 10 }),
);
const tableHtml = fc
  .array(fc.array(fc.tuple(cell, fc.nat({ max: 4 }), fc.nat({ max: 4 }), fc.boolean()), { maxLength: 10 }), {
    maxLength: 30,
  })
  .map(
    (rows) =>
      `<table>${rows.map((r) => `<tr>${r.map(([c, rs, cs, open]) => `<td rowspan="${rs}" colspan="${cs}">${c}${open ? '' : '</td>'}`).join('')}</tr>`).join('')}</table>`,
  );
const html = fc
  .array(
    fc.oneof(
      tableHtml,
      line.map((l) => `<p>${l}</p>`),
      fc.constantFrom(
        '<div>',
        '</div>',
        '<br>',
        '<table>',
        '</tr>',
        '<td colspan=99999>',
        '<!--',
        '<script>',
        '</span>',
      ),
    ),
    { maxLength: 25 },
  )
  .map(
    (parts) =>
      `<html><head><title>某某区2023年政府信息公开工作年度报告</title></head><body>${parts.join('\n')}</body></html>`,
  );

const block: fc.Arbitrary<Block> = fc.oneof(
  line.map((t) => ({ kind: 'text' as const, text: t })),
  fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 40 }).map((rows) => ({ kind: 'table' as const, rows })),
);
const hints = fc.record({
  agency: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  year: fc.option(fc.integer({ min: -5, max: 99999 }), { nil: undefined }),
});

function wellFormed(r: Report): void {
  for (const t of [r.active, r.requests, r.review]) {
    for (const row of Object.values(t ?? {})) {
      for (const c of Object.values(row)) {
        expect(c.value === null || Number.isFinite(c.value)).toBe(true);
        expect(typeof c.raw).toBe('string');
      }
    }
  }
  for (const f of r.findings) expect(f.message.length).toBeGreaterThan(0);
  JSON.stringify(r); // serializable: no cycles, no BigInt
}

/** Only a DocumentError (a refusal with a code) may leave a front end or the extractor. */
function onlyDocumentErrors(run: () => Report | undefined): void {
  const started = performance.now();
  try {
    const out = run();
    if (out) wellFormed(out);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    expect(err.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(MAX_MS_PER_RUN);
}

function checkOutcome(o: ParseOutcome): void {
  if (o.ok) wellFormed(o.report);
  else expect(o.error.message.trim().length).toBeGreaterThan(0);
}

describe('parser robustness (fast-check)', () => {
  it('the cell normalizer returns an exact finite number, an unreadable mark or null for any text', () => {
    fc.assert(
      fc.property(fc.oneof(number, fc.string(), fc.string({ unit: 'binary' })), (raw) => {
        const v = parseCellValue(raw);
        if (v === null) return;
        if (v.unreadable !== undefined) expect(Number.isNaN(v.value)).toBe(true);
        else expect(Number.isFinite(v.value)).toBe(true);
        // Never rounded: digits read as a number are that number exactly.
        if (/^\d+$/.test(raw) && v.unreadable === undefined) expect(BigInt(v.value)).toBe(BigInt(raw));
      }),
      { numRuns: 3000 },
    );
  });

  it('text front end + extractor: only DocumentError escapes, within the time bound', () => {
    fc.assert(
      fc.property(text, hints, (t, h) => onlyDocumentErrors(() => extractReport(textToDocModel(t), h))),
      { numRuns: 300 },
    );
  });

  it('HTML front end + extractor: only DocumentError escapes, within the time bound', () => {
    fc.assert(
      fc.property(html, (h) => onlyDocumentErrors(() => extractReport(htmlToDocModel(h)))),
      { numRuns: 200 },
    );
  });

  it('the table extractor over arbitrary grids and text: only DocumentError escapes', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 20 }), hints, (blocks, h) =>
        onlyDocumentErrors(() => extractReport({ source: 'text', blocks }, h)),
      ),
      { numRuns: 300 },
    );
  });

  it('parseDocument never throws on arbitrary bytes, text or HTML', async () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ bytes })),
      text.map((t) => ({ bytes: new TextEncoder().encode(t), contentType: 'text/plain' })),
      html.map((h) => ({ bytes: new TextEncoder().encode(h), contentType: 'text/html' })),
      fc
        .tuple(
          fc.constantFrom('%PDF-1.7\n', 'PK\u0003\u0004', '\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1'),
          fc.uint8Array({ maxLength: 2048 }),
        )
        .map(([head, rest]) => ({ bytes: new Uint8Array([...Buffer.from(head, 'latin1'), ...rest]) })),
    );
    await fc.assert(
      fc.asyncProperty(input, async (inp) => {
        const started = performance.now();
        checkOutcome(await parseDocument(inp));
        expect(performance.now() - started).toBeLessThan(MAX_MS_PER_RUN);
      }),
      { numRuns: 300 },
    );
  });
});
