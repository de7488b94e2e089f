// A database of its own beside a configured one, on the same server: the demo writes there (never into the user's
// database) and drops it afterwards.
import crypto from 'node:crypto';
import pg from 'pg';
import { redactUrl } from '../config/settings.js';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Create `<prefix>_<random>` on the server of `serverUrl` (connecting as its user, to its database). */
export async function createScratchDatabase(serverUrl: string, prefix = 'gongkai_demo'): Promise<ScratchDatabase> {
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`; // [a-z0-9_] only: safe as an identifier
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {}); // a connection cut after the statement is not the caller's problem
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  };
  try {
    await run(`CREATE DATABASE ${name}`);
  } catch (err) {
    throw new Error(
      `cannot create a database of its own beside ${redactUrl(serverUrl)}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
