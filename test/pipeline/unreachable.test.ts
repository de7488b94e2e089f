// Sites that cannot be reached end `failed` (reason: unreachable, with the last error) within the bound README
// states — attempts × 2 × the total timeout (robots.txt, then the page) + the backoff — while the other sites
// complete; every failed attempt is logged at warn with the site and the URL; `gongkai runs` shows the reasons.
import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../crawlers/types.js';
import type { RunSummary } from '../../workers/discover-job.js';
import { enqueueRun } from '../../workers/enqueue.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { runGongkai } from '../helpers/cli.js';
import { type Harness, startHarness } from '../helpers/pipeline-harness.js';

const RETRY = { attempts: 3, backoffMs: 200 };
const TIMEOUTS = { connectMs: 1000, headersMs: 1500, totalMs: 2000 };
/** README's bound for these settings. */
const BOUND_MS = RETRY.attempts * 2 * TIMEOUTS.totalMs + RETRY.backoffMs * (2 ** (RETRY.attempts - 1) - 1);

function site(id: string, host: string, family: 'nfcms' | 'hanweb' = 'nfcms'): SiteConfig {
  const url = family === 'nfcms' ? `http://${host}/zwgk/ndbg/` : `http://${host}/col/col1/index.html`;
  return { id, name: `${id} 测试`, hosts: [host], entries: [{ family, url }] };
}

const BAD = {
  closed: site('gone-closed', 'closed.example.gov.cn'),
  silent: site('gone-silent', 'silent.example.gov.cn'),
  nodns: site('gone-nodns', 'nosuch.invalid'),
  // A JavaScript-only listing: the browser's requests go through the fetcher, and fail the same way.
  rendered: site('gone-rendered', 'rendered.example.gov.cn', 'hanweb'),
};

describe('unreachable sites', () => {
  let h: Harness;
  const logs: Record<string, unknown>[] = [];
  const sockets: net.Socket[] = [];
  let silent: net.Server;
  let closedPort: number;

  beforeAll(async () => {
    // A port nothing listens on: listen, note the port, close.
    closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    // A host that accepts connections and never answers.
    silent = net.createServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
        done();
      },
    });
    h = await startHarness('redis', {
      portals: { only: ['cqna'] },
      runtime: {
        sites: Object.values(BAD),
        retry: RETRY,
        fetchLimits: { timeouts: TIMEOUTS },
        log: pino({ level: 'info' }, sink),
      },
      overrides: async (portals) => ({
        ...portals.overrides,
        'http://closed.example.gov.cn': `http://127.0.0.1:${closedPort}`,
        'http://rendered.example.gov.cn': `http://127.0.0.1:${closedPort}`,
        'http://silent.example.gov.cn': `http://127.0.0.1:${silentPort}`,
      }),
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    for (const s of sockets) s.destroy();
    silent?.close();
  });

  it('end failed (unreachable) within the bound while the healthy site completes; runs shows why', {
    timeout: 120_000,
  }, async () => {
    const runs = [];
    for (const id of ['cqna', ...Object.values(BAD).map((s) => s.id)])
      runs.push(await enqueueRun(h.rt.ctx, id, 'full', 'test'));
    const results = (await waitForRuns(h.rt.ctx.queues, runs, { timeoutMs: 100_000, pollMs: 100 })) as RunSummary[];
    const by = Object.fromEntries(results.map((r) => [r.siteId, r]));

    expect(by.cqna.status).toBe('completed');
    expect(by.cqna.reportsFound).toBe(h.portals.site('cqna').reports.length);

    const rows = await h.rt.store.db.query<{
      site_id: string;
      status: string;
      reason: string | null;
      last_error: string | null;
      failure_counts: Record<string, number>;
      ms: number;
    }>(
      `SELECT site_id, status, reason, last_error, failure_counts,
              extract(epoch FROM finished_at - started_at) * 1000 AS ms
         FROM crawl_runs WHERE id = ANY($1::int[])`,
      [runs.map((r) => r.runId)],
    );
    const row = Object.fromEntries(rows.map((r) => [r.site_id, r]));
    const expected: Record<string, RegExp> = {
      [BAD.closed.id]: /ECONNREFUSED/,
      [BAD.silent.id]: /timeout/,
      [BAD.nodns.id]: /ENOTFOUND|EAI_AGAIN/,
      [BAD.rendered.id]: /ECONNREFUSED/,
    };
    for (const [id, lastError] of Object.entries(expected)) {
      expect(by[id], id).toMatchObject({ status: 'failed', reason: 'unreachable' });
      expect(row[id], id).toMatchObject({ status: 'failed', reason: 'unreachable' });
      expect(row[id].last_error, id).toMatch(lastError);
      // The bound holds, with a minute's room for a loaded machine (the queue's polling, lock renewals, CPU). A rendered
      // listing also pays for starting Chromium, which is no part of the bound.
      if (id !== BAD.rendered.id) expect(Number(row[id].ms), id).toBeLessThan(BOUND_MS + 60_000);
      // Every attempt that failed was logged at warn, with the site and the URL.
      const warned = logs.filter((l) => l.level === 40 && l.siteId === id && typeof l.url === 'string');
      expect(warned.length, id).toBeGreaterThanOrEqual(RETRY.attempts);
    }
    console.log(
      `unreachable: bound ${BOUND_MS} ms; ended after ${Object.keys(expected)
        .map((id) => `${id} ${Math.round(Number(row[id].ms))} ms`)
        .join(', ')}`,
    );

    const cli = await runGongkai(['runs'], { DATABASE_URL: h.databaseUrl, REDIS_URL: '' });
    expect(cli.code, cli.stderr).toBe(0);
    console.log(cli.stdout);
    for (const id of Object.keys(expected)) {
      const line = cli.stdout.split('\n').find((l) => l.includes(id));
      expect(line, id).toMatch(/failed: unreachable/);
      expect(line, id).toMatch(expected[id]);
    }
    const json = JSON.parse((await runGongkai(['runs', '--json'], { DATABASE_URL: h.databaseUrl })).stdout);
    const closed = json.find((r: { siteId: string }) => r.siteId === BAD.closed.id);
    expect(closed.failureCounts.unreachable).toBeGreaterThan(0);
  });
});
