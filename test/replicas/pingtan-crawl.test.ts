// The recorded Pingtan portal (real pages, replayed from test/fixtures/realportals/pingtan.warc.gz) crawled by the
// real pipeline: Redis BullMQ into PostgreSQL, and on the embedded default (PGlite, BullMQ's PostgreSQL backend).
// Every report of the saved listings is found with title, year and date; the saved 2019+ reports are stored with
// their golden values; the reports the archive did not save are failed fetches (404), not silently missing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Values } from '../../replicas/reports.js';
import { startWarcReplay, type WarcReplay } from '../../replicas/warc-replay.js';
import { goldenMismatches, type Harness, startHarness } from '../helpers/pipeline-harness.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/realportals');
const ZONE = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/';
const CZJ = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqczj/zfxxgknb/';
const AGENCY = '平潭综合实验区管委会';

/** The zone column's saved first page (README of realportals): year, file, listing date, saved. */
const ZONE_LISTING: [number, string, string, boolean][] = [
  [2025, '202603/t20260313_105587.htm', '2026-03-10', true],
  [2024, '202503/t20250310_97791.htm', '2025-03-10', true],
  [2023, '202403/t20240308_87885.htm', '2024-03-08', true],
  [2022, '202302/t20230220_80629.htm', '2023-02-20', false],
  [2021, '202202/t20220208_80613.htm', '2022-02-08', true],
  [2020, '202103/t20210305_80595.htm', '2021-03-05', true],
  [2019, '202001/t20200120_80576.htm', '2020-01-20', true],
  [2018, '201901/t20190110_80529.htm', '2019-01-10', true],
  [2017, '201801/t20180123_80506.htm', '2018-01-23', false],
  [2016, '201701/t20170118_80485.htm', '2017-01-18', false],
];
/** The 财政金融局 column's saved first page: 9 reports (one other row is not a report), none of them saved. */
const CZJ_REPORTS = 9;

interface FetchJobData {
  url: string;
  title: string;
  year: number | null;
  date: string | null;
}

async function crawlRecorded(kind: 'redis' | 'embedded'): Promise<void> {
  let replay: WarcReplay | null = null;
  let h: Harness | null = null;
  try {
    replay = await startWarcReplay([path.join(FIXTURES, 'pingtan.warc.gz')]);
    const overrides = replay.overrides;
    h = await startHarness(kind, { portals: { only: [] }, overrides: async () => overrides });
    const [run] = await h.crawl(['pingtan'], 'full');

    // Every report of both saved listings was found: one fetch job each, with its title, year and date.
    const jobs = [
      ...(await h.rt.ctx.queues.fetch.getJobs(['completed'])),
      ...(await h.rt.ctx.queues.fetch.getJobs(['failed'])),
    ];
    const byUrl = new Map(jobs.map((j) => [(j.data as FetchJobData).url, j]));
    expect(byUrl.size).toBe(ZONE_LISTING.length + CZJ_REPORTS);
    // Saved reports loaded (2019–2025 and the pre-2019 2018 page); every unsaved page is a counted failure.
    expect(run.reportsFound).toBe(ZONE_LISTING.filter(([, , , saved]) => saved).length);
    expect(run.failures).toBeGreaterThanOrEqual(3 + CZJ_REPORTS);
    for (const [year, file, date, saved] of ZONE_LISTING) {
      const job = byUrl.get(`${ZONE}${file}`);
      expect(job?.data, `${year} found`).toMatchObject({
        title: `平潭综合实验区${year}年度政府信息公开工作年度报告`,
        year,
        date,
      });
      // Unsaved pages answer 404 in the replay: a failed fetch with its reason, never a silent gap.
      if (!saved) expect(job!.failedReason, `${year} unsaved`).toMatch(/404/);
    }
    const czj = jobs.filter((j) => (j.data as FetchJobData).url.startsWith(CZJ));
    expect(czj).toHaveLength(CZJ_REPORTS);
    for (const j of czj) expect(j.failedReason, (j.data as FetchJobData).url).toMatch(/404/);

    // The departments came from the page's own gklist script: every 部门 column was asked for.
    const asked = new Set(replay.requests.map((r) => r.path));
    for (const dept of ['ptzhsyqgaj', 'ptzhsyqjjf', 'ptzhsyqlyy', 'ptzhsyqgyz'])
      expect(
        [...asked].some((p) => p === `/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/${dept}/zfxxgknb/`),
        dept,
      ).toBe(true);

    // The saved 2019–2025 reports hold their golden values.
    for (const year of [2019, 2020, 2021, 2023, 2024, 2025]) {
      const golden = JSON.parse(readFileSync(path.join(FIXTURES, `pingtan/golden/${year}.json`), 'utf8')) as {
        active: Values | null;
        requests: Values | null;
        review: Values | null;
      };
      const stored = await h.cells(AGENCY, year);
      expect(Object.keys(stored).length, `${year} stored`).toBeGreaterThan(0);
      expect(goldenMismatches(golden, stored), `${year}`).toEqual([]);
    }
  } finally {
    await h?.close();
    await replay?.close();
  }
}

describe('the recorded Pingtan portal through the pipeline', () => {
  it('Redis BullMQ into PostgreSQL', () => crawlRecorded('redis'), 300_000);
  it('embedded default (PGlite)', () => crawlRecorded('embedded'), 300_000);
});
