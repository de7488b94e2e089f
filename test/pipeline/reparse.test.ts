// reparse goes through the fetch job's parse → load path and never reads a listing page as a report; a run whose
// jobs are gone is finished as failed (worker_lost), never left "running".

import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchRuns } from '../../workers/watch-runs.js';
import { runGongkai } from '../helpers/cli.js';
import { type Harness, startHarness } from '../helpers/pipeline-harness.js';

const SITES = ['szns', 'sz', 'hrbng'];
let h: Harness;

beforeAll(async () => {
  h = await startHarness('redis', { portals: { only: SITES }, runtime: { noBrowser: true } });
  await h.crawl(SITES, 'full');
}, 180_000);
afterAll(async () => {
  await h?.close();
});

const count = async (sql: string) => Number((await h.rt.store.db.query<{ n: string }>(sql))[0].n);

describe('reparse', () => {
  it('re-reads every report document and no listing page: nothing changes, nothing fails', {
    timeout: 120_000,
  }, async () => {
    const listings = await count(`SELECT count(*) AS n FROM documents WHERE role = 'listing'`);
    expect(listings).toBeGreaterThanOrEqual(SITES.length); // each site's sentinel listing page is stored
    const read = await count(
      `SELECT count(*) AS n FROM documents d WHERE EXISTS (SELECT 1 FROM revisions r WHERE r.document_id = d.id)
          OR EXISTS (SELECT 1 FROM parse_failures f WHERE f.document_id = d.id)`,
    );
    const failuresBefore = await count('SELECT count(*) AS n FROM parse_failures');
    const revisionsBefore = await count('SELECT count(*) AS n FROM revisions');

    const cli = await runGongkai(['reparse'], { DATABASE_URL: h.databaseUrl, REDIS_URL: '' });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(
      new RegExp(`reparsed ${read} documents .* 0 new revisions, 0 new reports, ${read} unchanged, 0 failed`),
    );
    // No listing page became a not_a_report failure; no report changed.
    expect(await count('SELECT count(*) AS n FROM parse_failures')).toBe(failuresBefore);
    expect(
      await count(
        `SELECT count(*) AS n FROM parse_failures f JOIN documents d ON d.id = f.document_id WHERE d.role = 'listing'`,
      ),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM revisions')).toBe(revisionsBefore);
  });
});

describe('lost runs', () => {
  it('a run whose job is gone ends failed (worker_lost); a fresh one is left alone, its progress logged', async () => {
    const lost = await h.rt.store.startCrawlRun('szns', 'test');
    const fresh = await h.rt.store.startCrawlRun('szns', 'test');
    // No job was ever queued for either; only the first has been quiet for long.
    await h.rt.store.db.query(`UPDATE crawl_runs SET updated_at = now() - interval '5 minutes' WHERE id = $1`, [lost]);
    const logs: { msg: string; runId?: number; siteId?: string }[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
        done();
      },
    });
    const watched = await watchRuns({ ...h.rt.ctx, log: pino({ level: 'info' }, sink) });
    expect(watched.lost).toEqual([lost]);
    // The fresh run's progress is in the logs; the lost one's end too.
    expect(logs.find((l) => l.runId === fresh)?.msg).toBe('crawl run progress');
    expect(logs.find((l) => l.runId === lost)?.msg).toMatch(/lost crawl run finished as failed/);
    const rows = await h.rt.store.db.query<{ id: number; status: string; reason: string | null; error: string }>(
      'SELECT id, status, reason, error FROM crawl_runs WHERE id = ANY($1::int[]) ORDER BY id',
      [[lost, fresh]],
    );
    expect(rows[0]).toMatchObject({ status: 'failed', reason: 'worker_lost' });
    expect(rows[0].error).toMatch(/\[worker_lost\] the run's job is gone/);
    expect(rows[1]).toMatchObject({ status: 'running', reason: null });
  });
});
