// The same end-to-end crawl in embedded mode: no Redis, no PostgreSQL server — BullMQ's PostgreSQL backend and the
// store both on the embedded PGlite served in-process by pglite-socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../workers/run.js';
import { goldenMismatches, startHarness, type Harness } from './pipeline.harness.js';

const TARGETS = ['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'hanweb'];
let h: Harness;

beforeAll(async () => {
  h = await startHarness('embedded');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('embedded mode (PGlite + BullMQ PostgreSQL backend)', () => {
  it('runs the queues on the PostgreSQL backend, not Redis', () => {
    expect(h.rt.backend.kind).toBe('embedded');
  });

  it('crawls every target site into the golden values', async () => {
    // Two batches: szns and gzns publish synthetic years under the same fictional agency name, so each is checked
    // right after its own crawl.
    const first = TARGETS.filter((t) => t !== 'gzns');
    for (const batch of [first, ['gzns']]) await checkGolden(batch, await h.crawl(batch, 'full'));
  }, 180_000);

  async function checkGolden(sites: string[], runs: RunSummary[]): Promise<void> {
    for (const site of sites) {
      const run = runs.find((r) => r.siteId === site)!;
      const published = h.portals.site(site).reports.filter((r) => !r.disallowed);
      expect(run.reportsFound, `${site} reports found`).toBe(published.length);
      for (const r of published) {
        const stored = await h.cells(r.golden.agency, r.golden.year);
        expect(goldenMismatches(r.golden, stored), `${site}: ${r.agency} ${r.year} (${r.url})`).toEqual([]);
      }
    }
  }

  it('re-crawls unchanged sites nightly at one request each (two for the rendered listing), no new revision', async () => {
    h.portals.requestLog.clear();
    const runs = await h.crawl(TARGETS, 'nightly');
    for (const run of runs) {
      expect(run.newRevisions, run.siteId).toBe(0);
      expect(h.portals.requestLog.count(run.siteId, (e) => e.path !== '/robots.txt'), run.siteId).toBeLessThanOrEqual(run.siteId === 'hanweb' ? 2 : 1);
    }
  }, 60_000);
});
