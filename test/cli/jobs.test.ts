// `gongkai jobs`, spawned as a user runs it, on real Redis (a private key prefix) and on the embedded backend
// (BullMQ's PostgreSQL backend on PGlite in a temporary GONGKAI_HOME): jobs that fail for good are listed with
// their reasons, retried, failed again and cleaned; bad usage and unreachable backends give clear errors.
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { serveEmbedded } from '../../db/embedded-server.js';
import type { FailedJob, QueueCounts } from '../../workers/failed-jobs.js';
import { openQueueBackend, type QueueBackend } from '../../workers/queue-backend.js';
import { QUEUES } from '../../workers/queues.js';
import { type CliRun, runGongkai } from '../helpers/cli.js';
import { createTempHome, type TempHome } from '../helpers/db.js';
import { deleteRedisPrefix } from '../helpers/redis.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

function gongkai(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runGongkai(['jobs', ...args], { REDIS_URL: '', DATABASE_URL: '', LOG_LEVEL: 'warn', ...env });
}

const fetchJob = (n: number) => ({
  id: `fetch-test-${n}`,
  data: {
    siteId: 'sz',
    runId: 40 + n,
    mode: 'nightly',
    role: 'report',
    url: `http://www.sz.gov.cn/gknb/${n}.html`,
    parent: { id: 'run-x', queue: QUEUES.discover },
  },
});

