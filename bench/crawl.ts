// bench/crawl: (a) requests per site for a nightly crawl of unchanged sites and (b) pages per second over a large
// generated replica (politeness off), gongkai's pipeline beside a Crawlee CheerioCrawler given the same start URLs.
//
//   npm run bench:crawl -- [--sites 200] [--embedded]
//
// gongkai runs on Redis (REDIS_URL, default 127.0.0.1:6379) and a fresh PostgreSQL database (127.0.0.1), or with
// --embedded on PGlite + BullMQ's PostgreSQL backend. Crawlee reaches the replicas through a small local proxy that
// maps each real host to its replica (the replica pages link to real URLs); gongkai uses base-URL overrides.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CheerioCrawler, Configuration, log as crawleeLog, ProxyConfiguration } from '@crawlee/cheerio';
import pino from 'pino';
import { loadSettings } from '../config/settings.js';
import type { SiteConfig } from '../crawlers/types.js';
import { type Portals, REPLICA_ONLY_SITES, startPortals } from '../replicas/index.js';
import { createTestDatabase } from '../test/helpers/db.js';
import { deleteRedisPrefix } from '../test/helpers/redis.js';
import type { RunSummary } from '../workers/discover-job.js';
import { enqueueRun } from '../workers/enqueue.js';
import type { CrawlMode } from '../workers/jobs.js';
import { openRuntime, type Runtime } from '../workers/open-pipeline.js';
import { startWorkers } from '../workers/start-workers.js';
import { waitForRuns } from '../workers/wait-for-runs.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const GENERATED = arg('sites', 200);
const EMBEDDED = args.includes('--embedded');
const SKIP_A = args.includes('--skip-a');
const TARGETS = ['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'hanweb'];

/** Forward proxy for Crawlee: absolute-form requests and CONNECT, real host → replica. */
async function startMappingProxy(portals: Portals): Promise<{ url: string; close(): Promise<void> }> {
  const map = new Map<string, URL>();
  for (const [real, local] of Object.entries(portals.overrides)) map.set(new URL(real).host, new URL(local));
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    const to = map.get(target.host);
    if (!to) return void res.writeHead(502).end(`unknown host ${target.host}`);
    const up = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: target.pathname + target.search,
        headers: { ...req.headers, host: target.host },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connect', (req, socket, head) => {
    const to = map.get(String(req.url).replace(/:80$/, '')) ?? map.get(String(req.url));
    if (!to) return void socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const up = net.connect(Number(to.port), to.hostname, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function crawlee(_portals: Portals, proxyUrl: string, startUrls: string[]): Promise<number> {
  const t = performance.now();
  const crawler = new CheerioCrawler(
    {
      proxyConfiguration: new ProxyConfiguration({ proxyUrls: [proxyUrl] }),
      maxConcurrency: 64,
      maxRequestRetries: 1,
      requestHandlerTimeoutSecs: 30,
      async requestHandler({ enqueueLinks }) {
        await enqueueLinks({ strategy: 'same-hostname' });
      },
      async failedRequestHandler() {},
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  await crawler.run(startUrls);
  await crawler.teardown();
  return (performance.now() - t) / 1000;
}

function generatedSiteConfigs(portals: Portals): SiteConfig[] {
  return portals.sites
    .filter((s) => s.id.startsWith('gen'))
    .map((s) => ({
      id: s.id,
      name: s.name,
      hosts: s.hosts,
      entries: s.entryUrls.map((url) => ({ family: 'nfcms' as const, url })),
    }));
}

async function gongkaiCrawl(
  rt: Runtime,
  ids: string[],
  mode: CrawlMode,
): Promise<{ seconds: number; runs: RunSummary[] }> {
  const t = performance.now();
  const queued = [];
  for (const id of ids) queued.push(await enqueueRun(rt.ctx, id, mode, 'bench'));
  const runs = await waitForRuns(rt.ctx.queues, queued, { timeoutMs: 3600_000, pollMs: 200 });
  return { seconds: (performance.now() - t) / 1000, runs: runs as RunSummary[] };
}

const pagesOf = (portals: Portals, sites: string[]) =>
  portals.requestLog.count(undefined, (e) => sites.includes(e.site) && e.path !== '/robots.txt');

/** Pages per second as the replicas saw them: page requests over the span from the first to the last one. */
function replicaRate(portals: Portals, sites: string[]): number {
  const times = portals.requestLog.entries
    .filter((e) => sites.includes(e.site) && e.path !== '/robots.txt')
    .map((e) => e.time);
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  return times.length / span;
}

async function main(): Promise<void> {
  crawleeLog.setLevel(crawleeLog.LEVELS.OFF);
  console.log(
    `bench/crawl: ${TARGETS.length} target replicas + ${GENERATED} generated sites; node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const portals = await startPortals({ generated: { sites: GENERATED, yearsPerSite: 5 }, only: TARGETS });
  const proxy = await startMappingProxy(portals);
  const genIds = portals.sites.filter((s) => s.id.startsWith('gen')).map((s) => s.id);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const db = EMBEDDED ? null : await createTestDatabase('gongkai_bench');
  const settings = loadSettings({
    ...process.env,
    GONGKAI_HOME: home,
    GONGKAI_ALLOW_PRIVATE: '1',
    DATABASE_URL: db?.url ?? '',
    REDIS_URL: EMBEDDED ? '' : process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  });
  const prefix = `gk-bench-${process.pid}`;
  const log = pino({ level: 'silent' });
  try {
    // ---- (a) nightly crawl of unchanged sites: requests per site ----
    if (!SKIP_A) {
      const rtA = await openRuntime(settings, {
        overrides: portals.overrides,
        politenessMs: 0,
        prefix,
        log,
        sites: [...REPLICA_ONLY_SITES, ...generatedSiteConfigs(portals)],
      });
      const wA = startWorkers(rtA.ctx, rtA.backend, { discover: 128, fetch: 128 });
      const sitesA = [...TARGETS, ...genIds.slice(0, 50)];
      await gongkaiCrawl(rtA, sitesA, 'full');
      portals.requestLog.clear();
      const nightly = await gongkaiCrawl(rtA, sitesA, 'nightly');
      const oursNightly = portals.requestLog.count(
        undefined,
        (e) => sitesA.includes(e.site) && e.path !== '/robots.txt',
      );
      const oursRobots = portals.requestLog.count(
        undefined,
        (e) => sitesA.includes(e.site) && e.path === '/robots.txt',
      );
      const newRev = nightly.runs.reduce((a, r) => a + r.newRevisions, 0);

      const startA = sitesA.flatMap((id) => portals.site(id).entryUrls);
      await crawlee(portals, proxy.url, startA);
      portals.requestLog.clear();
      await crawlee(portals, proxy.url, startA);
      const crawleeNightly = pagesOf(portals, sitesA);

      console.log('\n(a) nightly re-crawl of unchanged sites (%d sites: the 6 targets + 50 generated)', sitesA.length);
      console.log(
        `    gongkai  ${(oursNightly / sitesA.length).toFixed(3)} requests/site (${oursNightly} requests, + ${oursRobots} robots.txt; ${newRev} new revisions)  target <= 1.05`,
      );
      console.log(
        `    crawlee  ${(crawleeNightly / sitesA.length).toFixed(3)} requests/site (${crawleeNightly} requests; CheerioCrawler re-fetches everything it finds)`,
      );
      const perSite = TARGETS.map((id) => `${id}=${portals.requestLog.count(id, (e) => e.path !== '/robots.txt')}`);
      console.log(`    crawlee per target site: ${perSite.join(' ')}`);
      await wA.close();
      await rtA.close();
    }

    // ---- (b) throughput over the generated replica, politeness off ----
    portals.requestLog.clear();
    const rtB = await openRuntime(
      { ...settings },
      {
        overrides: portals.overrides,
        politenessMs: 0,
        prefix: `${prefix}-b`,
        log,
        sites: [...REPLICA_ONLY_SITES, ...generatedSiteConfigs(portals)],
      },
    );
    const wB = startWorkers(rtB.ctx, rtB.backend, { discover: 128, fetch: 128 });
    const remaining = genIds.slice(50);
    const ours = await gongkaiCrawl(rtB, remaining, 'force');
    const oursPages = pagesOf(portals, remaining);
    const oursRate = replicaRate(portals, remaining);
    const reports = ours.runs.reduce((a, r) => a + r.reportsFound, 0);
    const revisions = ours.runs.reduce((a, r) => a + r.newRevisions, 0);
    await wB.close();
    await rtB.close();

    portals.requestLog.clear();
    const startB = remaining.flatMap((id) => portals.site(id).entryUrls);
    const cs = await crawlee(portals, proxy.url, startB);
    const crawleePages = pagesOf(portals, remaining);
    const crawleeRate = replicaRate(portals, remaining);

    console.log('\n(b) throughput over %d generated sites, politeness off', remaining.length);
    console.log(
      '    pages/s as the replicas saw them (first to last page request), and end to end (until every run finished):',
    );
    console.log(
      `    gongkai  ${oursRate.toFixed(1)} pages/s fetched; ${(oursPages / ours.seconds).toFixed(1)} pages/s end to end (${oursPages} pages in ${ours.seconds.toFixed(1)} s, with ${revisions} of ${reports} reports parsed and loaded into the store)`,
    );
    console.log(
      `    crawlee  ${crawleeRate.toFixed(1)} pages/s fetched; ${(crawleePages / cs).toFixed(1)} pages/s end to end (${crawleePages} pages in ${cs.toFixed(1)} s; fetch + cheerio + enqueueLinks, follows every link)`,
    );
    console.log(
      `    gongkai reaches all ${reports} reports with ${oursPages} requests; crawlee needs ${crawleePages} requests for the same sites`,
    );
    console.log(`\nqueues/store: ${EMBEDDED ? 'embedded PGlite + BullMQ PostgreSQL backend' : 'Redis + PostgreSQL'}`);
  } finally {
    await proxy.close();
    await portals.close();
    await db?.drop();
    fs.rmSync(home, { recursive: true, force: true });
    if (!EMBEDDED) {
      await deleteRedisPrefix(process.env.REDIS_URL || 'redis://127.0.0.1:6379', prefix, `${prefix}-b`);
    }
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
