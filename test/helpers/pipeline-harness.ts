// A whole pipeline for tests: replica portals, a fresh store (PostgreSQL database or PGlite home), the queues on
// Redis (unique prefix) or on BullMQ's PostgreSQL backend over the embedded PGlite, and in-process workers.
import crypto from 'node:crypto';
import pino from 'pino';
import { expect } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { type Portals, REPLICA_ONLY_SITES, type StartOptions, startPortals } from '../../replicas/index.js';
import type { Values } from '../../replicas/reports.js';
import type { RunSummary } from '../../workers/discover-job.js';
import { enqueueRun } from '../../workers/enqueue.js';
import type { CrawlMode } from '../../workers/jobs.js';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../workers/open-pipeline.js';
import { defaultConcurrency, type RunningWorkers, startWorkers } from '../../workers/start-workers.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { createTempHome, createTestDatabase, type TempHome, type TestDatabase } from './db.js';
import { deleteRedisPrefix } from './redis.js';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface Harness {
  portals: Portals;
  rt: Runtime;
  workers: RunningWorkers;
  /** The store's PostgreSQL database (absent when embedded). */
  databaseUrl?: string;
  /** Start more workers on the same queues, as another process would (its own fetcher, same gate). */
  extraWorkers(): Promise<{ rt: Runtime; workers: RunningWorkers }>;
  crawl(siteIds: string[], mode: CrawlMode): Promise<RunSummary[]>;
  /** Stored current cells of agency+year: table → row → col → value. */
  cells(agency: string, year: number): Promise<Record<string, Values>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  portals?: StartOptions;
  runtime?: RuntimeOptions;
  concurrency?: number;
  /** Change where real origins go (e.g. through a test proxy in front of a replica). */
  overrides?: (portals: Portals) => Promise<Record<string, string>>;
}

/** redis: Redis queues + PostgreSQL store; postgres: BullMQ's PostgreSQL backend and the store on one PostgreSQL
 *  database; embedded: both on PGlite. */
export async function startHarness(
  kind: 'redis' | 'postgres' | 'embedded',
  opts: HarnessOptions = {},
): Promise<Harness> {
  const portals = await startPortals(opts.portals);
  const overrides = opts.overrides ? await opts.overrides(portals) : portals.overrides;
  let db: TestDatabase | null = null;
  let home: TempHome | null = null;
  const prefix = `gk-test-${crypto.randomBytes(5).toString('hex')}`;
  const opened: { rt: Runtime; workers: RunningWorkers }[] = [];
  const log = pino({ level: process.env.TEST_LOG_LEVEL || 'silent' });
  try {
    if (kind !== 'embedded') db = await createTestDatabase('gongkai_crawl');
    home = createTempHome('gongkai-crawl-');
    const settings = loadSettings({
      ...process.env,
      DATABASE_URL: db?.url ?? '',
      REDIS_URL: kind === 'redis' ? REDIS_URL : '',
      GONGKAI_HOME: home.home,
      GONGKAI_ALLOW_PRIVATE: '1',
      GONGKAI_ORIGIN_OVERRIDES: '',
    });
    const open = async () => {
      const rt = await openRuntime(settings, {
        overrides,
        politenessMs: 20,
        prefix,
        retry: { attempts: 3, backoffMs: 100 },
        log,
        ...opts.runtime,
        sites: [...REPLICA_ONLY_SITES, ...(opts.runtime?.sites ?? [])],
      });
      const workers = startWorkers(rt.ctx, rt.backend, defaultConcurrency(opts.concurrency ?? 2));
      opened.push({ rt, workers });
      return { rt, workers };
    };
    const main = await open();
    return {
      portals,
      rt: main.rt,
      workers: main.workers,
      databaseUrl: db?.url,
      extraWorkers: open,
      async crawl(siteIds, mode) {
        const runs = [];
        for (const id of siteIds) runs.push(await enqueueRun(main.rt.ctx, id, mode, 'test'));
        const results = await waitForRuns(main.rt.ctx.queues, runs, { timeoutMs: 120_000, pollMs: 100 });
        for (const r of results) if ('failed' in r) throw new Error(`run of ${r.siteId} failed: ${r.failed}`);
        return results as RunSummary[];
      },
      async cells(agency, year) {
        const rows = await main.rt.store.db.query<{
          table_name: string;
          row_key: string;
          col_key: string;
          value: string | null;
        }>('SELECT table_name, row_key, col_key, value FROM report_cells WHERE agency = $1 AND year = $2', [
          agency,
          year,
        ]);
        const out: Record<string, Values> = {};
        for (const r of rows)
          ((out[r.table_name] ??= {})[r.row_key] ??= {})[r.col_key] = r.value === null ? null : Number(r.value);
        return out;
      },
      async close() {
        for (const o of opened.reverse()) {
          await o.workers.close();
          await o.rt.close();
        }
        await portals.close();
        if (kind === 'redis') await deleteRedisPrefix(REDIS_URL, prefix);
        await db?.drop();
        home?.remove();
      },
    };
  } catch (err) {
    for (const o of opened) {
      await o.workers.close().catch(() => {});
      await o.rt.close().catch(() => {});
    }
    await portals.close();
    await db?.drop().catch(() => {});
    home?.remove();
    throw err;
  }
}

/** Golden cells the store must hold: every non-null golden value, by table/row/col. */
export function goldenMismatches(
  golden: { active: Values | null; requests: Values | null; review: Values | null },
  stored: Record<string, Values>,
): string[] {
  const bad: string[] = [];
  for (const table of ['active', 'requests', 'review'] as const) {
    const g = golden[table];
    if (!g) continue;
    for (const [row, cols] of Object.entries(g)) {
      for (const [col, value] of Object.entries(cols)) {
        if (value === null) continue;
        const got = stored[table]?.[row]?.[col];
        if (got !== value) bad.push(`${table}.${row}.${col}: expected ${value}, stored ${got}`);
      }
    }
  }
  return bad;
}

/** Every report a site published (robots-disallowed drafts aside) was found, and the store holds its golden values. */
export async function expectGoldenStored(h: Harness, sites: string[], runs: RunSummary[]): Promise<void> {
  for (const site of sites) {
    const run = runs.find((r) => r.siteId === site)!;
    const published = h.portals.site(site).reports.filter((r) => !r.disallowed);
    expect(run.reportsFound, `${site} reports found`).toBe(published.length);
    for (const r of published) {
      const stored = await h.cells(r.golden.agency, r.golden.year);
      expect(Object.keys(stored).length, `${site}: ${r.agency} ${r.year} stored`).toBeGreaterThan(0);
      expect(goldenMismatches(r.golden, stored), `${site}: ${r.agency} ${r.year} (${r.url})`).toEqual([]);
    }
  }
}
