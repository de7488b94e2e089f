// openStore: the Store of db/store.ts on PostgreSQL (DATABASE_URL) or embedded PGlite ($GONGKAI_HOME/pgdata),
// with the schema migrated on first use, plus the read queries the CLI needs.
import { loadSettings, type Settings } from '../config/settings.js';
import type { ParseOutcome } from '../parsers/types.js';
import { endCrawlRun, listRunningRuns, type RunEnd, type RunProgress, recordRunProgress } from './crawl-runs.js';
import { type Db, openDb } from './db.js';
import { finishCrawlRun, getValidators, markListing, saveDocument, startCrawlRun, validatorsFor } from './documents.js';
import { CellKeyCache, loadOutcome } from './loader.js';
import { migrate } from './migrate.js';
import type { CrawlCounters, LoadContext, LoadResult, Store, StoredDocument, StoredDocumentInput } from './store.js';

export type { Db, Queryable } from './db.js';
export { embeddedDataDir, openEmbeddedPglite, releaseEmbeddedPglite } from './db.js';

export interface SiteInput {
  id: string;
  name?: string | null;
  baseUrl?: string | null;
  platform?: string | null;
  region?: string | null;
}

export interface AgencyInput {
  name: string;
  region?: string | null;
  level?: string | null;
  parentName?: string | null;
  siteId?: string | null;
}

/** The Store plus what the site registry and the CLI need. */
export interface GongkaiStore extends Store {
  readonly db: Db;
  upsertSite(site: SiteInput): Promise<void>;
  /** Create or complete an agency (fields given overwrite, fields omitted are kept). Returns its id. */
  upsertAgency(agency: AgencyInput): Promise<number>;
}

class SqlStore implements GongkaiStore {
  private readonly keys = new CellKeyCache();
  constructor(readonly db: Db) {}

  async init(): Promise<void> {
    await migrate(this.db);
    await this.keys.prime(this.db);
  }
  saveDocument(doc: StoredDocumentInput): Promise<StoredDocument> {
    return saveDocument(this.db, doc);
  }
  loadReport(documentId: number, outcome: ParseOutcome, ctx: LoadContext): Promise<LoadResult> {
    return loadOutcome(this.db, this.keys, documentId, outcome, ctx);
  }
  getValidators(url: string) {
    return getValidators(this.db, url);
  }
  validatorsFor(urls: string[]) {
    return validatorsFor(this.db, urls);
  }
  startCrawlRun(siteId: string, trigger: string): Promise<number> {
    return startCrawlRun(this.db, siteId, trigger);
  }
  finishCrawlRun(runId: number, counters: CrawlCounters, error?: string): Promise<void> {
    return finishCrawlRun(this.db, runId, counters, error);
  }
  recordRunProgress(runId: number, progress: RunProgress): Promise<void> {
    return recordRunProgress(this.db, runId, progress);
  }
  endCrawlRun(runId: number, counters: CrawlCounters, error: string | null, end: RunEnd): Promise<void> {
    return endCrawlRun(this.db, runId, counters, error, end);
  }
  runningRuns() {
    return listRunningRuns(this.db);
  }
  markListing(documentId: number): Promise<void> {
    return markListing(this.db, documentId);
  }
  async upsertSite(s: SiteInput): Promise<void> {
    await this.db.query(
      `INSERT INTO sites (id, name, base_url, platform, region) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, sites.name),
         base_url = COALESCE(EXCLUDED.base_url, sites.base_url), platform = COALESCE(EXCLUDED.platform, sites.platform),
         region = COALESCE(EXCLUDED.region, sites.region)`,
      [s.id, s.name ?? null, s.baseUrl ?? null, s.platform ?? null, s.region ?? null],
    );
  }
  async upsertAgency(a: AgencyInput): Promise<number> {
    // One statement (no client-side transaction): in embedded mode other connections share the PGlite session
    // through pglite-socket and must never see, or run inside, a half-done store transaction.
    const [row] = await this.db.query<{ id: number }>(
      `WITH site AS (
         INSERT INTO sites (id) SELECT $5::text WHERE $5::text IS NOT NULL ON CONFLICT (id) DO NOTHING
       ), parent AS (
         INSERT INTO agencies (name) SELECT $4::text WHERE $4::text IS NOT NULL
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id
       )
       INSERT INTO agencies (name, region, level, parent_id, site_id)
       VALUES ($1, $2, $3, (SELECT id FROM parent), $5)
       ON CONFLICT (name) DO UPDATE SET region = COALESCE(EXCLUDED.region, agencies.region),
         level = COALESCE(EXCLUDED.level, agencies.level), parent_id = COALESCE(EXCLUDED.parent_id, agencies.parent_id),
         site_id = COALESCE(EXCLUDED.site_id, agencies.site_id)
       RETURNING id`,
      [a.name, a.region ?? null, a.level ?? null, a.parentName ?? null, a.siteId ?? null],
    );
    return Number(row.id);
  }
  close(): Promise<void> {
    return this.db.close();
  }
}

/** Open the store named by the settings (DATABASE_URL, else embedded PGlite under GONGKAI_HOME) and bring its
 *  schema up to date. In embedded mode the PGlite instance is the process-wide one of `openEmbeddedPglite`. */
export async function openStore(
  settings: Pick<Settings, 'databaseUrl' | 'home'> = loadSettings(),
): Promise<GongkaiStore> {
  const db = await openDb(settings);
  const store = new SqlStore(db);
  try {
    await store.init();
  } catch (err) {
    await db.close().catch(() => {});
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open the store at ${db.location}: ${msg}`);
  }
  return store;
}

/** A store on an already opened Db (tests, bench). */
export async function storeOnDb(db: Db): Promise<GongkaiStore> {
  const store = new SqlStore(db);
  await store.init();
  return store;
}
