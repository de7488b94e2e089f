// A thin database handle with one SQL dialect over two engines: a `pg` Pool (DATABASE_URL) and embedded PGlite.
// Values always travel as parameters; `exec` runs parameterless scripts (migrations) only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Settings } from '../config/settings.js';
import { redactUrl } from '../config/settings.js';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A parameterless, possibly multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, for messages (password redacted). */
  readonly location: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL through a pg Pool.

/** Statements with parameters run as named prepared statements: each connection parses and plans one once, then
 *  only binds and executes it (PostgreSQL keeps a generic plan when it is no worse than the custom ones). Planning
 *  is a large part of a short query's server time. SQL without parameters (scripts, DDL) runs as it is.
 *  Not on PGlite served over a socket (embedded mode): there every connection shares one session, and two
 *  connections preparing the same statement would collide on its name. */
class PreparedNames {
  private static readonly MAX = 1000; // a bound in case some caller builds SQL text from values
  private readonly names = new Map<string, string>();
  private readonly unprepared = new Set<string>();

  nameOf(sql: string): string | undefined {
    if (this.unprepared.has(sql)) return undefined;
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < PreparedNames.MAX) {
      name = `gk_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      this.names.set(sql, name);
    }
    return name;
  }

  /** A prepared statement whose result columns changed under it (another process migrated the schema) fails on
   *  every connection that prepared it; the statement then runs unprepared from now on. */
  isStale(err: unknown): boolean {
    // The routine names it whatever the server's message language (lc_messages).
    const e = err as { code?: string; routine?: string; message?: string };
    return (
      e.code === '0A000' &&
      (e.routine === 'RevalidateCachedQuery' || /cached plan must not change result type/.test(e.message ?? ''))
    );
  }

  forget(sql: string): void {
    this.unprepared.add(sql);
  }
}

class PgDb implements Db {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly prepared = new PreparedNames();
  private sessionPerConnection?: Promise<boolean>;
  constructor(
    private readonly pool: pg.Pool,
    url: string,
  ) {
    this.location = redactUrl(url) ?? url;
  }
  private canPrepare(): Promise<boolean> {
    this.sessionPerConnection ??= this.pool
      .query<{ pglite: boolean }>(`SELECT version() LIKE '%PGlite%' AS pglite`)
      .then(
        (res) => !res.rows[0].pglite,
        (err: unknown) => {
          this.sessionPerConnection = undefined; // ask again with the next query
          throw err;
        },
      );
    return this.sessionPerConnection;
  }
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const name = params.length > 0 && (await this.canPrepare()) ? this.prepared.nameOf(sql) : undefined;
    if (name === undefined) return (await this.pool.query(sql, params as unknown[])).rows as T[];
    try {
      return (await this.pool.query({ name, text: sql, values: params as unknown[] })).rows as T[];
    } catch (err) {
      if (!this.prepared.isStale(err)) throw err;
      this.prepared.forget(sql);
      return (await this.pool.query(sql, params as unknown[])).rows as T[];
    }
  }
  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: async <R>(sql: string, params: readonly unknown[] = []) =>
        (await client.query(sql, params as unknown[])).rows as R[],
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
    try {
      await client.query('BEGIN');
      const out = await fn(tx);
      await client.query('COMMIT');
      client.release();
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch {
        client.release(true);
      }
      throw err;
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

export function openPostgres(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection must not crash the process; the next query reports the error.
  pool.on('error', () => {});
  return new PgDb(pool, url);
}

// ---------------------------------------------------------------------------------------------------------------
// Embedded PGlite: one instance per data directory per process, shared with BullMQ's socket server.

interface Embedded {
  instance: Promise<PGlite>;
  refs: number;
  unlock: () => void;
}
const embedded = new Map<string, Embedded>();

export function embeddedDataDir(home: string): string {
  return path.join(path.resolve(home), 'pgdata');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite is one process's database: two processes opening the same files would corrupt them. A lock file beside
 *  pgdata names the holder; a lock left by a process that is gone is taken over. */
function lockDataDir(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n${process.argv.slice(1).join(' ')}\n`, { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8').split('\n')[0] === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return () => {
        process.off('exit', release);
        release();
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const [pidText, command] = fs.readFileSync(lockPath, 'utf8').split('\n');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `the embedded database ${dir} is in use by process ${pid} (${command?.trim() || 'unknown command'}); ` +
            'stop it first, or use PostgreSQL through DATABASE_URL for several processes',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`cannot lock the embedded database ${dir}`);
}

/** Open (once per process) the embedded PGlite kept under `$home/pgdata`. Pair every call with
 *  `releaseEmbeddedPglite(home)`; the instance closes when the last holder releases it. */
export async function openEmbeddedPglite(home: string): Promise<PGlite> {
  const dir = embeddedDataDir(home);
  let entry = embedded.get(dir);
  if (!entry) {
    fs.mkdirSync(dir, { recursive: true });
    const unlock = lockDataDir(dir);
    const instance = PGlite.create({ dataDir: dir });
    entry = { instance, refs: 0, unlock };
    embedded.set(dir, entry);
    instance.catch(() => {
      embedded.delete(dir);
      unlock();
    });
  }
  entry.refs++;
  try {
    return await entry.instance;
  } catch (err) {
    entry.refs--;
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open the embedded database in ${dir}: ${msg}`);
  }
}

export async function releaseEmbeddedPglite(home: string): Promise<void> {
  const dir = embeddedDataDir(home);
  const entry = embedded.get(dir);
  if (!entry) return;
  entry.refs--;
  if (entry.refs > 0) return;
  embedded.delete(dir);
  try {
    const db = await entry.instance;
    if (!db.closed) await db.close();
  } finally {
    entry.unlock();
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly location: string;
  constructor(
    private readonly db: PGlite,
    private readonly home: string,
  ) {
    this.location = embeddedDataDir(home);
  }
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params as unknown[])).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      fn({
        query: async <R>(sql: string, params: readonly unknown[] = []) =>
          (await t.query<R>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await t.exec(sql);
        },
      }),
    );
  }
  async close(): Promise<void> {
    await releaseEmbeddedPglite(this.home);
  }
}

export async function openPglite(home: string): Promise<Db> {
  return new PgliteDb(await openEmbeddedPglite(home), home);
}

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite under GONGKAI_HOME. */
export async function openDb(settings: Pick<Settings, 'databaseUrl' | 'home'>): Promise<Db> {
  if (settings.databaseUrl) return openPostgres(settings.databaseUrl);
  return openPglite(settings.home);
}
