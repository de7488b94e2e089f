// `gongkai jobs`: the queues' counts and failed jobs (with their reasons), and retrying or cleaning them, on
// whichever queue backend the workers use (Redis, PostgreSQL, or the embedded PGlite).
import fs from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadSettings, type Settings } from '../../config/settings.js';
import type { FailedJob, FailedJobs, QueueCounts } from '../../workers/failed-jobs.js';
import { formatTable } from '../output/format.js';

interface JobsOptions {
  queue?: string[];
  limit: number;
  json?: boolean;
  retry?: boolean;
  id?: string;
  clean?: number;
  prefix?: string;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** 604800000 → "7d": the largest unit that divides the age. */
function formatAge(ms: number): string {
  const [unit, size] = Object.entries(UNIT_MS)
    .reverse()
    .find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}

/** "7d", "12h", "30m", "90s" (or "0": every failed job) → milliseconds. */
export function parseAge(v: string): number {
  if (v.trim() === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('an age with its unit, e.g. 7d, 12h, 30m, 90s (0 = all)');
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
}

const embedded = (s: Settings) => !s.redisUrl && !s.databaseUrl;

/** The pipeline's queues on the settings' backend; null in embedded mode when nothing has ever run there. */
async function openJobs(
  settings: Settings,
  o: JobsOptions,
): Promise<{ jobs: FailedJobs; location: string; close(): Promise<void> } | null> {
  const [{ openQueueBackend }, { FailedJobs }] = await Promise.all([
    import('../../workers/queue-backend.js'),
    import('../../workers/failed-jobs.js'),
  ]);
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };
  try {
    let embeddedUrl: string | undefined;
    if (embedded(settings)) {
      const [{ embeddedDataDir }, { serveEmbedded }] = await Promise.all([
        import('../../db/db.js'),
        import('../../db/embedded-server.js'),
      ]);
      if (!fs.existsSync(embeddedDataDir(settings.home))) return null;
      const served = await serveEmbedded(settings.home);
      closers.push(() => served.close());
      embeddedUrl = served.url;
    }
    const backend = await openQueueBackend(settings, { embeddedUrl, prefix: o.prefix });
    closers.push(() => backend.close());
    const jobs = await FailedJobs.open(backend, o.queue).catch((err: Error) => {
      throw new Error(`cannot open the queues on ${backend.location}: ${err.message}`);
    });
    closers.push(() => jobs.close());
    return { jobs, location: backend.location, close };
  } catch (err) {
    await close();
    throw err;
  }
}

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '');

function countsTable(counts: QueueCounts[]): string {
  return formatTable(
    ['queue', 'waiting', 'active', 'delayed', 'waiting for children', 'failed'],
    counts.map((c) => [c.queue, ...[c.waiting, c.active, c.delayed, c['waiting-children'], c.failed].map(String)]),
  );
}

function failedTable(failed: FailedJob[]): string {
  return formatTable(
    ['queue', 'job', 'site', 'run', 'url', 'attempts', 'failed at (UTC)', 'reason'],
    failed.map((j) => [
      j.queue,
      j.id,
      j.site ?? '',
      j.runId === null ? '' : String(j.runId),
      j.url ?? '',
      `${j.attemptsMade}/${j.attempts}`,
      when(j.failedAt),
      j.reason.split('\n')[0],
    ]),
  );
}

async function show(jobs: FailedJobs, o: JobsOptions, location: string): Promise<void> {
  const [counts, failed] = await Promise.all([jobs.counts(), jobs.list(o.limit)]);
  if (o.json) return void console.log(JSON.stringify({ queues: location, counts, failed }, null, 2));
  console.log(countsTable(counts));
  console.log('');
  if (failed.length === 0) return void console.log('no failed jobs');
  console.log(failedTable(failed));
  const more = counts.filter((c) => c.failed > o.limit);
  for (const c of more)
    console.log(`… ${c.failed} failed in ${c.queue}, the newest ${o.limit} shown (--limit N for more)`);
  console.log(`\nretry with \`gongkai jobs --retry\` (or --id JOB); drop old ones with \`gongkai jobs --clean 7d\``);
}

