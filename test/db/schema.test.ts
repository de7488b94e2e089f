// Migrations: the generated ones are current (otherwise `npm run db:generate` writes a NEW migration), numbers are
// unique, an applied migration that changed is refused by name, and db/schema.sql is what the migrations add up to
// (otherwise `npm run db:schema`).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/db.js';
import { pendingGeneratedMigrations, wideViewsMigration, wideViewsReplacement } from '../../db/generate-migrations.js';
import { canonicalCellKeys, wideColumnName } from '../../db/keys.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { generateSchema, SCHEMA_FILE } from '../../db/schema-dump.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('generated migrations', () => {
  it('are current: parsers/schema.ts asks for no new one', () => {
    expect(pendingGeneratedMigrations()).toEqual([]);
  });

  it('a changed wide view becomes a new migration after the last one; 004 stays as it is', () => {
    const migrations = readMigrations();
    const last = Math.max(...migrations.map((m) => m.version));
    // As if parsers/schema.ts had changed since 004 was written: 004 no longer matches today's views.
    const stale = migrations.map((m) =>
      m.name === 'wide_views' ? { ...m, sql: m.sql.replace('r.title,', 'r.title AS old_title,') } : m,
    );
    const pending = pendingGeneratedMigrations(stale);
    expect(pending.map((p) => p.file)).toEqual([`${String(last + 1).padStart(3, '0')}_wide_views.sql`]);
    expect(pending[0].sql).toBe(wideViewsReplacement());
    expect(pending[0].sql).toMatch(/^DROP VIEW IF EXISTS requests_wide, active_wide, review_wide;$/m);
    // Once that migration exists, nothing more is pending.
    const after = [...stale, { ...stale[0], version: last + 1, name: 'wide_views', sql: pending[0].sql }];
    expect(pendingGeneratedMigrations(after)).toEqual([]);
    expect(wideViewsMigration()).not.toContain('DROP VIEW');
  });

  it('a new canonical key is inserted by a new migration, after the ids already used', () => {
    const migrations = readMigrations();
    const key = canonicalCellKeys()[10];
    const row = new RegExp(`^.*'${key.table}', '${key.row}', '${key.col}'\\),\n`, 'm');
    const without = migrations.map((m) => (m.name === 'cell_keys' ? { ...m, sql: m.sql.replace(row, '') } : m));
    const pending = pendingGeneratedMigrations(without);
    expect(pending).toHaveLength(1);
    expect(pending[0].file).toMatch(/_cell_keys\.sql$/);
    expect(pending[0].sql).toContain(`'${key.table}', '${key.row}', '${key.col}')`);
    expect(pending[0].sql).toContain('ON CONFLICT (table_name, row_key, col_key) DO NOTHING');
  });

  it('cover both templates with unique wide column names', () => {
    const keys = canonicalCellKeys();
    const requests = keys.filter((k) => k.table === 'requests').map(wideColumnName);
    expect(requests).toContain('new_received_total');
    expect(requests).toContain('denied_state_secret_natural_person');
    expect(requests).toContain('other_total'); // 2019
    expect(requests).toContain('other_overdue_correction_total'); // 2021
    expect(requests.length).toBe(26 * 7);
    const active = keys.filter((k) => k.table === 'active').map(wideColumnName);
    expect(active).toEqual(
      expect.arrayContaining([
        'regulations_issued',
        'regulations_made',
        'fees_amount_10k_yuan',
        'procurement_amount_yuan',
      ]),
    );
    expect(keys.filter((k) => k.table === 'review').length).toBe(15);
    expect(new Set(keys.map((k) => `${k.table}.${wideColumnName(k)}`)).size).toBe(keys.length);
  });
});

describe('migration files', () => {
  it('have unique numbers and keep the released ones first', () => {
    const versions = readMigrations().map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(
      readMigrations()
        .slice(0, 6)
        .map((m) => m.name),
    ).toEqual(['schema', 'cell_keys', 'views', 'wide_views', 'load_functions', 'faster_loads_and_yoy']);
  });

  it('two files with one number are refused before the database is touched', async () => {
    const [first, second] = readMigrations();
    const clash = [first, { ...second, version: first.version, file: `001_${second.name}.sql` }];
    const untouched = { kind: 'postgres', location: 'nowhere' } as unknown as Parameters<typeof migrate>[0];
    await expect(migrate(untouched, clash)).rejects.toThrow(
      'migrations 001_schema.sql and 001_cell_keys.sql share the number 1',
    );
  });
});

describe('applied migrations on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a migration file changed after it was applied is a one-line error naming the file', async () => {
    const db = openPostgres(t.url, 2);
    try {
      const migrations = readMigrations();
      expect((await migrate(db, migrations)).length).toBe(migrations.length);
      expect(await migrate(db, migrations)).toEqual([]); // same files: nothing to do, no complaint
      const edited = migrations.map((m) =>
        m.version === 4 ? { ...m, sql: `${m.sql}\n-- an edit`, checksum: 'x' } : m,
      );
      const err = await migrate(db, edited).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(
        /^migration db\/migrations\/004_wide_views\.sql was changed after it was applied to this database .*new migration$/,
      );
      expect(err?.message).not.toContain('\n');
      // CRLF line ends (a Windows checkout) are the same migration.
      const crlf = migrations.map((m) => ({ ...m, sql: m.sql.replace(/\n/g, '\r\n') }));
      const { checksumOf } = await import('../../db/migrate.js');
      expect(crlf.every((m, i) => checksumOf(m.sql) === migrations[i].checksum)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('db/schema.sql', () => {
  it('is the schema a fresh database has after every migration (npm run db:schema to refresh)', async () => {
    const fresh = await generateSchema();
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      expect.fail(
        `db/schema.sql is stale from line ${i + 1} ("${a[i] ?? ''}" / now "${b[i] ?? ''}"): run npm run db:schema`,
      );
    }
    expect(fresh).toMatch(/^CREATE TABLE reports \(/m);
    expect(fresh).toMatch(/^CREATE VIEW requests_wide AS/m);
    expect(fresh).toMatch(/^CREATE OR REPLACE FUNCTION gongkai_load_report\(/m);
  }, 180_000);
});
