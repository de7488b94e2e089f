// OCR runs in the parser pool's processes, under their limits: a scan's budget grows by the pool's per-page OCR
// allowance once the parser reports it is one (its memory is watched like any parse's).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ParsePool } from '../../workers/parse-pool.js';

const SCAN = join(import.meta.dirname, '..', 'fixtures', 'ocr', '002_9fd4f163df564d66.150.lines.pdf');
let pool: ParsePool | undefined;

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('OCR in the parser pool', () => {
  it('a scanned PDF is read by OCR in a parser process, its budget extended per page', async () => {
    // the base budget covers pdf.js finding no text layer; the per-page allowance covers the OCR
    pool = new ParsePool(1, { budgetMs: 30_000, maxRssMiB: 768, ocrBudgetMsPerPage: 120_000 });
    const { outcome, stats } = await pool.parseWithStats({ bytes: readFileSync(SCAN), fileName: 'scan.pdf' });
    expect(outcome.ok || outcome.error.code === 'ocr_unverified', JSON.stringify(outcome.ok ? '' : outcome.error)).toBe(
      true,
    );
    if (outcome.ok) expect(outcome.source).toBe('ocr');
    expect(stats.peakRssMiB).toBeGreaterThan(0);
  }, 600_000);
});
