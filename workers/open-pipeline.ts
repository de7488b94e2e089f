// Opening the whole pipeline from settings: store, queue backend, queues, polite fetcher with its HostGate,
// renderer, parser pool. Used by the CLI (crawl, worker, schedule, demo), the tests and the bench.
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createLogger } from '../config/logger.js';
import { getSite, hostsOf, sites as registrySites } from '../config/registry.js';
import type { Settings } from '../config/settings.js';
import {
  createFetcher,
  type FetcherOptions,
  type HostGate,
  PgHostGate,
  type PoliteFetcher,
  RedisHostGate,
} from '../crawlers/fetch/index.js';
import { openRenderer } from '../crawlers/fetch/renderer.js';
import type { SiteConfig } from '../crawlers/types.js';
import { serveEmbedded } from '../db/embedded-server.js';
import { type GongkaiStore, openStore } from '../db/index.js';
import { documentBytes } from '../db/queries.js';
import type { PipelineContext } from './context.js';
import { ParsePool } from './parse-pool.js';
import { openQueueBackend, type QueueBackend } from './queue-backend.js';
import { DEFAULT_RETRY, QUEUES, type RetryPolicy } from './queues.js';

export interface RuntimeOptions {
  /** Real origin → replica origin (merged over GONGKAI_ORIGIN_OVERRIDES). */
  overrides?: Record<string, string>;
  /** Minimum interval between two requests to one host (default GONGKAI_POLITENESS_MS or 1000 ms). */
  politenessMs?: number;
  retry?: RetryPolicy;
  /** Redis key prefix / gate prefix (tests give each run its own). */
  prefix?: string;
  parseThreads?: number;
  /** Extra sites (tests, bench) beside the registry. */
  sites?: SiteConfig[];
  /** Do not start a browser even when Chromium exists. */
  noBrowser?: boolean;
  log?: Logger;
  /** Fetcher limits (timeouts, size cap, redirects) over the defaults. */
  fetchLimits?: Pick<FetcherOptions, 'timeouts' | 'maxBytes' | 'maxRedirects'>;
}

export interface Runtime {
  ctx: PipelineContext;
  store: GongkaiStore;
  backend: QueueBackend;
  fetcher: PoliteFetcher;
  close(): Promise<void>;
}

export async function openRuntime(settings: Settings, opts: RuntimeOptions = {}): Promise<Runtime> {
  const log = opts.log ?? createLogger(settings.logLevel);
  const sites = [...registrySites(), ...(opts.sites ?? [])];
  const site = (id: string) => sites.find((s) => s.id === id) ?? getSite(id);
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err) => log.warn({ err: String(err) }, 'while closing'));
  };
  try {
    // No DATABASE_URL: serve the embedded PGlite on a local socket; the store (and the queues, without Redis) use it.
    let embeddedUrl: string | undefined;
    if (!settings.databaseUrl) {
      const served = await serveEmbedded(settings.home);
      closers.push(() => served.close());
      embeddedUrl = served.url;
    }
    const store = await openStore({ ...settings, databaseUrl: settings.databaseUrl ?? embeddedUrl });
    closers.push(() => store.close());
    const backend = await openQueueBackend(settings, { prefix: opts.prefix, embeddedUrl });
    closers.push(() => backend.close());

    const gate: HostGate = backend.redis
      ? new RedisHostGate(backend.redis, { prefix: `${opts.prefix ?? 'gongkai'}:host-gate:` })
      : new PgHostGate(async (sql, params) => ({
          rows: await store.db.query<Record<string, unknown>>(sql, params ?? []),
        }));
    const politenessMs = opts.politenessMs ?? settings.politenessMs;
    const fetcher = createFetcher({
      overrides: { ...settings.originOverrides, ...opts.overrides },
      allowPrivateAddresses: settings.allowPrivateAddresses,
      proxy: settings.httpProxy,
      scopeOf: (id) => hostsOf(site(id)),
      // Politeness 0 (benchmarks against local replicas) means no gate at all; never the default.
      gate: politenessMs > 0 ? gate : undefined,
      politenessMs,
      ...opts.fetchLimits,
      // A small margin on every interval; arrivals at the host stay ≥ politenessMs apart by the fetcher's hold.
      politenessSlackMs: politenessMs > 0 ? 50 : 0,
    });
    closers.push(() => fetcher.close());

    const queueOpts = { connection: backend.connection, prefix: backend.prefix };
    const queues = {
      discover: new backend.Queue(QUEUES.discover, queueOpts) as Queue,
      fetch: new backend.Queue(QUEUES.fetch, queueOpts) as Queue,
    };
    await Promise.all(Object.values(queues).map((q) => q.waitUntilReady()));
    closers.push(() => Promise.all(Object.values(queues).map((q) => q.close())));

    const browser = opts.noBrowser ? { missing: 'the browser is switched off' } : openRenderer();
    const renderer = 'renderer' in browser ? browser.renderer : null;
    if (renderer) closers.push(() => renderer.close());

    const parsePool = new ParsePool(opts.parseThreads);
    closers.push(() => parsePool.close());

    const ctx: PipelineContext = {
      store: Object.assign(store, { documentBytes: (id: number) => documentBytes(store.db, id) }),
      fetcher,
      renderer,
      rendererMissing: 'missing' in browser ? browser.missing : undefined,
      parsePool,
      queues,
      site,
      siteIds: () => sites.map((s) => s.id),
      retry: opts.retry ?? DEFAULT_RETRY,
      log,
    };
    return { ctx, store, backend, fetcher, close };
  } catch (err) {
    await close();
    throw err;
  }
}
