// A worker process for the fault tests and bench/pipeline.ts: the same runtime and workers as `gongkai worker`,
// plus sites given in a file (the generated replica), a Redis prefix, stalled-job settings, and timing counters
// of fetch / parse / load printed as JSON lines on stdout (one per second, and one when stopping).
//
// env: DATABASE_URL, REDIS_URL, GONGKAI_ALLOW_PRIVATE, GONGKAI_ORIGIN_OVERRIDES (as for gongkai), and
//   GK_SITES_FILE (JSON SiteConfig[]), GK_PREFIX, GK_CONCURRENCY (default 4), GK_PARSE_THREADS, GK_POLITENESS_MS
//   (default 0), GK_STALL (JSON StallOptions), GK_RETRY (JSON RetryPolicy).
import fs from 'node:fs';
import pino from 'pino';
import { loadSettings } from '../../config/settings.js';
import type { SiteConfig } from '../../crawlers/types.js';
import { openRuntime } from '../../workers/open-pipeline.js';
import { defaultConcurrency, startWorkers } from '../../workers/start-workers.js';

export interface WorkerStats {
  pid: number;
  /** Seconds since start. */
  t: number;
  rss: number;
  heapUsed: number;
  /** CPU time of the process (all threads: main, parser threads), ms. */
  cpuMs: number;
  /** Milliseconds spent (summed over concurrent calls) and calls, per stage. */
  ms: { fetch: number; parse: number; load: number };
  calls: { fetch: number; parse: number; load: number };
  final?: boolean;
}

const sites = process.env.GK_SITES_FILE
  ? (JSON.parse(fs.readFileSync(process.env.GK_SITES_FILE, 'utf8')) as SiteConfig[])
  : [];
const settings = loadSettings();
const log = pino({ level: process.env.LOG_LEVEL || 'warn' }, pino.destination(2));
const rt = await openRuntime(settings, {
  prefix: process.env.GK_PREFIX,
  sites,
  noBrowser: true,
  politenessMs: Number(process.env.GK_POLITENESS_MS ?? 0),
  parseThreads: process.env.GK_PARSE_THREADS ? Number(process.env.GK_PARSE_THREADS) : undefined,
  retry: process.env.GK_RETRY ? JSON.parse(process.env.GK_RETRY) : undefined,
  log,
});

const stats: WorkerStats = {
  pid: process.pid,
  t: 0,
  rss: 0,
  heapUsed: 0,
  cpuMs: 0,
  ms: { fetch: 0, parse: 0, load: 0 },
  calls: { fetch: 0, parse: 0, load: 0 },
};
function timed<A extends unknown[], R>(
  stage: keyof WorkerStats['ms'],
  fn: (...a: A) => Promise<R>,
): (...a: A) => Promise<R> {
  return async (...a: A) => {
    const started = performance.now();
    try {
      return await fn(...a);
    } finally {
      stats.ms[stage] += performance.now() - started;
      stats.calls[stage]++;
    }
  };
}
// Stage timings by wrapping the context's services (this process only): fetch = HTTP, parse = the parser pool,
// load = every store call of the jobs (validators, save bytes, read stored bytes back after a 304, load the report).
const ctx = rt.ctx;
ctx.fetcher.fetch = timed('fetch', ctx.fetcher.fetch.bind(ctx.fetcher));
ctx.parsePool.parse = timed('parse', ctx.parsePool.parse.bind(ctx.parsePool));
ctx.store.saveDocument = timed('load', ctx.store.saveDocument.bind(ctx.store));
ctx.store.loadReport = timed('load', ctx.store.loadReport.bind(ctx.store));
ctx.store.documentBytes = timed('load', ctx.store.documentBytes.bind(ctx.store));
ctx.store.getValidators = timed('load', ctx.store.getValidators.bind(ctx.store));
ctx.store.validatorsFor = timed('load', ctx.store.validatorsFor.bind(ctx.store));

const concurrency = defaultConcurrency(Number(process.env.GK_CONCURRENCY ?? 4));
const workers = startWorkers(
  ctx,
  rt.backend,
  concurrency,
  process.env.GK_STALL ? JSON.parse(process.env.GK_STALL) : {},
);
const started = performance.now();
const report = (final = false) => {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  Object.assign(stats, {
    t: (performance.now() - started) / 1000,
    rss: m.rss,
    heapUsed: m.heapUsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    final,
  });
  process.stdout.write(JSON.stringify(stats) + '\n');
};
const timer = setInterval(() => report(), 1000);
process.stdout.write(JSON.stringify({ ready: true, pid: process.pid }) + '\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  report(true);
  await workers.close();
  await rt.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
