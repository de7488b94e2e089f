// The bad-input corpus (test/hostile/corpus.ts) through the isolated parser pool, as workers parse, and through the store: every document ends
// as a failure with a clear one-line reason (or, where that is honest, a report), within bounded time and memory;
// a stored failure changes nothing but its own failure row and document.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GongkaiStore, openStore } from '../../db/index.js';
import { parseDocument } from '../../parsers/index.js';
import type { ParseOutcome } from '../../parsers/types.js';
import { PARSER_VERSION } from '../../parsers/version.js';
import { DEFAULT_PARSE_LIMITS, ParsePool } from '../../workers/parse-pool.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { type HostileDoc, hostileCorpus } from '../hostile/corpus.js';
import { isOneLine, measure } from '../hostile/measure.js';

/** Generous bounds: a hostile document may cost this much, never more. */
const DEFAULT_MAX_MS = 30_000;
const MAX_PEAK_GROWTH_MIB = 1536;
/** The default budget and memory ceiling (60 s, 768 MiB). */
const LIMITS = DEFAULT_PARSE_LIMITS;

const corpus = hostileCorpus();
let db: TestDatabase;
let store: GongkaiStore;
const table: string[] = [];
const pool = new ParsePool(1, LIMITS);

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['reports', 'revisions', 'cells', 'agencies', 'url_latest']) {
    const [r] = await store.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
    out[t] = Number(r.n);
  }
  return out;
}

function checkOutcome(doc: HostileDoc, outcome: ParseOutcome): void {
  if (!outcome.ok) {
    expect(
      doc.expect,
      `${doc.name}: failed (${outcome.error.code}: ${outcome.error.message}) but a report was expected`,
    ).not.toBe('report');
    expect(isOneLine(outcome.error.message), `${doc.name}: "${outcome.error.message}" is not a one-line reason`).toBe(
      true,
    );
    if (doc.codes)
      expect(doc.codes, `${doc.name}: ${outcome.error.code}: ${outcome.error.message}`).toContain(outcome.error.code);
    return;
  }
  expect(doc.expect, `${doc.name}: gave a report but only a failure is honest`).not.toBe('failure');
  const r = outcome.report;
  for (const table of [r.active, r.requests, r.review]) {
    for (const row of Object.values(table ?? {})) {
      for (const cell of Object.values(row)) {
        if (cell.value !== null)
          expect(Number.isFinite(cell.value), `${doc.name}: non-finite cell ${cell.raw}`).toBe(true);
      }
    }
  }
  for (const f of r.findings) expect(isOneLine(f.message), `${doc.name}: finding "${f.message}"`).toBe(true);
}

describe('hostile documents', () => {
  beforeAll(async () => {
    db = await createTestDatabase('gongkai_hostile');
    store = await openStore({ databaseUrl: db.url, home: '/nonexistent' });
    // A real report first, so "nothing else changes" is checked against a store that holds something.
    const bytes = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/realdata/pingtan-2023.html'));
    const saved = await store.saveDocument({
      bytes,
      contentType: 'text/html',
      sourceUrl: 'http://www.pingtan.gov.cn/good.html',
      fetchedAt: new Date(),
    });
    const loaded = await store.loadReport(saved.documentId, await parseDocument({ bytes, contentType: 'text/html' }), {
      sourceUrl: 'http://www.pingtan.gov.cn/good.html',
      parserVersion: PARSER_VERSION,
    });
    expect(loaded.status).toBe('new_report');
  });
  afterAll(async () => {
    console.log(['document                          bytes       ms  peak+MiB  outcome', ...table].join('\n'));
    await pool.close();
    await store?.close();
    await db?.drop();
  });

  it(`has at least 40 documents (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((d) => d.name)).size).toBe(corpus.length);
  });

  for (const doc of corpus) {
    it(`${doc.name}: ${doc.about}`, { timeout: (doc.maxMs ?? DEFAULT_MAX_MS) * 3 + 30_000 }, async () => {
      const bytes = await doc.make();
      const m = await measure(() =>
        pool.parseWithStats({ bytes, contentType: doc.contentType, fileName: doc.fileName }),
      );
      const { outcome: o, stats } = m.value;
      table.push(
        `${doc.name.padEnd(30)} ${String(bytes.length).padStart(10)} ${m.ms.toFixed(0).padStart(8)} ${Math.max(m.peakGrowthMiB, stats.peakRssMiB).toFixed(0).padStart(9)}  ${o.ok ? `report (${o.report.findings.length} findings)` : `${o.error.code}: ${o.error.message}`}`,
      );
      checkOutcome(doc, o);
      // The pool enforces the budget from outside, so no document can take longer than it (plus the hop).
      expect(stats.ms, `${doc.name}: parse time (a new parser process's start-up aside)`).toBeLessThan(
        LIMITS.budgetMs + 5_000,
      );
      expect(m.peakGrowthMiB, `${doc.name}: peak RSS growth of the calling process`).toBeLessThan(MAX_PEAK_GROWTH_MIB);
      expect(stats.peakRssMiB, `${doc.name}: peak RSS of the parser process`).toBeLessThanOrEqual(
        LIMITS.maxRssMiB + 64,
      );

      // Through the store: the document is kept; a failure is recorded with its reason and nothing else changes.
      const before = await counts();
      const url = `http://www.hostile.replica.invalid/${doc.name}.html`;
      const saved = await store.saveDocument({
        bytes,
        contentType: doc.contentType ?? null,
        sourceUrl: url,
        fetchedAt: new Date(),
      });
      const loaded = await store.loadReport(saved.documentId, o, { sourceUrl: url, parserVersion: PARSER_VERSION });
      const after = await counts();
      const [failure] = await store.db.query<{ code: string; reason: string }>(
        'SELECT code, reason FROM parse_failures WHERE document_id = $1',
        [saved.documentId],
      );
      if (!o.ok) {
        expect(loaded).toEqual({ status: 'failed', reason: o.error.message });
        expect(failure).toEqual({ code: o.error.code, reason: o.error.message });
        expect(after).toEqual({ ...before, url_latest: after.url_latest });
      } else if (loaded.status === 'failed') {
        // A report without agency or year is refused as a whole.
        expect(isOneLine(loaded.reason ?? '')).toBe(true);
        expect(failure?.reason).toBe(loaded.reason);
        expect({ ...after, url_latest: 0 }).toEqual({ ...before, url_latest: 0 });
      } else {
        // kept_current: a copy with fewer numbers than the report already stored is kept beside it, not made current.
        expect(['new_report', 'new_revision', 'kept_current', 'unchanged']).toContain(loaded.status);
        // Loaded whole: the revision and one cell row per cell of every table present (a page without tables,
        // whose report is in an attachment, is a report with none).
        const present = [o.report.active, o.report.requests, o.report.review]
          .filter(Boolean)
          .reduce((n, t) => n + Object.values(t!).reduce((k, r) => k + Object.keys(r).length, 0), 0);
        const [rev] = await store.db.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM cells WHERE revision_id = $1',
          [loaded.revisionId],
        );
        expect(loaded.revisionId).toBeGreaterThan(0);
        expect(Number(rev.n) > 0).toBe(present > 0);
      }
    });
  }
});
