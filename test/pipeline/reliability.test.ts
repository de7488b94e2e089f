// Faults with real processes, real Redis and Postgres: worker processes killed with SIGKILL at random points, a
// Redis server killed and restarted mid-crawl, Postgres connections terminated mid-crawl, and replica sites that
// hang, reset, rate-limit, fail or loop. The crawl finishes; the store equals a clean run's (same reports, cells,
// revisions; nothing duplicated or half-written); a bad site never holds up the others.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portals, startPortals } from '../../replicas/index.js';
import { generatedSites } from '../../replicas/sites/generated.js';
import type { RunSummary } from '../../workers/discover-job.js';
import { enqueueRun } from '../../workers/enqueue.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../helpers/db.js';
import { REDIS_URL, startHarness } from '../helpers/pipeline-harness.js';
import { siteConfigsOf } from '../hostile/cluster.js';
import { crawlWithCluster, sleep } from '../hostile/crawl.js';
import { type StoreSnapshot, snapshotStore } from '../hostile/snapshot.js';

/** Fast stalled-job recovery for the test (production keeps BullMQ's 30 s lock); a job may stall a few times. */
const STALL = { lockDuration: 4000, stalledInterval: 2000, maxStalledCount: 10 };

let portals: Portals;
const dbs: TestDatabase[] = [];
async function freshDb(): Promise<TestDatabase> {
  const db = await createTestDatabase('gongkai_rel');
  dbs.push(db);
  return db;
}

beforeAll(async () => {
  portals = await startPortals({ generated: { sites: 30, yearsPerSite: 12, fillerPerSite: 6 } });
});
afterAll(async () => {
  await portals?.close();
  for (const db of dbs) await db.drop().catch(() => {});
});

/** Wait until the crawl has loaded at least one report (so a fault lands mid-crawl, however fast the crawl is). */
async function untilLoading(dbUrl: string, done: () => boolean): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    while (!done()) {
      const { rows } = await c
        .query<{ n: number }>('SELECT count(*)::int AS n FROM reports')
        .catch(() => ({ rows: [{ n: 0 }] }));
      if (rows[0].n > 0) return;
      await sleep(25);
    }
  } finally {
    await c.end();
  }
}

function expectComplete(snap: StoreSnapshot, expectedReports: number): void {
  expect(snap.totals.reports).toBe(expectedReports);
  expect(snap.halfWritten).toBe(0);
  expect(snap.duplicates).toBe(0);
  expect(snap.reports.every((r) => r.revisions === 1 && r.cells > 100)).toBe(true);
  expect(snap.totals.parse_failures).toBe(0);
}

function expectRunsOk(results: Awaited<ReturnType<typeof crawlWithCluster>>['results']): void {
  const failed = results.filter((r) => 'failed' in r);
  expect(failed).toEqual([]);
}

describe('faults', () => {
  let clean: StoreSnapshot;
  const expected = () => portals.sites.reduce((n, s) => n + s.reports.length, 0);

  it('clean run: a few hundred generated reports through 2 worker processes', { timeout: 180_000 }, async () => {
    const db = await freshDb();
    const { results, ms } = await crawlWithCluster({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      sites: siteConfigsOf(portals),
      overrides: portals.overrides,
      processes: 2,
      stall: STALL,
    });
    expectRunsOk(results);
    clean = await snapshotStore(db.url);
    expectComplete(clean, expected());
    console.log(`clean run: ${clean.totals.reports} reports in ${(ms / 1000).toFixed(1)} s`);
  });

  it('kill -9 worker processes at random points, repeatedly: same store as the clean run', {
    timeout: 180_000,
  }, async () => {
    const db = await freshDb();
    let kills = 0;
    const { results } = await crawlWithCluster({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      sites: siteConfigsOf(portals),
      overrides: portals.overrides,
      processes: 2,
      stall: STALL,
      chaos: async (cluster, done) => {
        // Kill at random moments, also processes still starting; replacements are not awaited, so kills keep
        // coming while the crawl runs. At least one process is left (or started) at the end.
        while (!done() && kills < 12) {
          await sleep(200 + Math.random() * 800);
          if (done()) break;
          const victim = cluster.live[Math.floor(Math.random() * cluster.live.length)];
          if (victim) {
            await cluster.kill(victim);
            kills++;
          }
          while (cluster.live.length < 2) void cluster.spawn().catch(() => undefined);
        }
        if (cluster.live.length === 0) await cluster.spawn();
      },
    });
    expect(kills).toBeGreaterThanOrEqual(3);
    expectRunsOk(results);
    const runErrors = results.flatMap((r) => ('errors' in r ? r.errors : []));
    const snap = await snapshotStore(db.url);
    const missing = clean.reports.filter((c) => !snap.reports.some((r) => r.agency === c.agency && r.year === c.year));
    expect({ missing, runErrors }).toEqual({ missing: [], runErrors: [] });
    expect(snap.reports).toEqual(clean.reports);
    expect({ ...snap.totals }).toEqual({ ...clean.totals });
    expect([snap.halfWritten, snap.duplicates]).toEqual([0, 0]);
    console.log(`kill -9: ${kills} worker processes killed; store equals the clean run's`);
  });

  it('a Redis server killed and restarted mid-crawl: the crawl resumes and completes', {
    timeout: 180_000,
  }, async () => {
    const redis = await startRedisServer();
    try {
      const db = await freshDb();
      let restarts = 0;
      const { results } = await crawlWithCluster({
        databaseUrl: db.url,
        redisUrl: redis.url,
        sites: siteConfigsOf(portals),
        overrides: portals.overrides,
        processes: 2,
        stall: STALL,
        chaos: async (_c, done) => {
          while (!done() && restarts < 2) {
            await untilLoading(db.url, done);
            if (restarts > 0) await sleep(400); // let the workers reconnect and get going again first
            if (done()) break;
            await redis.kill();
            await sleep(1000);
            await redis.start();
            restarts++;
          }
        },
      });
      expect(restarts).toBeGreaterThanOrEqual(1);
      expectRunsOk(results);
      const snap = await snapshotStore(db.url);
      expect(snap.reports).toEqual(clean.reports);
      expect([snap.halfWritten, snap.duplicates]).toEqual([0, 0]);
      console.log(`Redis: killed and restarted ${restarts} times; store equals the clean run's`);
    } finally {
      await redis.kill();
      redis.remove();
    }
  });

  it('Postgres connections terminated repeatedly mid-crawl: retries, nothing half-written', {
    timeout: 180_000,
  }, async () => {
    const db = await freshDb();
    let terminated = 0;
    const { results } = await crawlWithCluster({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      sites: siteConfigsOf(portals),
      overrides: portals.overrides,
      processes: 2,
      stall: STALL,
      retry: { attempts: 8, backoffMs: 250 },
      chaos: async (_c, done) => {
        const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        try {
          await untilLoading(db.url, done);
          for (let i = 0; i < 12 && !done(); i++) {
            await sleep(300);
            const r = await admin.query(
              'SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t',
              [db.name],
            );
            terminated += r.rows[0].n;
          }
        } finally {
          await admin.end();
        }
      },
    });
    expect(terminated).toBeGreaterThan(0);
    expectRunsOk(results);
    const snap = await snapshotStore(db.url);
    expect(snap.reports).toEqual(clean.reports);
    expect([snap.halfWritten, snap.duplicates]).toEqual([0, 0]);
    console.log(`Postgres: ${terminated} connections terminated; store equals the clean run's`);
  });
});

