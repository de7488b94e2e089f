// `gongkai demo` with DATABASE_URL and REDIS_URL set, as a user with a real store would run it: the demo writes into
// a database and a queue prefix of its own, drops them, says so — and the user's reports table is unchanged.
// Its year-over-year table leads with the real reports (洪泽 2023→2024) and marks the fictional agencies.
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runGongkai } from '../helpers/cli.js';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../helpers/db.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function reportsTable(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), '')) AS digest FROM reports r`,
    );
    return JSON.stringify(rows[0]);
  } finally {
    await c.end();
  }
}

describe('gongkai demo beside a real store', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('leaves DATABASE_URL’s reports table unchanged and its own database and queue keys removed', async () => {
    const env = { DATABASE_URL: t.url, REDIS_URL, LOG_LEVEL: 'warn', GONGKAI_HOME: '' };
    const seed = path.join(ROOT, 'test/fixtures/seeds/000_9a0889932f31a8f7.txt');
    const ingest = await runGongkai(['ingest', seed], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    const before = await reportsTable(t.url);
    expect(JSON.parse(before).n).toBe(1);

    const demo = await runGongkai(['demo'], env);
    expect(demo.code, demo.stderr).toBe(0);
    const last = demo.stdout.trim().split('\n').at(-1) ?? '';
    const own = /own database (gongkai_demo_[a-f0-9]+) on DATABASE_URL's server, now dropped/.exec(last);
    expect(own, last).not.toBeNull();
    expect(last).toMatch(/DATABASE_URL's database was not touched/);
    const prefix = /Redis prefix (gongkai-demo-[a-f0-9]+), removed/.exec(last)?.[1];
    expect(prefix, last).toBeDefined();

    // The user's store: the same reports, byte for byte; the demo's database and keys: gone.
    expect(await reportsTable(t.url)).toBe(before);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [own![1]]);
      expect(rows).toHaveLength(0);
    } finally {
      await admin.end();
    }
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }

    // The year-over-year table: the real reports first, every fictional agency marked.
    const yoy = demo.stdout.slice(demo.stdout.indexOf('2. Year over year'), demo.stdout.indexOf('3. Findings'));
    const rows = yoy.split('\n').filter((l) => /\s(real report|synthetic)\s/.test(l));
    expect(rows.length).toBeGreaterThan(2);
    expect(rows[0]).toMatch(/^淮安市洪泽区人民政府\s+real report\s+2023\s/);
    expect(rows[1]).toMatch(/^淮安市洪泽区人民政府\s+real report\s+2024\s+95\s+21\s/);
    for (const r of rows.filter((l) => /合成测试|某某示例/.test(l))) expect(r).toMatch(/\ssynthetic\s/);
  }, 1_200_000);
});
