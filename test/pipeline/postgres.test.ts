// Without Redis, on a PostgreSQL server (DATABASE_URL): BullMQ's PostgreSQL backend runs the same queues beside the
// store. Sites with a GBK page without charset (hrbng) and an attachment-only report (hanweb, Chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenMismatches, type Harness, startHarness } from '../helpers/pipeline-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('postgres', { portals: { only: ['hrbng', 'hanweb'] } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('PostgreSQL backend on DATABASE_URL (no Redis)', () => {
  it('crawls into the golden values, then re-crawls nightly with one conditional request', async () => {
    expect(h.rt.backend.kind).toBe('postgres');
    const runs = await h.crawl(['hrbng', 'hanweb'], 'full');
    for (const run of runs) {
      const published = h.portals.site(run.siteId).reports.filter((r) => !r.disallowed);
      expect(run.reportsFound, run.siteId).toBe(published.length);
      for (const r of published)
        expect(goldenMismatches(r.golden, await h.cells(r.golden.agency, r.golden.year)), r.url).toEqual([]);
    }
    h.portals.requestLog.clear();
    const nightly = await h.crawl(['hrbng'], 'nightly');
    expect(nightly[0].newRevisions).toBe(0);
    expect(h.portals.requestLog.count('hrbng', (e) => e.path !== '/robots.txt')).toBe(1);
  }, 120_000);
});
