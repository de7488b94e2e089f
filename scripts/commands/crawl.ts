// The crawl commands: crawl, worker, schedule, runs, demo (the registry's are in sites.ts).
import { type Command, InvalidArgumentError } from 'commander';
import { loadSettings, redactUrl, type Settings } from '../../config/settings.js';
import type { SiteConfig } from '../../config/site-schema.js';
import type { QueuedRun } from '../../workers/enqueue.js';
import type { CrawlMode } from '../../workers/jobs.js';
import type { Runtime } from '../../workers/open-pipeline.js';
import { DEFAULT_SCHEDULE } from '../../workers/schedule.js';
import { formatTable } from '../output/format.js';
import type { ScheduleCommandOptions } from './operate.js';

/** The pipeline (BullMQ, the parsers, Playwright …) loads only when a command runs it: `--help` and `sites` stay fast. */
async function pipeline() {
  const [enqueue, follow, workers, runtime, schedule] = await Promise.all([
    import('../../workers/enqueue.js'),
    import('../output/follow.js'),
    import('../../workers/start-workers.js'),
    import('../../workers/open-pipeline.js'),
    import('../../workers/schedule.js'),
  ]);
  return { ...enqueue, ...follow, ...workers, ...runtime, ...schedule };
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

/** Embedded mode (no DATABASE_URL, no Redis) lives in one process: that process must also run the workers. */
const embedded = (s: Settings) => !s.databaseUrl && !s.redisUrl;

function where(rt: Runtime, settings: Settings): string {
  return `queues: ${rt.backend.location}; store: ${settings.databaseUrl ? redactUrl(settings.databaseUrl) : `embedded PGlite in ${settings.home}`}`;
}

/** Failures with their count per code: `3 (unreachable 2, http_5xx 1)`. */
function failureCell(failures: number, byCode: Record<string, number>): string {
  const codes = Object.entries(byCode).sort((a, b) => b[1] - a[1]);
  return codes.length ? `${failures} (${codes.map(([c, n]) => `${c} ${n}`).join(', ')})` : String(failures);
}

export function registerCrawlCommands(program: Command): void {
  program
    .command('crawl')
    .description('start a crawl run of one site or all sites (queued; workers do the work)')
    .option('--site <id...>', 'site id(s) from `gongkai sites`')
    .option('--all', 'every site')
    .option(
      '--url <url>',
      'a one-off crawl of a portal not in the registry: find its report columns (as `sites add` does), crawl them in this process; nothing is written to the registry',
    )
    .option(
      '--full',
      'walk every listing page and re-check every report (conditional GET) instead of stopping at an unchanged first listing page',
    )
    .option('--force', 'like --full, and refetch everything without validators')
    .option('--wait', 'follow the runs with a progress bar and print a summary')
    .option('--inline', 'run the workers in this process too (always so in embedded mode)')
    .option('--concurrency <n>', 'worker concurrency with --inline', positiveInt, 4)
    .action(
      async (o: {
        site?: string[];
        all?: boolean;
        url?: string;
        full?: boolean;
        force?: boolean;
        wait?: boolean;
        inline?: boolean;
        concurrency: number;
      }) => {
        if (!o.all && !o.site?.length && !o.url)
          throw new Error('say which sites: --site ID (see `gongkai sites`), --url URL or --all');
        const known = (await import('../../config/registry.js')).sites();
        const oneOff: SiteConfig[] = [];
        if (o.url) {
          const { discoverSiteRow } = await import('./sites.js');
          const { discovery, row } = await discoverSiteRow(o.url, { id: `url-${Date.now().toString(36)}` });
          if (!row) {
            throw new Error(
              `no annual-report column found from ${o.url} in ${discovery.requests} requests; nothing to crawl (try the site's 政府信息公开 page or the column itself)`,
            );
          }
          console.error(
            `found ${discovery.fingerprint.family}: ${row.entries.map((e) => `${e.family} ${e.url}`).join(', ')} (${discovery.requests} requests)`,
          );
          oneOff.push(row);
        }
        const ids = [...(o.all ? known.map((s) => s.id) : (o.site ?? [])), ...oneOff.map((s) => s.id)];
        for (const id of ids)
          if (!known.some((s) => s.id === id) && !oneOff.some((s) => s.id === id))
            throw new Error(`unknown site "${id}" (known: ${known.map((s) => s.id).join(', ')})`);
        const mode: CrawlMode = o.force ? 'force' : o.full ? 'full' : 'nightly';
        const settings = loadSettings();
        const { openRuntime, startWorkers, defaultConcurrency, onShutdown, enqueueRun, followRuns, summaryTable } =
          await pipeline();
        const rt = await openRuntime(settings, { sites: oneOff });
        // A one-off site is known to this process only: its jobs must run here.
        const inline = o.inline || embedded(settings) || oneOff.length > 0;
        const workers = inline ? startWorkers(rt.ctx, rt.backend, defaultConcurrency(o.concurrency)) : null;
        const shutdown = async () => {
          await workers?.close();
          await rt.close();
        };
        onShutdown(shutdown, rt.ctx.log);
        try {
          console.error(where(rt, settings));
          const runs: QueuedRun[] = [];
          for (const id of ids) runs.push(await enqueueRun(rt.ctx, id, mode, 'cli'));
          console.log(
            `queued ${runs.length} crawl run(s) (${mode}): ${runs.map((r) => `${r.siteId}#${r.runId}`).join(', ')}`,
          );
          if (o.wait || inline) {
            if (!inline) console.error('waiting for workers (start them with `gongkai worker` if none is running)…');
            const { crawlRunsById } = await import('../../db/crawl-runs.js');
            const results = await followRuns(rt.ctx.queues, runs, {
              readRuns: (ids) => crawlRunsById(rt.store.db, ids),
            });
            console.log(summaryTable(results));
            if (results.some((r) => 'failed' in r || r.status === 'failed')) process.exitCode = 1;
          } else {
            console.log('follow them with `gongkai runs`');
          }
        } finally {
          await shutdown();
        }
      },
    );

  program
    .command('worker')
    .description('run the discover and fetch workers until SIGINT/SIGTERM (finishes jobs in progress first)')
    .option(
      '--concurrency <n>',
      'scale of parallel jobs: 8n discovery walks, 16n fetches (their parsing bounded by the parser threads)',
      positiveInt,
      4,
    )
    .action(async (o: { concurrency: number }) => {
      const settings = loadSettings();
      if (embedded(settings)) {
        console.error(
          'note: embedded mode (no REDIS_URL/DATABASE_URL) keeps the queues in this process only; use `gongkai crawl` (it runs its own workers) or set REDIS_URL/DATABASE_URL to share queues between processes',
        );
      }
      const { openRuntime, startWorkers, defaultConcurrency, onShutdown } = await pipeline();
      const rt = await openRuntime(settings);
      const workers = startWorkers(rt.ctx, rt.backend, defaultConcurrency(o.concurrency));
      onShutdown(async () => {
        await workers.close();
        await rt.close();
      }, rt.ctx.log);
      rt.ctx.log.info(`workers running (${where(rt, settings)}); Ctrl-C to stop`);
      await new Promise(() => {});
    });

  program
    .command('schedule')
    .description(
      'install the nightly crawl schedule (BullMQ job schedulers; idempotent: running it again updates the same schedulers)',
    )
    .option(
      '--cron <expr>',
      'nightly crawl (each site: its first listing page, the rest only if it changed)',
      DEFAULT_SCHEDULE.cron,
    )
    .option('--full-cron <expr>', 'weekly full crawl (every listing and report re-checked)', DEFAULT_SCHEDULE.fullCron)
    .option('--tz <zone>', 'time zone of the cron expressions', DEFAULT_SCHEDULE.tz)
    .option('--keep-running', 'stay up after installing (the scheduler service of docker-compose; posts alerts)')
    .option('--list', 'list the installed schedules with their next run, in their time zone')
    .option('--remove', "remove gongkai's schedules (nothing is crawled on schedule afterwards)")
    .action(async (o: ScheduleCommandOptions) => (await import('./operate.js')).scheduleCommand(o));

  program
    .command('runs')
    .description('recent crawl runs with their counters (and a warning for a site that yielded no report)')
    .option('--site <id>', 'only this site')
    .option('--limit <n>', 'how many', positiveInt, 20)
    .option('--tz <zone>', "time zone of the times shown (default: the installed schedule's, else UTC)")
    .option('--json', 'machine-readable output (times in UTC, ISO 8601)')
    .action(async (o: { site?: string; limit: number; tz?: string; json?: boolean }) => {
      const { runsTimeZone, checkRunsSite } = await import('./operate.js');
      const { openStore } = await import('../../db/index.js');
      const { listCrawlRuns } = await import('../../db/crawl-runs.js');
      const store = await openStore(loadSettings());
      try {
        if (o.site)
          await checkRunsSite(
            store.db,
            o.site,
            (await import('../../config/registry.js')).sites().map((s) => s.id),
          );
        const tz = await runsTimeZone(store.db, o.tz);
        const { formatInZone } = await import('../../workers/schedule.js');
        const runs = await listCrawlRuns(store.db, { siteId: o.site, limit: o.limit });
        if (o.json) return void console.log(JSON.stringify(runs, null, 2));
        if (runs.length === 0)
          return void console.log('no crawl runs yet (start one with `gongkai crawl --all --wait`)');
        console.log(
          formatTable(
            [
              'run',
              'site',
              'trigger',
              `started (${tz})`,
              'status',
              'duration',
              'requests',
              'not modified',
              'new docs',
              'new revisions',
              'reports',
              'skipped',
              'retries',
              'failures',
              'notes',
            ],
            runs.map((r) => [
              String(r.id),
              r.siteId,
              r.trigger,
              formatInZone(new Date(r.startedAt), tz),
              r.status === 'failed' ? `failed: ${r.reason ?? 'unknown'}` : r.status,
              r.durationMs === null ? '' : `${(r.durationMs / 1000).toFixed(1)}s`,
              String(r.requests),
              String(r.notModified),
              String(r.newDocuments),
              String(r.newRevisions),
              String(r.reportsFound),
              String(r.skipped),
              String(r.retries),
              failureCell(r.failures, r.failureCounts),
              [r.warning, r.lastError ?? r.error?.split('\n')[0]].filter(Boolean).join('; '),
            ]),
          ),
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('demo')
    .description(
      'start the replica portals, crawl every site through the whole pipeline, print the year-over-year table and the findings (embedded unless REDIS_URL/DATABASE_URL are set)',
    )
    .option('--home <dir>', 'where the embedded database goes (default: a fresh temporary directory)')
    .option('--keep', 'keep the temporary directory')
    .option(
      '--into <where>',
      'write the demo data into "configured" (DATABASE_URL/REDIS_URL as set) or a postgres:// URL, instead of a store of its own',
    )
    .option('--serve', 'end by serving the result in the web explorer (gongkai serve) until Ctrl-C')
    .option('--port <n>', 'with --serve: the port', positiveInt, 8080)
    .action(async (o: { home?: string; keep?: boolean; into?: string; serve?: boolean; port: number }) => {
      const [{ runDemo }, { needsBrowser }, { serveDemo }] = await Promise.all([
        import('./demo-run.js'),
        import('../../crawlers/spider.js'),
        import('./explore.js'),
      ]);
      const { home } = await runDemo({ home: o.home, keep: o.keep || o.serve, into: o.into, needsBrowser });
      if (o.serve) await serveDemo(home, { port: o.port, removeAfter: !o.home && !o.keep });
    });
}
