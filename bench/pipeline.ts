// npm run bench:pipeline — the whole pipeline at scale: a generated replica of N sites × Y years (default 500 × 20 =
// 10,000 reports) crawled through Redis BullMQ into PostgreSQL by 1, 2 and 4 separate worker processes, with
// politeness off. Prints reports/s, peak RSS per worker process, RSS growth after warm-up, and the share of time
// in fetch / parse / load (summed over concurrent calls in the workers).
//
//   npm run bench:pipeline -- --sites 100 --years 10 --workers 1,2,4 --concurrency 4
//
// Needs Redis (REDIS_URL, default redis://127.0.0.1:6379) and PostgreSQL (TEST_PG_ADMIN_URL, default
// postgres://postgres@127.0.0.1:5432/postgres; a fresh database per configuration, dropped afterwards).
// Targets: ≥ 200 reports/s on a 2-core machine; worker memory flat (≤ 10% growth after warm-up).
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { startPortals } from '../replicas/index.js';
import { createTestDatabase, PG_ADMIN_URL } from '../test/helpers/db.js';
import { siteConfigsOf } from '../test/hostile/cluster.js';
import { crawlWithCluster } from '../test/hostile/crawl.js';
import { snapshotStore } from '../test/hostile/snapshot.js';
import type { WorkerStats } from '../test/hostile/worker-process.js';
import { ServerCpuSampler } from './cpu.js';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};
const list = (v: string) => v.split(',').map((x) => int(x.trim()));

const program = new Command('bench:pipeline')
  .description('crawl a generated replica through Redis BullMQ into PostgreSQL with 1, 2 and 4 worker processes')
  .option('--sites <n>', 'generated sites', int, 500)
  .option('--years <n>', 'reports (years) per site', int, 20)
  .option('--workers <list>', 'worker process counts to run, comma-separated', list, [1, 2, 4])
  .option('--concurrency <n>', 'per-process concurrency (gongkai worker --concurrency)', int, 4)
  .option('--parse-threads <n>', 'parser threads per process (default: min(2, cores))', int)
  .option('--timeout <s>', 'give up on one configuration after this many seconds', int, 3600)
  .option('--rss-log <file>', "write every worker's per-second RSS and heap samples as JSON lines")
  .parse();
const o = program.opts<{
  sites: number;
  years: number;
  workers: number[];
  concurrency: number;
  parseThreads?: number;
  timeout: number;
  rssLog?: string;
}>();

const MiB = 1024 * 1024;
const pct = (x: number, total: number) => (total > 0 ? `${((100 * x) / total).toFixed(0)}%` : '-');

/** RSS growth of one worker after warm-up: the largest RSS of the last quarter over the median of the second quarter. */
function growthAfterWarmup(stats: WorkerStats[]): number | null {
  if (stats.length < 8) return null;
  const q = Math.floor(stats.length / 4);
  const warm = stats
    .slice(q, 2 * q)
    .map((s) => s.rss)
    .sort((a, b) => a - b);
  const base = warm[Math.floor(warm.length / 2)]!;
  const late = Math.max(...stats.slice(3 * q).map((s) => s.rss));
  return (late - base) / base;
}

