// The bad-input corpus through the whole pipeline: a replica column lists every hostile document as a report page,
// workers (Redis queues, PostgreSQL store, parser processes) crawl it beside a healthy site (the szns replica).
// Each bad document ends as a stored failure with its reason within the parse budget + 5 s, the worker process
// (this one) and its parser processes stay under their memory ceilings, no job crashes, the good reports listed
// among the bad ones are loaded all the same, and the healthy site's run completes with its golden values.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../workers/discover-job.js';
import { enqueueRun } from '../../workers/enqueue.js';
import { DEFAULT_PARSE_LIMITS, ParsePool } from '../../workers/parse-pool.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { expectGoldenStored, type Harness, startHarness } from '../helpers/pipeline-harness.js';
import { hostileCorpus, seedText } from '../hostile/corpus.js';
import { isOneLine } from '../hostile/measure.js';
import { type HostileSite, type ServedDoc, startHostileSite } from '../hostile/site.js';

const corpus = hostileCorpus();
let site: HostileSite;
let h: Harness;
/** The default budget and memory ceiling (60 s, 768 MiB). */
const LIMITS = DEFAULT_PARSE_LIMITS;
const pool = new ParsePool(1, LIMITS);
/** This worker process's RSS ceiling in the test (README "Limits"); parser processes have their own. */
const WORKER_MAX_RSS_MIB = 1536;
/** Wall time of each parse, by the path of the URL parsed. */
const parseMs = new Map<string, number>();

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
      portals: { only: ['szns'] },
      runtime: { sites: [site.site], noBrowser: true },
      overrides: async (portals) => ({ ...portals.overrides, ...site.overrides }),
      concurrency: 2,
    });
    // The workers parse through a pool with the test's budget, timed per document.
    h.rt.ctx.parsePool = pool;
    pool.parse = async (input) => {
      const { outcome, stats } = await pool.parseWithStats(input);
      parseMs.set(input.fileName ?? '', stats.ms);
      return outcome;
    };
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await pool.close();
    await site?.close();
  });

  it('ends every bad document as a stored failure with its reason and loads the good ones', {
    timeout: 660_000,
  }, async () => {
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const run = await enqueueRun(h.rt.ctx, 'hostile', 'full', 'test');
    const healthy = await enqueueRun(h.rt.ctx, 'szns', 'full', 'test');
    const [result, healthyResult] = await waitForRuns(h.rt.ctx.queues, [run, healthy], {
      timeoutMs: 600_000,
      pollMs: 250,
    }).finally(() => clearInterval(sampler));
    expect('failed' in result!, JSON.stringify(result)).toBe(false);
    // The healthy site beside the attacks: its run completes with every report at its golden values.
    expect('failed' in healthyResult!, JSON.stringify(healthyResult)).toBe(false);
    await expectGoldenStored(h, ['szns'], [healthyResult as RunSummary]);
    // Memory: this worker process, and every parser process it ran (killed at the ceiling when a parse passes it).
    const workerPeakMiB = peakRss / 1024 / 1024;
    console.log(
      `worker peak RSS ${workerPeakMiB.toFixed(0)} MiB, parser processes' peak ${pool.peakRssMiB.toFixed(0)} MiB`,
    );
    expect(workerPeakMiB).toBeLessThan(WORKER_MAX_RSS_MIB);
    expect(pool.peakRssMiB).toBeLessThanOrEqual(LIMITS.maxRssMiB + 64);
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
      const ms = parseMs.get(new URL(site.urlOf(d.name)).pathname);
      if (ms !== undefined && ms > LIMITS.budgetMs + 5_000) problems.push(`${d.name}: parsed in ${ms.toFixed(0)} ms`);
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
