// The same end-to-end crawl in embedded mode: no Redis, no PostgreSQL server — BullMQ's PostgreSQL backend and the
// store both on the embedded PGlite served in-process by pglite-socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGoldenStored, type Harness, startHarness } from '../helpers/pipeline-harness.js';

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
    await expectGoldenStored(h, TARGETS, await h.crawl(TARGETS, 'full'));
  }, 180_000);

  it('re-crawls unchanged sites nightly at one request each (two for the rendered listing), no new revision', async () => {
    h.portals.requestLog.clear();
    const runs = await h.crawl(TARGETS, 'nightly');
    for (const run of runs) {
      expect(run.newRevisions, run.siteId).toBe(0);
      expect(
        h.portals.requestLog.count(run.siteId, (e) => e.path !== '/robots.txt'),
        run.siteId,
      ).toBeLessThanOrEqual(run.siteId === 'hanweb' ? 2 : 1);
    }
  }, 60_000);
});