/** Runs a worker whose every attempt fails until each of `ids` has failed for good (2 attempts each). */
async function failForGood(
  backend: QueueBackend,
  ids: string[],
  add: ReturnType<typeof fetchJob>[] = [],
): Promise<void> {
  const opts = { connection: backend.connection, prefix: backend.prefix };
  const queue = new backend.Queue(QUEUES.fetch, opts);
  for (const j of add)
    await queue.add('fetch', j.data, { jobId: j.id, attempts: 2, backoff: { type: 'fixed', delay: 10 } });
  const pending = new Set(ids);
  let worker: InstanceType<QueueBackend['Worker']> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still not failed: ${[...pending].join(', ')}`)), 30_000);
      worker = new backend.Worker(
        QUEUES.fetch,
        async (job: { data: { url: string } }) => {
          throw new Error(`HTTP 404 Not Found: ${job.data.url}`);
        },
        { ...opts, concurrency: 2 },
      );
      worker.on('failed', (job) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) pending.delete(String(job.id));
        if (pending.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    await worker?.close();
    await queue.close();
  }
}

async function stateOf(backend: QueueBackend, id: string): Promise<{ state: string; attemptsMade: number } | null> {
  const queue = new backend.Queue(QUEUES.fetch, { connection: backend.connection, prefix: backend.prefix });
  try {
    const job = await queue.getJob(id);
    return job ? { state: await job.getState(), attemptsMade: job.attemptsMade } : null;
  } finally {
    await queue.close();
  }
}

const parse = (r: CliRun) => JSON.parse(r.stdout) as { counts: QueueCounts[]; failed: FailedJob[] };
const fetchCounts = (r: CliRun) => parse(r).counts.find((c) => c.queue === QUEUES.fetch)!;

describe('gongkai jobs', () => {
  it('has --help and says clearly what is wrong', async () => {
    const help = await gongkai(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: gongkai jobs/);
    expect(help.stdout).toMatch(/--retry/);
    expect(help.stdout).toMatch(/--clean <age>/);

    const redisDown = await gongkai([], { REDIS_URL: 'redis://:secret@127.0.0.1:1' });
    expect(redisDown.code).toBe(1);
    expect(redisDown.stderr).toMatch(/gongkai: cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect(redisDown.stderr).not.toContain('secret');
    const postgresDown = await gongkai([], { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/none' });
    expect(postgresDown.code).toBe(1);
    expect(postgresDown.stderr).toMatch(
      /gongkai: cannot open the queues on postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/none .*ECONNREFUSED/,
    );
    expect(postgresDown.stderr).not.toContain('secret');

    const badAge = await gongkai(['--clean', '7'], { REDIS_URL });
    expect(badAge.code).not.toBe(0);
    expect(badAge.stderr).toMatch(/an age with its unit, e\.g\. 7d/);
    const both = await gongkai(['--retry', '--clean', '7d'], { REDIS_URL });
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/cannot be used with/);
    const idAlone = await gongkai(['--id', 'x'], { REDIS_URL });
    expect(idAlone.stderr).toMatch(/--id goes with --retry/);
    const queue = await gongkai(['--queue', 'nosuch'], { REDIS_URL });
    expect(queue.code).toBe(1);
    expect(queue.stderr).toMatch(/unknown queue "nosuch" \(known: .*fetch = gongkai-fetch/);
  });

  describe('on Redis (private prefix)', () => {
    const prefix = `gongkai-test-jobs-${crypto.randomBytes(4).toString('hex')}`;
    const env = { REDIS_URL };
    const cli = (...args: string[]) => gongkai(['--prefix', prefix, ...args], env);
    let backend: QueueBackend;
    afterAll(async () => {
      await backend?.close();
      await deleteRedisPrefix(REDIS_URL, prefix);
    });

    it('lists a job that failed for good with its reason, retries it, cleans it', async () => {
      backend = await openQueueBackend(loadSettings({ REDIS_URL }), { prefix });
      const [one, two] = [fetchJob(1), fetchJob(2)];
      await failForGood(backend, [one.id, two.id], [one, two]);

      const listed = await cli('--json');
      expect(listed.code, listed.stderr).toBe(0);
      expect(fetchCounts(listed)).toMatchObject({ failed: 2, waiting: 0, active: 0 });
      expect(parse(listed).counts.map((c) => c.queue)).toEqual(Object.values(QUEUES));
      const failed = parse(listed).failed.find((j) => j.id === one.id)!;
      expect(failed).toMatchObject({
        queue: QUEUES.fetch,
        name: 'fetch',
        site: 'sz',
        runId: 41,
        url: one.data.url,
        attemptsMade: 2,
        attempts: 2,
        reason: `HTTP 404 Not Found: ${one.data.url}`,
      });
      expect(Date.now() - Date.parse(failed.failedAt!)).toBeLessThan(10 * 60_000);

      const table = await cli();
      expect(table.code).toBe(0);
      expect(table.stderr).toMatch(/queues: redis:\/\/127\.0\.0\.1:6379/);
      expect(table.stdout).toMatch(new RegExp(`${QUEUES.fetch}\\s+0\\s+0\\s+0\\s+0\\s+2`));
      expect(table.stdout).toMatch(
        new RegExp(
          `${one.id}\\s+sz\\s+41\\s+\\S+/1\\.html\\s+2/2\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+HTTP 404 Not Found`,
        ),
      );
      const limited = await cli('--limit', '1');
      expect(limited.stdout).toMatch(new RegExp(`… 2 failed in ${QUEUES.fetch}, the newest 1 shown`));

      // One job by id: back to waiting with its attempts reset; the other stays failed.
      const retried = await cli('--retry', '--id', one.id);
      expect(retried.code, retried.stderr).toBe(0);
      expect(retried.stdout).toMatch(
        new RegExp(`retried 1 job\\(s\\) with their attempts reset: ${QUEUES.fetch} ${one.id}`),
      );
      expect(await stateOf(backend, one.id)).toEqual({ state: 'waiting', attemptsMade: 0 });
      expect(await stateOf(backend, two.id)).toMatchObject({ state: 'failed' });
      const again = await cli('--retry', '--id', one.id);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(new RegExp(`job "${one.id}" in ${QUEUES.fetch} is waiting, not failed`));
      const missing = await cli('--retry', '--id', 'no-such-job');
      expect(missing.stderr).toMatch(/no job "no-such-job" in gongkai-/);

      // It fails for good again (two fresh attempts); then every failed job is retried at once.
      await failForGood(backend, [one.id]);
      const all = await cli('--retry', '--json');
      expect(all.code).toBe(0);
      expect(JSON.parse(all.stdout).retried).toEqual(
        expect.arrayContaining([
          { queue: QUEUES.fetch, id: one.id },
          { queue: QUEUES.fetch, id: two.id },
        ]),
      );
      expect(fetchCounts(await cli('--json'))).toMatchObject({ failed: 0, waiting: 2 });

      // Cleaning keeps the jobs that failed recently, and removes them with a shorter age.
      await failForGood(backend, [one.id, two.id]);
      const keep = await cli('--clean', '1h');
      expect(keep.stdout).toMatch(/removed 0 failed job\(s\) that failed more than 1h ago/);
      expect(fetchCounts(await cli('--json')).failed).toBe(2);
      const drop = await cli('--clean', '0', '--queue', 'fetch');
      expect(drop.stdout).toMatch(new RegExp(`removed 2 failed job\\(s\\) \\(${QUEUES.fetch} 2\\)`));
      expect(await stateOf(backend, one.id)).toBeNull();
      const empty = await cli();
      expect(empty.stdout).toMatch(/no failed jobs/);
    }, 120_000);
  });

  describe('embedded (BullMQ on PGlite)', () => {
    let home: TempHome;
    afterAll(() => home?.remove());

    /** The test process opens the embedded database only between CLI runs: PGlite is one process's database. */
    async function withEmbedded(fn: (backend: QueueBackend) => Promise<void>): Promise<void> {
      const served = await serveEmbedded(home.home);
      const backend = await openQueueBackend(loadSettings({ GONGKAI_HOME: home.home }), { embeddedUrl: served.url });
      try {
        await fn(backend);
      } finally {
        await backend.close();
        await served.close();
      }
    }

    it('lists a job that failed for good with its reason, retries it, cleans it', async () => {
      home = createTempHome('gongkai-jobs-');
      const env = { GONGKAI_HOME: home.home };
      const nothing = await gongkai([], env);
      expect(nothing.code).toBe(0);
      expect(nothing.stdout).toMatch(/no embedded database in .* yet/);

      const one = fetchJob(3);
      await withEmbedded(async (backend) => {
        await failForGood(backend, [one.id], [one]);
        const busy = await gongkai([], env);
        expect(busy.code).toBe(1);
        expect(busy.stderr).toMatch(/the embedded database .* is in use by process \d+/);
      });

      const listed = await gongkai(['--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(fetchCounts(listed)).toMatchObject({ failed: 1, waiting: 0 });
      expect(parse(listed).failed).toEqual([
        expect.objectContaining({
          queue: QUEUES.fetch,
          id: one.id,
          site: 'sz',
          url: one.data.url,
          attemptsMade: 2,
          attempts: 2,
          reason: `HTTP 404 Not Found: ${one.data.url}`,
        }),
      ]);
      const table = await gongkai([], env);
      expect(table.stderr).toMatch(/queues: embedded PGlite/);
      expect(table.stdout).toMatch(new RegExp(`${one.id}\\s+sz\\s+43\\s+.*2/2.*HTTP 404 Not Found`));

      const retried = await gongkai(['--retry'], env);
      expect(retried.code, retried.stderr).toBe(0);
      expect(retried.stdout).toMatch(new RegExp(`retried 1 job\\(s\\) .*: ${QUEUES.fetch} ${one.id}`));
      expect(retried.stdout).toMatch(/embedded mode: they run when a process runs the workers here/);
      await withEmbedded(async (backend) => {
        expect(await stateOf(backend, one.id)).toEqual({ state: 'waiting', attemptsMade: 0 });
        await failForGood(backend, [one.id]);
      });

      const cleaned = await gongkai(['--clean', '0'], env);
      expect(cleaned.code, cleaned.stderr).toBe(0);
      expect(cleaned.stdout).toMatch(/removed 1 failed job\(s\)/);
      expect(fetchCounts(await gongkai(['--json'], env)).failed).toBe(0);
    }, 240_000); // every CLI run opens the embedded database (2–5 s on 2 busy cores)
  });
});
