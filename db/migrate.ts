// A tiny migration runner: db/migrations/NNN_name.sql applied in order, once each, recorded in schema_migrations.
// All pending migrations run in one transaction under an advisory lock, so two processes starting together
// neither race nor leave a half-migrated database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .map((file) => ({ file, m: FILE_PATTERN.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => {
      const sql = fs.readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(m[1]),
        name: m[2],
        sql,
        checksum: crypto.createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/** Apply every pending migration; returns those applied now (empty when the schema was current). */
export async function migrate(db: Db, migrations = readMigrations()): Promise<Migration[]> {
  return db.transaction(async (tx) => {
    // A fixed key of this project's choosing ("gk" migrations); held until commit.
    await tx.query('SELECT pg_advisory_xact_lock(7303, 1)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    const applied: Migration[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`migration ${String(m.version).padStart(3, '0')}_${m.name} failed: ${msg}`);
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      applied.push(m);
    }
    return applied;
  });
}
