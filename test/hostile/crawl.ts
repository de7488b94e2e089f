// One crawl of replica sites by separate worker processes, with chaos on the side: the fault tests and the
// pipeline bench share it. The test process only enqueues the runs and waits for them.
import crypto from 'node:crypto';
import pino from 'pino';
import { loadSettings } from '../../config/settings.js';
import type { SiteConfig } from '../../crawlers/types.js';
import type { RunSummary } from '../../workers/discover-job.js';
import { enqueueRun } from '../../workers/enqueue.js';
import { openRuntime } from '../../workers/open-pipeline.js';
import type { RetryPolicy } from '../../workers/queues.js';
import type { StallOptions } from '../../workers/start-workers.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { createTempHome } from '../helpers/db.js';
import { deleteRedisPrefix } from '../helpers/redis.js';
import { type Cluster, startCluster } from './cluster.js';

export interface ClusterCrawlOptions {
  databaseUrl: string;
  redisUrl: string;
  sites: SiteConfig[];
  overrides: Record<string, string>;
  processes: number;
  concurrency?: number;
  parseThreads?: number;
  retry?: RetryPolicy;
  stall?: StallOptions;
  timeoutMs?: number;
  /** Runs beside the crawl until it ends (kill workers, restart Redis, cut Postgres…); `done()` says when to stop. */
  chaos?: (cluster: Cluster, done: () => boolean) => Promise<void>;
  onProgress?: (done: number, total: number, pending: number) => void;
}

export interface ClusterCrawlResult {
  results: (RunSummary | { siteId: string; runId: number; failed: string })[];
  ms: number;
  cluster: Cluster;
}

export async function crawlWithCluster(o: ClusterCrawlOptions): Promise<ClusterCrawlResult> {
  const prefix = `gk-rel-${crypto.randomBytes(4).toString('hex')}`;
  const home = createTempHome('gongkai-rel-');
  const settings = loadSettings({
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    GONGKAI_HOME: home.home,
    GONGKAI_ALLOW_PRIVATE: '1',
    GONGKAI_ORIGIN_OVERRIDES: '',
  });
  const retry = o.retry ?? { attempts: 6, backoffMs: 200 };
  // Opened first: it migrates the store before any worker process touches it.
  const rt = await openRuntime(settings, {
    prefix,
    sites: o.sites,
    overrides: o.overrides,
    noBrowser: true,
    retry,
    parseThreads: 1,
    log: pino({ level: 'silent' }),
  });
  const cluster = startCluster({
    databaseUrl: o.databaseUrl,
    redisUrl: o.redisUrl,
    prefix,
    sites: o.sites,
    overrides: o.overrides,
    concurrency: o.concurrency,
    parseThreads: o.parseThreads,
    retry,
    stall: o.stall,
    env: { LOG_LEVEL: 'error' },
  });
  let finished = false;
  try {
    await Promise.all(Array.from({ length: o.processes }, () => cluster.spawn()));
    const started = performance.now();
    const runs = [];
    for (const s of o.sites) runs.push(await enqueueRun(rt.ctx, s.id, 'full', 'test'));
    const chaos = o.chaos ? o.chaos(cluster, () => finished) : Promise.resolve();
    let results: Awaited<ReturnType<typeof waitForRuns>>;
    try {
      results = await waitForRuns(rt.ctx.queues, runs, {
        timeoutMs: o.timeoutMs ?? 150_000,
        pollMs: 200,
        onProgress: o.onProgress ? (p) => o.onProgress!(p.done, p.total, p.pending) : undefined,
      });
    } finally {
      finished = true;
      await chaos;
    }
    return { results, ms: performance.now() - started, cluster };
  } finally {
    finished = true;
    await cluster.stop();
    await rt.close();
    home.remove();
    await deleteRedisPrefix(o.redisUrl, prefix);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
