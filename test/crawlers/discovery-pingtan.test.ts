// Site discovery on real bytes: the recorded Pingtan portal (test/fixtures/realportals/pingtan.warc.gz) given only
// the URL of one department's 年报 column. Discovery recognises the TRS family and writes the column it can see (the
// archive did not save the 政府信息公开 hub, so the zone's column is not reachable from there); a crawl of that row
// finds the column's reports and, through the page's own gklist script, every sibling department's column.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Discovery, discoverSite } from '../../crawlers/discovery/discover-site.js';
import { createFetcher } from '../../crawlers/fetch/index.js';
import { decodeText } from '../../parsers/frontends/decode.js';
import { startWarcReplay, type WarcReplay } from '../../replicas/warc-replay.js';
import { type Harness, startHarness } from '../helpers/pipeline-harness.js';

const WARC = path.resolve(import.meta.dirname, '../fixtures/realportals/pingtan.warc.gz');
const CZJ = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqczj/zfxxgknb/';
/** The 财政金融局 column's saved first page lists 9 reports (none of their pages was saved). */
const CZJ_REPORTS = 9;

let replay: WarcReplay;
let found: Discovery;

beforeAll(async () => {
  replay = await startWarcReplay([WARC]);
  const fetcher = createFetcher({ overrides: replay.overrides, allowPrivateAddresses: true });
  try {
    found = await discoverSite(
      CZJ,
      async (url) => {
        const r = await fetcher.fetch({ url, siteId: 'pingtan', allowedHosts: ['www.pingtan.gov.cn'] });
        return r.status === 'ok' ? { url: r.url, text: decodeText(r.bytes, r.contentType ?? undefined) } : null;
      },
      { hosts: ['www.pingtan.gov.cn'] },
    );
  } finally {
    await fetcher.close();
  }
}, 120_000);
afterAll(async () => {
  await replay?.close();
});

describe('sites add on the recorded Pingtan portal, from one department column', () => {
  it('recognises the TRS family and writes the department column with what it lists', () => {
    expect(found.fingerprint.family).toBe('trs');
    expect(found.entries.map((e) => [e.family, e.url])).toEqual([['trs', CZJ]]);
    expect(found.entries[0].reports).toBe(CZJ_REPORTS);
    expect(found.entries[0].years[0]).toBe(2025);
    expect(found.requests).toBeLessThanOrEqual(60);
  });

  describe('a crawl of the row it writes', () => {
    let h: Harness;
    beforeAll(async () => {
      const row = {
        id: 'found-pingtan',
        name: '平潭综合实验区管委会',
        hosts: ['www.pingtan.gov.cn'],
        entries: found.entries.map(({ family, url }) => ({ family, url })),
      };
      h = await startHarness('redis', {
        portals: { only: [] },
        overrides: async () => replay.overrides,
        runtime: { sites: [row], noBrowser: true },
      });
    }, 120_000);
    afterAll(async () => {
      await h?.close();
    });

    it('finds the column’s reports and walks every sibling department the page names', {
      timeout: 240_000,
    }, async () => {
      const before = replay.requests.length;
      await h.crawl(['found-pingtan'], 'full');
      const jobs = [
        ...(await h.rt.ctx.queues.fetch.getJobs(['completed'])),
        ...(await h.rt.ctx.queues.fetch.getJobs(['failed'])),
      ];
      const czj = jobs.filter((j) => (j.data as { url: string }).url.startsWith(CZJ));
      expect(czj).toHaveLength(CZJ_REPORTS);
      // Unsaved report pages are failed fetches (404) with their reason, never silent gaps.
      for (const j of czj) expect(j.failedReason).toMatch(/404/);
      const asked = new Set(replay.requests.slice(before).map((r) => r.path));
      for (const dept of ['ptzhsyqgaj', 'ptzhsyqjjf', 'ptzhsyqlyy', 'ptzhsyqgyz'])
        expect(asked.has(`/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/${dept}/zfxxgknb/`), dept).toBe(true);
    });
  });
});
