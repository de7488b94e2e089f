// Per-host politeness across clients: two fetchers, each with its own connection to Redis / PostgreSQL / PGlite,
// crawl one replica at once; the replica's request log must show every two requests ≥ the interval apart.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type HostGate, PgHostGate, RedisHostGate } from '../../crawlers/fetch/index.js';
import { openPostgres } from '../../db/db.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { type Portals, startPortals } from '../../replicas/index.js';
import { watchChild } from '../helpers/child.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const INTERVAL = 200;
/** The gate's table comes from migration 007 (the store runs all migrations when it opens). */
const GATE_MIGRATION = readMigrations().filter((m) => m.name === 'host_gate');

let portals: Portals;
beforeAll(async () => {
  portals = await startPortals({ only: ['sz'] });
});
afterAll(async () => {
  await portals?.close();
});

/** Two clients fetch 6 pages each, all at once; returns the replica's arrival times and who sent each. */
async function crawlConcurrently(gateA: HostGate, gateB: HostGate) {
  const urls = (await pagesOfSz()).slice(0, 6);
  const mk = (gate: HostGate, who: string) =>
    createFetcher({
      overrides: portals.overrides,
      allowPrivateAddresses: true,
      gate,
      politenessMs: INTERVAL,
      userAgent: `gongkai/0.1 test-${who}`,
      scopeOf: () => ['www.sz.gov.cn'],
    });
  const a = mk(gateA, 'A');
  const b = mk(gateB, 'B');
  const start = performance.timeOrigin + performance.now();
  try {
    const results = await Promise.all([
      ...urls.map((url) => a.fetch({ url, siteId: 'sz' })),
      ...urls.map((url) => b.fetch({ url, siteId: 'sz' })),
    ]);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
  } finally {
    await a.close();
    await b.close();
  }
  const log = portals.requestLog
    .of('sz', (e) => e.time >= start && /test-[AB]/.test(e.userAgent ?? ''))
    .sort((x, y) => x.time - y.time);
  const gaps = log.slice(1).map((e, i) => e.time - log[i].time);
  return { log, gaps };
}

/** The same crawl from two separate worker processes, each with its own gate connection. */
async function crawlFromTwoProcesses(
  gate: { kind: 'redis'; url: string; prefix: string } | { kind: 'pg'; url: string },
) {
  const urls = (await pagesOfSz()).slice(0, 6);
  const child = `
    const cfg = JSON.parse(process.env.GATE_TEST);
    const fetchMod = await import(cfg.fetchModule);
    let gate, closeGate;
    if (cfg.gate.kind === 'redis') {
      const { Redis } = await import('ioredis');
      const r = new Redis(cfg.gate.url);
      await r.ping();
      gate = new fetchMod.RedisHostGate(r, { prefix: cfg.gate.prefix });
      closeGate = async () => r.disconnect();
    } else {
      const pg = (await import('pg')).default;
      const pool = new pg.Pool({ connectionString: cfg.gate.url, max: 2 });
      await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 1')]); // both connections open before 'ready'
      gate = new fetchMod.PgHostGate((s, p) => pool.query(s, p));
      closeGate = () => pool.end();
    }
    const f = fetchMod.createFetcher({ overrides: cfg.overrides, allowPrivateAddresses: true, gate, politenessMs: cfg.interval,
      userAgent: 'gongkai/0.1 test-' + cfg.who, scopeOf: () => ['www.sz.gov.cn'] });
    // Both children boot (slowly, on a loaded machine), say so, and start when the test says go.
    console.log('ready');
    await new Promise((r) => process.stdin.once('data', r));
    const results = await Promise.all(cfg.urls.map((url) => f.fetch({ url, siteId: 'sz' })));
    await f.close(); await closeGate();
    console.log(JSON.stringify(results.map((r) => r.status)));
    process.exit(0);`;
  const children = ['A', 'B'].map((who) =>
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        GATE_TEST: JSON.stringify({
          fetchModule: path.resolve('crawlers/fetch/index.ts'),
          gate,
          overrides: portals.overrides,
          interval: INTERVAL,
          urls,
          who,
        }),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
      timeout: 60_000,
    }),
  );
  const outputs = children.map((c) => watchChild(c, 'child'));
  await Promise.all(outputs.map((o) => o.ready));
  const start = performance.timeOrigin + performance.now();
  for (const c of children) c.stdin!.write('go\n');
  const outs = await Promise.all(outputs.map((o) => o.done));
  for (const o of outs) expect(JSON.parse(o.trim().split('\n').pop()!)).toEqual(urls.map(() => 'ok'));
  const log = portals.requestLog
    .of('sz', (e) => e.time >= start && /test-[AB]/.test(e.userAgent ?? ''))
    .sort((x, y) => x.time - y.time);
  const gaps = log.slice(1).map((e, i) => e.time - log[i].time);
  return { log, gaps };
}