async function retry(jobs: FailedJobs, o: JobsOptions, settings: Settings): Promise<void> {
  const out = await jobs.retry(o.id);
  if (out.skipped.length) process.exitCode = 1;
  if (o.json) return void console.log(JSON.stringify(out, null, 2));
  if (out.retried.length === 0 && out.skipped.length === 0) return void console.log('no failed jobs to retry');
  if (out.retried.length) {
    console.log(
      `retried ${out.retried.length} job(s) with their attempts reset: ${out.retried.map((r) => `${r.queue} ${r.id}`).join(', ')}`,
    );
    console.log(
      embedded(settings)
        ? 'embedded mode: they run when a process runs the workers here (the next `gongkai crawl`)'
        : 'a running `gongkai worker` takes them up',
    );
  }
  for (const s of out.skipped) console.log(`not retried: ${s.queue} ${s.id}: ${s.reason}`);
}

async function clean(jobs: FailedJobs, o: JobsOptions & { clean: number }): Promise<void> {
  const removed = await jobs.clean(o.clean);
  if (o.json) return void console.log(JSON.stringify(removed, null, 2));
  const total = removed.reduce((n, r) => n + r.removed, 0);
  const age = o.clean === 0 ? '' : ` that failed more than ${formatAge(o.clean)} ago`;
  console.log(`removed ${total} failed job(s)${age} (${removed.map((r) => `${r.queue} ${r.removed}`).join(', ')})`);
}

export function registerJobsCommands(program: Command): void {
  program
    .command('jobs')
    .description('queue counts and the jobs that failed for good, with their reasons; --retry or --clean them')
    .option('--queue <name...>', 'only these queues (discover, fetch … or their full names)')
    .option('--limit <n>', 'failed jobs shown per queue, newest first', positiveInt, 20)
    .option('--json', 'machine-readable output')
    .addOption(
      new Option('--retry', 'put failed jobs back to waiting with their attempts reset (all, or --id)').conflicts(
        'clean',
      ),
    )
    .option('--id <job>', 'with --retry: only this job (its id as listed)')
    .addOption(
      new Option('--clean <age>', 'remove failed jobs that failed more than AGE ago (7d, 12h, 30m; 0 = all)').argParser(
        parseAge,
      ),
    )
    .addOption(new Option('--prefix <prefix>', 'Redis key prefix (tests)').hideHelp())
    .addHelpText(
      'after',
      `
Queues: Redis when REDIS_URL is set, else BullMQ's PostgreSQL backend on DATABASE_URL, else the embedded database
in GONGKAI_HOME (which no other gongkai process may hold open at the same time). Failed jobs are kept 14 days
(at most 5,000 per queue) unless cleaned. A retried fetch job stores its report; the counters of its finished
run (\`gongkai runs\`) stay as they were.`,
    )
    .action(async (o: JobsOptions) => {
      if (o.id !== undefined && !o.retry) throw new Error('--id goes with --retry (the list shows every failed job)');
      (await import('../../workers/failed-jobs.js')).selectQueues(o.queue); // an unknown --queue fails before connecting
      const settings = loadSettings();
      const opened = await openJobs(settings, o);
      if (!opened) {
        if (o.json)
          return void console.log(
            JSON.stringify(
              o.retry
                ? { retried: [], skipped: [] }
                : o.clean !== undefined
                  ? []
                  : { queues: null, counts: [], failed: [] },
            ),
          );
        return void console.log(
          `no embedded database in ${settings.home} yet: no job has been queued there (set REDIS_URL or DATABASE_URL for shared queues)`,
        );
      }
      try {
        if (!o.json) console.error(`queues: ${opened.location}`);
        if (o.retry) await retry(opened.jobs, o, settings);
        else if (o.clean !== undefined) await clean(opened.jobs, { ...o, clean: o.clean });
        else await show(opened.jobs, o, opened.location);
      } finally {
        await opened.close();
      }
    });
}