const portals = await startPortals({ generated: { sites: o.sites, yearsPerSite: o.years, fillerPerSite: 5 } });
const expected = portals.sites.reduce((n, s) => n + s.reports.length, 0);
console.log(
  `replica: ${portals.sites.length} generated sites, ${expected} reports; per process: concurrency ${o.concurrency}, politeness off`,
);
const rows: string[][] = [];
try {
  for (const n of o.workers) {
    const db = await createTestDatabase('gongkai_bench');
    try {
      let lastLog = 0;
      const servers = new ServerCpuSampler(PG_ADMIN_URL, db.name);
      await servers.start();
      const benchCpu0 = process.cpuUsage();
      const { results, ms, cluster } = await crawlWithCluster({
        databaseUrl: db.url,
        redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
        sites: siteConfigsOf(portals),
        overrides: portals.overrides,
        processes: n,
        concurrency: o.concurrency,
        parseThreads: o.parseThreads,
        timeoutMs: o.timeout * 1000,
        onProgress: (done, total, pending) => {
          if (Date.now() - lastLog < 5000) return;
          lastLog = Date.now();
          process.stderr.write(`  ${n} worker(s): ${done}/${total} runs done, ${pending} jobs pending\n`);
        },
      });
      const benchCpu = process.cpuUsage(benchCpu0);
      const serverCpu = await servers.stop();
      const snap = await snapshotStore(db.url);
      const failedRuns = results.filter((r) => 'failed' in r).length;
      const finals = cluster.all.map((w) => w.stats.at(-1)).filter((s): s is WorkerStats => !!s);
      const sum = { fetch: 0, parse: 0, load: 0 };
      for (const s of finals) for (const k of ['fetch', 'parse', 'load'] as const) sum[k] += s.ms[k];
      const total = sum.fetch + sum.parse + sum.load;
      const calls = { fetch: 0, parse: 0, load: 0 };
      for (const s of finals) for (const k of ['fetch', 'parse', 'load'] as const) calls[k] += s.calls[k];
      const cpuMs = finals.reduce((a, s) => a + s.cpuMs, 0);
      const perReport = (ms: number) => ms / Math.max(1, snap.totals.reports);
      const cpu = {
        workers: perReport(cpuMs),
        postgres: perReport(serverCpu.postgresSeconds * 1000),
        redis: perReport(serverCpu.redisSeconds * 1000),
        portals: perReport((benchCpu.user + benchCpu.system) / 1000),
      };
      const cpuAll = cpu.workers + cpu.postgres + cpu.redis + cpu.portals;
      const avg = (k: keyof typeof sum) => (calls[k] ? (sum[k] / calls[k]).toFixed(1) : '-');
      const peaks = cluster.all.map((w) => Math.max(0, ...w.stats.map((s) => s.rss)) / MiB);
      const growths = cluster.all.map((w) => growthAfterWarmup(w.stats)).filter((g): g is number => g !== null);
      if (o.rssLog) {
        for (const w of cluster.all) {
          fs.appendFileSync(
            o.rssLog,
            JSON.stringify({
              workers: n,
              pid: w.stats[0]?.pid,
              samples: w.stats.map((st) => ({ t: st.t, rss: st.rss, heapUsed: st.heapUsed })),
            }) + '\n',
          );
        }
      }
      const rate = snap.totals.reports / (ms / 1000);
      rows.push([
        String(n),
        `${snap.totals.reports}/${expected}`,
        (ms / 1000).toFixed(1),
        rate.toFixed(1),
        peaks.map((p) => p.toFixed(0)).join(' / '),
        growths.length ? growths.map((g) => `${(g * 100).toFixed(0)}%`).join(' / ') : 'run too short',
        pct(sum.fetch, total),
        pct(sum.parse, total),
        pct(sum.load, total),
        (cpuMs / snap.totals.reports).toFixed(1),
        cpuAll.toFixed(1),
        (2000 / cpuAll).toFixed(0),
        `${snap.halfWritten + snap.duplicates + failedRuns}`,
      ]);
      console.log(
        `${n} worker process(es): ${snap.totals.reports} reports in ${(ms / 1000).toFixed(1)} s = ${rate.toFixed(1)} reports/s; ` +
          `peak RSS ${peaks.map((p) => p.toFixed(0)).join('/')} MiB; fetch ${pct(sum.fetch, total)}, parse ${pct(sum.parse, total)}, load ${pct(sum.load, total)}; ` +
          `CPU ms per report: workers ${cpu.workers.toFixed(1)}, PostgreSQL ${cpu.postgres.toFixed(1)}, Redis ${cpu.redis.toFixed(1)}, replica server ${cpu.portals.toFixed(1)}; ` +
          `mean ms per call: fetch ${avg('fetch')} (${calls.fetch}), parse ${avg('parse')} (${calls.parse}), store ${avg('load')} (${calls.load})`,
      );
    } finally {
      await db.drop();
    }
  }
} finally {
  await portals.close();
}

const head = [
  'workers',
  'reports',
  'seconds',
  'reports/s',
  'peak RSS per worker (MiB)',
  'RSS growth after warm-up',
  'fetch',
  'parse',
  'load',
  'worker CPU ms/report',
  'all CPU ms/report',
  'CPU-bound max/s',
  'problems',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}`);
console.log(
  '\nfetch/parse/load: time inside the fetcher, the parser pool and the store, summed over concurrent jobs of all workers.',
);
console.log('worker CPU ms/report: CPU time of the worker processes (all threads) per report loaded.');
console.log(
  "all CPU ms/report: workers + the PostgreSQL backends of the run's database + Redis + this process (the replica portals);",
);
console.log(
  '  CPU-bound max/s = 2000 / that: the rate 2 cores allow when nothing else runs (the wall rate is lower on a busy machine).',
);
console.log('problems: half-written revisions + duplicated reports + failed runs (must be 0).');
process.exit(0);
