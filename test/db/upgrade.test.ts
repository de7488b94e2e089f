// Databases made by released versions (schema at migration 005) upgrade in place: what they hold reads the same
// through the views afterwards, and loading goes on with the new functions. On PostgreSQL and on PGlite.
// Also: the prepared statements of the PostgreSQL Db survive a schema change made by another process, and are not
// used on PGlite served over a socket, whose connections share one session.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/db.js';
import { serveEmbedded } from '../../db/embedded-server.js';
import { type Db, storeOnDb } from '../../db/index.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { reportFromJson } from '../../parsers/json.js';
import { PARSER_VERSION } from '../../parsers/version.js';
import { createTempHome, createTestDatabase, type TempHome, type TestDatabase } from '../helpers/db.js';
import { goldenCase } from '../helpers/golden.js';

const RELEASED = 5; // migrations 001–005 shipped before 006

/** One report loaded the way a 005 database was written: gongkai_load_report with its 005 signature. */
async function loadAt005(db: Db, agency: string, year: number, values: number[]): Promise<void> {
  const [{ document_id }] = await db.query<{ document_id: number }>(
    `SELECT * FROM gongkai_save_document($1, decode($2, 'hex'), NULL, $3, now(), NULL, NULL, NULL, NULL)`,
    [`sha-${agency}-${year}`, Buffer.from(`${agency} ${year}`).toString('hex'), `https://example.org/${year}`],
  );
  const keys = values.map((_, i) => i + 1);
  const [{ load_status }] = await db.query<{ load_status: string }>(
    `SELECT * FROM gongkai_load_report($1, $2, NULL, $3, '0.9', 'ok', '[]'::jsonb, $4, 'text', 'title', NULL, '2021',
                                       '{}'::jsonb, $5, $6::smallint[], $7::numeric[], $8::text[], $9::boolean[],
                                       $10::boolean[], $11::text[])`,
    [
      agency,
      year,
      document_id,
      `hash-${year}`,
      `https://example.org/${year}`,
      keys,
      values.map(String),
      values.map(String),
      values.map(() => false),
      values.map(() => false),
      values.map(() => null),
    ],
  );
  expect(load_status).toBe('new_report');
}

const backends = [
  {
    name: 'postgres',
    open: async () => {
      const t = await createTestDatabase();
      return { url: t.url as string | undefined, drop: () => t.drop() };
    },
  },
  { name: 'pglite', open: async () => ({ url: undefined as string | undefined, drop: async () => {} }) },
];

describe.each(backends)('a database at migration 005 on $name', (backend) => {
  let home: TempHome;
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    home = createTempHome();
    const opened = await backend.open();
    drop = opened.drop;
    db = await openDb({ databaseUrl: opened.url, home: home.home });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
    home?.remove();
  });

  it('upgrades with its data: yoy reads the same, and loads go on', async () => {
    expect(await migrate(db, readMigrations().slice(0, RELEASED))).toHaveLength(RELEASED);
    await loadAt005(db, '升级区人民政府', 2022, [10, 20, 0]);
    await loadAt005(db, '升级区人民政府', 2023, [15, 20, 5]);
    const yoy =
      'SELECT agency, year, table_name, row_key, col_key, value, prev_value, change, pct_change, key_order FROM yoy ORDER BY key_order, year';
    const before = await db.query(yoy);
    expect(before).toHaveLength(6);

    const applied = await migrate(db);
    expect(applied.map((m) => m.version)).toEqual(
      readMigrations()
        .slice(RELEASED)
        .map((m) => m.version),
    );
    expect(await db.query(yoy)).toEqual(before);

    const store = await storeOnDb(db);
    const report = reportFromJson(goldenCase('hongze-2024').golden as never);
    const doc = await store.saveDocument({
      bytes: new TextEncoder().encode('after the upgrade'),
      contentType: null,
      sourceUrl: 'https://example.org/2024',
      fetchedAt: new Date(),
    });
    const res = await store.loadReport(
      doc.documentId,
      { ok: true, report: { ...report, agency: '升级区人民政府', year: 2024 }, source: 'text' },
      {
        sourceUrl: 'https://example.org/2024',
        parserVersion: PARSER_VERSION,
        yearHint: 2024,
      },
    );
    expect(res.status).toBe('new_report');
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM yoy WHERE agency = '升级区人民政府' AND year = 2024 AND prev_value IS NOT NULL`,
    );
    expect(Number(n)).toBeGreaterThan(0);
  });
});

describe('prepared statements on postgres', () => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase();
    db = await openDb({ databaseUrl: t.url, home: '/nonexistent' });
  });
  afterAll(async () => {
    await db?.close();
    await t?.drop();
  });

  it('a statement whose result columns another process changed runs again, unprepared', async () => {
    await db.exec('CREATE VIEW probe AS SELECT 1 AS a');
    const sql = 'SELECT * FROM probe WHERE a = $1';
    for (let i = 0; i < 3; i++) expect(await db.query(sql, [1])).toEqual([{ a: 1 }]);
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('CREATE OR REPLACE VIEW probe AS SELECT 1 AS a, 2 AS b');
    } finally {
      await other.end();
    }
    expect(await db.query(sql, [1])).toEqual([{ a: 1, b: 2 }]);
    expect(await db.query(sql, [1])).toEqual([{ a: 1, b: 2 }]);
  });
});

describe('PGlite served over a socket (embedded mode)', () => {
  it('runs the same statement from many connections at once: one session, so nothing is prepared by name', async () => {
    const home = createTempHome();
    const served = await serveEmbedded(home.home);
    const db = await openDb({ databaseUrl: served.url, home: home.home });
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => db.query<{ n: number }>('SELECT $1::int AS n', [i])),
      );
      expect(results.map(([r]) => r.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      const [{ n }] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE $1',
        ['gk\\_%'],
      );
      expect(n).toBe(0);
    } finally {
      await db.close();
      await served.close();
      home.remove();
    }
  });
});
