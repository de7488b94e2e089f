// The politeness gate's cost per request: one tryAcquire (with a hold) and one release, on each gate.
//   npx tsx bench/host-gate.ts [requests]
// Needs Redis on REDIS_URL and PostgreSQL for a scratch database (as the tests).
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type HostGate, MemoryHostGate, PgHostGate, RedisHostGate } from '../crawlers/fetch/index.js';
import { readMigrations } from '../db/migrate.js';
import { createTestDatabase } from '../test/helpers/db.js';

const N = Number(process.argv[2] ?? 300);
const GATE_SQL = readMigrations().find((m) => m.name === 'host_gate')!.sql;

async function perRequest(gate: HostGate): Promise<number> {
  const once = async (host: string) => {
    const d = await gate.tryAcquire(host, 0, 1000);
    await gate.release!(host, 0, d.go ? d.token : undefined);
  };
  for (let i = 0; i < 20; i++) await once(`warm${i}.example`);
  const t = performance.now();
  for (let i = 0; i < N; i++) await once(`h${i % 10}.example`);
  return (performance.now() - t) / N;
}

const report = (name: string, ms: number) => console.log(`${name.padEnd(11)} ${ms.toFixed(2)} ms per request`);

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `gongkai-bench:${process.pid}:gate:`;
report('Redis', await perRequest(new RedisHostGate(redis, { prefix })));
const keys = await redis.keys(`${prefix}*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();

const db = await createTestDatabase('gongkai_bench_gate');
const pool = new pg.Pool({ connectionString: db.url, max: 1 });
await pool.query(GATE_SQL);
report('PostgreSQL', await perRequest(new PgHostGate((sql, params) => pool.query(sql, params))));
await pool.end();
await db.drop();

const lite = new PGlite();
await lite.exec(GATE_SQL);
report('PGlite', await perRequest(new PgHostGate((sql, params) => lite.query(sql, params as unknown[]))));
await lite.close();

report('memory', await perRequest(new MemoryHostGate()));
console.log(`(${N} requests each; load average ${os.loadavg()[0].toFixed(1)})`);
