// A read-only handle on the store for the explorer: nothing it runs can write. On PostgreSQL a pool whose sessions
// default to read-only transactions (every statement, prepared as usual); on embedded PGlite (one session, shared
// with anything else the process runs) each read is one `READ ONLY` transaction.
import type { Settings } from '../config/settings.js';
import { type Db, openPostgres, type Queryable } from './db.js';
import { openStore } from './index.js';

export interface ReadOnlyDb {
  readonly kind: Db['kind'];
  readonly location: string;
  /** Run reads; the Db given to `fn` refuses writes (SQLSTATE 25006). */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The URL with `default_transaction_read_only=on` added to the session options it may already carry. */
export function readOnlyUrl(url: string): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  u.searchParams.set('options', `${options ? `${options} ` : ''}-c default_transaction_read_only=on`);
  return u.toString();
}

/** A Db over one open transaction (nested transactions are not needed by readers). */
function dbOfTransaction(tx: Queryable, parent: Db): Db {
  return {
    kind: parent.kind,
    location: parent.location,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    transaction: () => Promise.reject(new Error('no nested transactions on a read-only handle')),
    close: () => Promise.resolve(),
  };
}

/** Wrap an open Db: PostgreSQL callers should prefer `openReadOnly`, which makes the sessions themselves read-only. */
export function readOnlyOver(db: Db, ownsDb: boolean): ReadOnlyDb {
  return {
    kind: db.kind,
    location: db.location,
    read: (fn) =>
      db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION READ ONLY');
        return fn(dbOfTransaction(tx, db));
      }),
    close: () => (ownsDb ? db.close() : Promise.resolve()),
  };
}

/** Open the store named by the settings (migrated as every command does), then read-only access to it. */
export async function openReadOnly(
  settings: Pick<Settings, 'databaseUrl' | 'home'>,
  poolSize = 10,
): Promise<ReadOnlyDb> {
  const store = await openStore(settings);
  if (!settings.databaseUrl) return readOnlyOver(store.db, true);
  await store.close();
  const db = openPostgres(readOnlyUrl(settings.databaseUrl), poolSize);
  return { kind: db.kind, location: db.location, read: (fn) => fn(db), close: () => db.close() };
}