describe('bad sites never block the others', () => {
  it('sites that hang, reset, rate-limit, fail and loop finish as failures; healthy sites finish first, complete', {
    timeout: 150_000,
  }, async () => {
    const gen = { sites: 8, yearsPerSite: 3, fillerPerSite: 2 };
    const configs = generatedSites(gen).map((s) => ({
      id: s.id,
      name: s.name,
      hosts: s.realOrigins.map((o) => new URL(o).hostname),
      entries: s.entryUrls.map((url) => ({ family: 'nfcms' as const, url })),
    }));
    const h = await startHarness('redis', {
      portals: { generated: gen },
      runtime: {
        sites: configs,
        noBrowser: true,
        retry: { attempts: 3, backoffMs: 200 },
        fetchLimits: { timeouts: { connectMs: 1000, headersMs: 1500, totalMs: 2500 } },
      },
      concurrency: 2,
    });
    try {
      const faulty: Record<string, Parameters<Portals['setFault']>[1]> = {
        gen001: { kind: 'endless' },
        gen002: { kind: 'reset' },
        gen003: { kind: 'rate_limit', retryAfter: '2' },
        gen004: { kind: 'error', status: 500 },
        gen005: { kind: 'redirect_loop' },
        gen006: { kind: 'latency', ms: 4000 }, // slower than the header timeout
      };
      for (const [id, f] of Object.entries(faulty)) h.portals.setFault(id, f);
      const healthyIds = ['gen007', 'gen008'];
      const started = Date.now();
      const runs = [];
      for (const id of [...Object.keys(faulty), ...healthyIds])
        runs.push(await enqueueRun(h.rt.ctx, id, 'full', 'test'));
      const healthyRuns = runs.filter((r) => healthyIds.includes(r.siteId));
      const healthy = await waitForRuns(h.rt.ctx.queues, healthyRuns, { timeoutMs: 60_000, pollMs: 100 });
      const healthyMs = Date.now() - started;
      // Far less than the faulty sites' timeouts and retries served one after another (6 sites × 3 attempts × 2.5 s).
      expect(healthyMs).toBeLessThan(30_000);
      for (const r of healthy) {
        expect('failed' in r).toBe(false);
        expect((r as RunSummary).newRevisions).toBe(3);
      }
      const all = await waitForRuns(h.rt.ctx.queues, runs, { timeoutMs: 120_000, pollMs: 200 });
      const allMs = Date.now() - started;
      for (const r of all.filter((x) => x.siteId in faulty)) {
        const failures = 'failed' in r ? 1 : r.failures;
        expect(failures, `${r.siteId}: ${JSON.stringify(r)}`).toBeGreaterThan(0);
        expect('failed' in r ? r.failed : r.errors.join(' '), r.siteId).toMatch(/\S/);
      }
      for (const id of healthyIds) {
        const agency = h.portals.site(id).name;
        for (const rep of h.portals.site(id).reports)
          expect(Object.keys(await h.cells(agency, rep.year!)).length, `${id} ${rep.year}`).toBe(3);
      }
      console.log(
        `bad sites: healthy sites done in ${(healthyMs / 1000).toFixed(1)} s, all runs (faulty ones as failures) in ${(allMs / 1000).toFixed(1)} s`,
      );
    } finally {
      await h.close();
    }
  });
});

/** A private redis-server on a free port with an fsync-always append-only file, so a SIGKILL loses nothing
 *  acknowledged; the shared Redis of other tests is never touched. */
async function startRedisServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-redis-'));
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  let child: ReturnType<typeof spawn> | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((r) => {
        const c = net.connect(port, '127.0.0.1', () => {
          c.end();
          r(true);
        });
        c.on('error', () => r(false));
      });
      if (ok) return;
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
