// Fresh databases for tests: a randomly named PostgreSQL database on 127.0.0.1 (dropped afterwards) or a temporary
// GONGKAI_HOME for embedded PGlite (removed afterwards).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Server-level URL used to create and drop test databases. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'gongkai_test'): Promise<TestDatabase> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect().catch((err: Error) => {
    throw new Error(`PostgreSQL is required at ${PG_ADMIN_URL} for this test: ${err.message}`);
  });
  try {
    await admin.query(`CREATE DATABASE ${name}`); // name is ours: [a-z0-9_] only
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        // Clients that were just closed may still be logging off: give them a moment rather than terminating them
        // (a terminated client that is ending raises an error nobody listens to any more). FORCE only as a last resort.
        for (let i = 0; i < 30; i++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name}`);
            return;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006') throw err; // 55006: still being accessed by other users
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface TempHome {
  home: string;
  remove(): void;
}

export function createTempHome(prefix = 'gongkai-test-'): TempHome {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { home, remove: () => fs.rmSync(home, { recursive: true, force: true }) };
}
