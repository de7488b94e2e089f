// The bad-input corpus through the whole pipeline: a replica column lists every hostile document as a report page,
// workers (Redis queues, PostgreSQL store, parser threads) crawl it. Each bad document ends as a stored failure
// with its reason, no job crashes, and the good reports listed among them are loaded all the same.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../workers/discover-job.js';
import { enqueueRun } from '../../workers/enqueue.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { type Harness, startHarness } from '../helpers/pipeline-harness.js';
import { hostileCorpus, seedText } from '../hostile/corpus.js';
import { isOneLine } from '../hostile/measure.js';
import { type HostileSite, type ServedDoc, startHostileSite } from '../hostile/site.js';

const corpus = hostileCorpus();
let site: HostileSite;
let h: Harness;

describe('hostile documents through a worker', () => {
  beforeAll(async () => {
    const docs: ServedDoc[] = [];
    for (const d of corpus)
      docs.push({
        name: d.name,
        bytes: await d.make(),
        contentType: d.contentType ?? (d.fileName?.endsWith('.doc') ? 'application/msword' : 'text/html'),
      });
    // Two good reports: one in the middle of the bad ones, one at the end.
    const good1: ServedDoc = {
      name: 'good-pingtan',
      bytes: fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/realdata/pingtan-2023.html')),
      contentType: 'text/html; charset=utf-8',
    };
    const good2: ServedDoc = {
      name: 'good-nanshan',
      bytes: Buffer.from(seedText()),
      contentType: 'text/plain; charset=utf-8',
    };
    docs.splice(Math.floor(docs.length / 2), 0, good1);
    docs.push(good2);
    site = await startHostileSite('hostile', docs);
    h = await startHarness('redis', {
      portals: { only: [] },
      runtime: { sites: [site.site], noBrowser: true },
      overrides: async () => site.overrides,
      concurrency: 2,
    });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await site?.close();
  });

  it('ends every bad document as a stored failure with its reason and loads the good ones', {
    timeout: 400_000,
  }, async () => {
    const run = await enqueueRun(h.rt.ctx, 'hostile', 'full', 'test');
    const [result] = await waitForRuns(h.rt.ctx.queues, [run], { timeoutMs: 360_000, pollMs: 250 });
    expect('failed' in result!, JSON.stringify(result)).toBe(false);
    const summary = result as RunSummary;
    expect(summary.reportsFound, JSON.stringify(summary).slice(0, 2000)).toBe(corpus.length + 2);

    const db = h.rt.store.db;
    const rows = await db.query<{
      url: string;
      size: number;
      code: string | null;
      reason: string | null;
      revisions: string;
    }>(
      `SELECT u.url, d.size, f.code, f.reason, (SELECT count(*)::text FROM revisions r WHERE r.document_id = d.id) AS revisions
         FROM url_latest u JOIN documents d ON d.id = u.document_id LEFT JOIN parse_failures f ON f.document_id = d.id`,
    );
    const byUrl = new Map(rows.map((r) => [r.url, r]));
    const problems: string[] = [];
    for (const d of corpus) {
      const row = byUrl.get(site.urlOf(d.name));
      if (!row) {
        problems.push(`${d.name}: not stored`);
        continue;
      }
      // Not failed: loaded as a revision, or the very report already loaded from another document (unchanged).
      const failed = row.reason !== null;
      if (d.expect === 'failure' && !failed) problems.push(`${d.name}: no stored failure (${row.revisions} revisions)`);
      if (d.expect === 'report' && failed) problems.push(`${d.name}: no report loaded (${row.code}: ${row.reason})`);
      if (failed && !isOneLine(row.reason!)) problems.push(`${d.name}: reason "${row.reason}" is not one line`);
      if (failed && d.codes && !d.codes.includes(row.code as never))
        problems.push(`${d.name}: code ${row.code} (${row.reason})`);
    }
    expect(problems).toEqual([]);

    // The worker carried on: the good reports listed among (and after) the bad ones are loaded.
    for (const [agency, year] of [
      ['平潭综合实验区管委会', 2023],
      ['深圳市南山区人民政府', 2023],
    ] as const) {
      const cells = await h.cells(agency, year);
      expect(Object.keys(cells).sort(), agency).toEqual(['active', 'requests', 'review']);
    }
    // No job crashed or was retried to death: every bad document was a handled outcome.
    const counts = await h.rt.ctx.queues.fetch.getJobCounts('failed');
    expect(counts.failed).toBe(0);
    expect(summary.failures).toBeGreaterThanOrEqual(corpus.filter((d) => d.expect === 'failure').length);
  });
});
