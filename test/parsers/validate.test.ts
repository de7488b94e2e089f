// Validation: a mutated cell is reported by the right identity, and the numbers stay as published.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../parsers/index.js';
import { reportFromJson } from '../../parsers/json.js';
import type { Finding, Report } from '../../parsers/types.js';
import { validateReport } from '../../parsers/validate.js';
import { type Golden, goldenCase } from '../helpers/golden.js';
import { renderReportHtml } from '../helpers/render-html.js';

const seed000 = goldenCase('000_9a0889932f31a8f7');
const seedText = readFileSync(seed000.sourcePath, 'utf8');

function mutated(path: [table: 'requests' | 'review', row: string, col: string], delta: number): Golden {
  const g = structuredClone(seed000.golden);
  const [t, row, col] = path;
  (g[t]![row]![col] as number) += delta;
  return g;
}

async function parseHtml(g: Golden): Promise<Report> {
  const out = await parseDocument({ bytes: Buffer.from(renderReportHtml(g, seedText)), fileName: 'r.html' });
  if (!out.ok) throw new Error(out.error.message);
  return out.report;
}

const identities = (fs: Finding[]) =>
  fs
    .filter((f) => f.rule.startsWith('identity.'))
    .map((f) => `${f.rule} ${f.row ?? '-'} ${f.column ?? '-'}`)
    .sort();

describe('identities 1-4', () => {
  it('the unmutated golden report breaks no identity', () => {
    expect(validateReport(reportFromJson(seed000.golden))).toEqual([]);
  });

  it('a result cell changed: identity 1 on its row, identity 2 on its column', async () => {
    const r = await parseHtml(mutated(['requests', 'granted', 'natural_person'], 5));
    expect(r.requests!.granted!.natural_person!.value).toBe(77); // kept as published
    expect(identities(r.findings)).toEqual([
      'identity.column_total total_processed natural_person',
      'identity.row_total granted total',
    ]);
    const f = r.findings.find((x) => x.rule === 'identity.row_total')!;
    expect(f).toMatchObject({ table: 'requests', expected: 82, actual: 77, severity: 'error' });
    expect(f.message).toContain('granted');
  });

  it('total_processed changed: identities 1, 2 and 3', async () => {
    const r = await parseHtml(mutated(['requests', 'total_processed', 'commercial'], -2));
    expect(identities(r.findings)).toEqual([
      'identity.balance - commercial',
      'identity.column_total total_processed commercial',
      'identity.row_total total_processed total',
    ]);
  });

  it('carried_over changed: identities 1 and 3 only', async () => {
    const r = await parseHtml(mutated(['requests', 'carried_over', 'total'], 1));
    expect(identities(r.findings)).toEqual(['identity.balance - total', 'identity.row_total carried_over total']);
  });

  it('a review cell changed: identity 4 on its group', async () => {
    const r = await parseHtml(mutated(['review', 'litigation_after_review', 'pending'], 3));
    expect(identities(r.findings)).toEqual(['identity.review_total litigation_after_review total']);
    expect(r.findings[0]).toMatchObject({ expected: 11, actual: 8, table: 'review' });
  });
});

describe('narrative checks', () => {
  it('a count stated in the text that differs from new_received.total is reported', async () => {
    const text = seedText.replace('共接收政府信息公开申请 620 宗', '共接收政府信息公开申请 630 宗');
    const out = await parseDocument({ bytes: Buffer.from(text), fileName: 'x.txt' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const f = out.report.findings.find((x) => x.rule === 'narrative.new_received');
    expect(f).toMatchObject({ expected: 630, actual: 620, row: 'new_received', column: 'total' });
    expect(out.report.requests!.new_received!.total!.value).toBe(620);
  });

  it('a share of the applications (one office) is not taken for the total', async () => {
    const text = seedText.replace('共接收政府信息公开申请 620 宗', '区政府办代表区政府受理政府信息公开申请17件');
    const out = await parseDocument({ bytes: Buffer.from(text), fileName: 'x.txt' });
    expect(out.ok && out.report.findings.some((f) => f.rule.startsWith('narrative.'))).toBe(false);
  });

  it('review and litigation counts stated in the text are checked against part 四', async () => {
    const g = goldenCase('001_036455f488ab67f2');
    const text = readFileSync(g.sourcePath, 'utf8');
    expect(text).toContain('信息公开行政复议16件');
    const ok = await parseDocument({ bytes: Buffer.from(text) });
    expect(ok.ok && ok.report.findings.filter((f) => f.rule.startsWith('narrative.'))).toEqual([]);
    const bad = await parseDocument({
      bytes: Buffer.from(
        text.replace('信息公开行政复议16件', '信息公开行政复议18件').replace('行政诉讼35件', '行政诉讼30件'),
      ),
    });
    expect(
      bad.ok &&
        bad.report.findings.filter((f) => f.rule.startsWith('narrative.')).map((f) => [f.rule, f.expected, f.actual]),
    ).toEqual([
      ['narrative.review', 18, 16],
      ['narrative.litigation', 30, 35],
    ]);
  });

  it('a matching count gives no finding', async () => {
    const out = await parseDocument({ bytes: Buffer.from(seedText), fileName: 'x.txt' });
    expect(out.ok && out.report.findings.some((f) => f.rule.startsWith('narrative.'))).toBe(false);
  });
});
