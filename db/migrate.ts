// A tiny migration runner: db/migrations/NNN_name.sql applied in order, once each, recorded in schema_migrations.
// All pending migrations run in one transaction under an advisory lock, so two processes starting together
// neither race nor leave a half-migrated database. A migration is never edited once applied: the checksum recorded
// when it ran is compared with the file on every start, and a changed file stops with an error naming it (a change
// goes into a new numbered migration).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  /** NNN_name.sql */
  file: string;
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
      return { version: Number(m[1]), name: m[2], file, sql, checksum: checksumOf(sql) };
    })
    .sort((a, b) => a.version - b.version);
}

/** sha256 of the file's text with CRLF read as LF (a Windows checkout applies the same migration). */
export function checksumOf(sql: string): string {
  return crypto.createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Two files with one number would both claim a version: refuse before touching the database. */
function checkNumbering(migrations: Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version)
      throw new Error(
        `migrations ${migrations[i - 1].file} and ${migrations[i].file} share the number ${migrations[i].version}`,
      );
  }
}

/** An applied migration whose file changed since: the database was built from other SQL than the tree says. */
function checkApplied(applied: Map<number, string>, migrations: Migration[]): void {
  for (const m of migrations) {
    const recorded = applied.get(m.version);
    if (recorded !== undefined && recorded !== m.checksum)
      throw new Error(
        `migration db/migrations/${m.file} was changed after it was applied to this database (checksum ${m.checksum.slice(0, 12)}, recorded ${recorded.slice(0, 12)}): restore it and put the change in a new migration`,
      );
  }
}

/** Apply every pending migration; returns those applied now (empty when the schema was current). */
export async function migrate(db: Db, migrations = readMigrations()): Promise<Migration[]> {
  checkNumbering(migrations);
  return db.transaction(async (tx) => {
    // A fixed key of this project's choosing ("gk" migrations); held until commit.
    await tx.query('SELECT pg_advisory_xact_lock(7303, 1)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Map(
      (await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')).map(
        (r) => [Number(r.version), r.checksum] as const,
      ),
    );
    checkApplied(done, migrations);
    const applied: Migration[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`migration db/migrations/${m.file} failed: ${msg.split('\n')[0]}`);
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