async function pagesOfSz(): Promise<string[]> {
  return portals.site('sz').reports.map((r) => r.url);
}

function expectPolite(
  { log, gaps }: { log: { userAgent?: string; time: number }[]; gaps: number[] },
  overlapping = false,
) {
  expect(log.length).toBe(14); // 2 × (robots.txt + 6 pages)
  expect(new Set(log.map((e) => e.userAgent)).size).toBe(2); // both clients were served
  if (overlapping) {
    // Separate processes start when told to; their requests must interleave in time for the test to mean anything.
    const span = (who: string) => log.filter((e) => e.userAgent?.endsWith(who)).map((e) => e.time);
    const [a, b] = [span('A'), span('B')];
    expect(Math.min(...a) < Math.max(...b) && Math.min(...b) < Math.max(...a)).toBe(true);
  }
  const min = Math.min(...gaps);
  console.log(
    `politeness: ${log.length} requests, min gap ${min.toFixed(1)} ms, mean ${(gaps.reduce((s, g) => s + g, 0) / gaps.length).toFixed(1)} ms (interval ${INTERVAL} ms)`,
  );
  expect(min).toBeGreaterThanOrEqual(INTERVAL);
}

async function exactlyOneWins(gates: HostGate[], host: string) {
  const decisions = await Promise.all(
    Array.from({ length: 30 }, (_, i) => gates[i % gates.length].tryAcquire(host, 5_000)),
  );
  expect(decisions.filter((d) => d.go).length).toBe(1);
  for (const d of decisions) if (!d.go) expect(d.waitMs).toBeGreaterThan(4_000);
}

describe('RedisHostGate', () => {
  const prefix = `gongkai-test:${crypto.randomBytes(4).toString('hex')}:gate:`;
  let r1: Redis, r2: Redis;
  beforeAll(async () => {
    r1 = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    r2 = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await r1.ping(); // fails loudly without Redis
  });
  afterAll(async () => {
    const keys = await r1.keys(`${prefix}*`);
    if (keys.length) await r1.del(...keys);
    r1.disconnect();
    r2.disconnect();
  });

  it('hands one slot per interval to racing clients', async () => {
    await exactlyOneWins([new RedisHostGate(r1, { prefix }), new RedisHostGate(r2, { prefix })], 'race.example');
  });

  it('keeps two concurrent fetchers ≥ the interval apart at the replica', async () => {
    expectPolite(await crawlConcurrently(new RedisHostGate(r1, { prefix }), new RedisHostGate(r2, { prefix })));
  });

  it('keeps two worker processes ≥ the interval apart at the replica', async () => {
    expectPolite(await crawlFromTwoProcesses({ kind: 'redis', url: REDIS_URL, prefix: prefix + 'proc:' }), true);
  });
});

describe('PgHostGate on PostgreSQL', () => {
  let db: TestDatabase;
  let p1: pg.Pool, p2: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase('gongkai_gate');
    const migrating = openPostgres(db.url, 1);
    await migrate(migrating, GATE_MIGRATION);
    await migrating.close();
    p1 = new pg.Pool({ connectionString: db.url, max: 4 });
    p2 = new pg.Pool({ connectionString: db.url, max: 4 });
  });
  afterAll(async () => {
    await p1?.end();
    await p2?.end();
    await db?.drop();
  });

  it('hands one slot per interval to racing clients', async () => {
    const g1 = new PgHostGate((sql, params) => p1.query(sql, params));
    const g2 = new PgHostGate((sql, params) => p2.query(sql, params));
    await exactlyOneWins([g1, g2], 'race.example');
  });

  it('keeps two concurrent fetchers ≥ the interval apart at the replica', async () => {
    expectPolite(
      await crawlConcurrently(new PgHostGate((s, p) => p1.query(s, p)), new PgHostGate((s, p) => p2.query(s, p))),
    );
  });

  it('keeps two worker processes ≥ the interval apart at the replica', async () => {
    await p1.query('DELETE FROM gongkai_host_gate');
    expectPolite(await crawlFromTwoProcesses({ kind: 'pg', url: db.url }), true);
  });
});

describe('PgHostGate on PGlite (embedded mode)', () => {
  let lite: PGlite;
  beforeAll(async () => {
    lite = new PGlite();
    await lite.waitReady;
    await lite.exec(GATE_MIGRATION[0].sql);
  });
  afterAll(async () => {
    await lite?.close();
  });

  it('hands one slot per interval and keeps two fetchers apart', async () => {
    const q = (sql: string, params?: unknown[]) => lite.query<Record<string, unknown>>(sql, params as unknown[]);
    await exactlyOneWins([new PgHostGate(q), new PgHostGate(q)], 'race.example');
    expectPolite(await crawlConcurrently(new PgHostGate(q), new PgHostGate(q)));
  });
});
