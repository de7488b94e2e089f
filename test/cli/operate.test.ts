// Operating it, as a user runs the commands: `schedule` installs, lists (in the schedule's time zone) and removes
// its schedulers under GONGKAI_QUEUE_PREFIX on real Redis; `runs` prints times in the schedule's zone (or --tz);
// `alerts` posts a JSON summary of failed runs, silent sites and new error findings to a webhook (a local HTTP
// server here), once per thing that happened.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/index.js';
import { formatInZone } from '../../workers/schedule.js';
import { type CliRun, runGongkai } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deleteRedisPrefix } from '../helpers/redis.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `gk-test-${crypto.randomBytes(4).toString('hex')}`;

describe('schedule, runs and alerts', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  const gongkai = (args: string[], extra: Record<string, string> = {}): Promise<CliRun> =>
    runGongkai(args, { ...env, ...extra });

  beforeAll(async () => {
    t = await createTestDatabase();
    env = { DATABASE_URL: t.url, REDIS_URL, GONGKAI_QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await deleteRedisPrefix(REDIS_URL, PREFIX);
    await t?.drop();
  });

  it('schedule installs under the queue prefix, --list shows it in its time zone, --remove removes it', async () => {
    const installed = await gongkai(['schedule', '--cron', '30 1 * * *', '--tz', 'Asia/Shanghai']);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/gongkai-nightly\s+30 1 \* \* \*\s+Asia\/Shanghai\s+\d{4}-\d\d-\d\d 01:30:00/);
    expect(installed.stdout).toMatch(/gongkai-weekly-full\s+0 3 \* \* 0\s+Asia\/Shanghai\s+\d{4}-\d\d-\d\d 03:00:00/);
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.keys(`${PREFIX}:gongkai-discover:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }

    const listed = await gongkai(['schedule', '--list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/gongkai-nightly\s+30 1 \* \* \*\s+Asia\/Shanghai\s+\S+ 01:30:00 Asia\/Shanghai/);
    // Another prefix is another deployment: nothing installed there.
    const elsewhere = await gongkai(['schedule', '--list'], { GONGKAI_QUEUE_PREFIX: `${PREFIX}-other` });
    expect(elsewhere.stdout).toMatch(/no schedule installed/);

    const runs = await gongkai(['runs']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/no crawl runs yet/);

    const removed = await gongkai(['schedule', '--remove']);
    expect(removed.stdout).toMatch(/removed gongkai-nightly, gongkai-weekly-full/);
    expect((await gongkai(['schedule', '--list'])).stdout).toMatch(/no schedule installed/);
    await deleteRedisPrefix(REDIS_URL, `${PREFIX}-other`);
  }, 240_000);

  it('runs shows start times in the schedule’s time zone, or --tz; an unknown site is an error', async () => {
    await gongkai(['schedule', '--tz', 'Asia/Shanghai']);
    const store = await openStore({ databaseUrl: t.url, home: '' });
    let started: Date;
    try {
      const id = await store.startCrawlRun('szns', 'cli');
      await store.finishCrawlRun(id, {
        requests: 3,
        notModified: 0,
        newDocuments: 1,
        newRevisions: 1,
        failures: 0,
        reportsFound: 1,
      });
      const [{ started_at }] = await store.db.query<{ started_at: Date }>(
        'SELECT started_at FROM crawl_runs WHERE id = $1',
        [id],
      );
      started = new Date(started_at);
    } finally {
      await store.close();
    }
    const shanghai = await gongkai(['runs']);
    expect(shanghai.code, shanghai.stderr).toBe(0);
    expect(shanghai.stdout).toContain('started (Asia/Shanghai)');
    expect(shanghai.stdout).toContain(formatInZone(started, 'Asia/Shanghai'));
    const utc = await gongkai(['runs', '--tz', 'UTC']);
    expect(utc.stdout).toContain(started.toISOString().slice(0, 19).replace('T', ' '));
    const nosuch = await gongkai(['runs', '--site', 'nosuch']);
    expect(nosuch.code).toBe(1);
    expect(nosuch.stderr.trim()).toMatch(/^gongkai: no such site "nosuch" \(known: .*szns/);
    await gongkai(['schedule', '--remove']);
  }, 240_000);

  it('alerts posts one summary per new failure, silent site or error finding to the webhook', async () => {
    const received: unknown[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const store = await openStore({ databaseUrl: t.url, home: '' });
    try {
      const counters = { requests: 5, notModified: 0, newDocuments: 0, newRevisions: 0, reportsFound: 0 };
      const failed = await store.startCrawlRun('cqna', 'schedule');
      await store.finishCrawlRun(failed, { ...counters, failures: 2 }, 'http_5xx: 2 report pages failed');
      for (let i = 0; i < 2; i++) {
        const silent = await store.startCrawlRun('hrbng', 'schedule');
        await store.finishCrawlRun(silent, { ...counters, failures: 0 });
      }
      const withEnv = { GONGKAI_ALERT_WEBHOOK: webhook, GONGKAI_ALERT_NO_REPORT_NIGHTS: '2' };
      const first = await gongkai(['alerts'], withEnv);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^alert sent to http:\/\/127\.0\.0\.1:\d+\/hook: failed_runs, silent_sites/);
      expect(received).toHaveLength(1);
      const post = received[0] as { method: string; type: string; body: Record<string, unknown> };
      expect(post.method).toBe('POST');
      expect(post.type).toBe('application/json');
      expect(post.body).toMatchObject({
        source: 'gongkai',
        reasons: ['failed_runs', 'silent_sites'],
        failedRuns: [{ runId: failed, siteId: 'cqna', failures: 2, error: 'http_5xx: 2 report pages failed' }],
        silentSites: [{ siteId: 'hrbng', nights: 2 }],
        newErrorFindings: [],
      });

      // Nothing new since: no second post.
      const again = await gongkai(['alerts'], withEnv);
      expect(again.stdout).toMatch(/nothing to report since the last alert/);
      expect(received).toHaveLength(1);

      // A webhook that is down: one line, exit 1, and the same facts are posted next time.
      const next = await store.startCrawlRun('gzns', 'schedule');
      await store.finishCrawlRun(next, { ...counters, reportsFound: 3, failures: 1 }, 'timeout: 1 page');
      const down = await gongkai(['alerts'], { ...withEnv, GONGKAI_ALERT_WEBHOOK: 'http://127.0.0.1:9/hook' });
      expect(down.code).toBe(1);
      expect(down.stderr.trim().split('\n')).toHaveLength(1);
      expect(down.stderr).toMatch(/^gongkai: alert not delivered: cannot post to the webhook/);
      const retried = await gongkai(['alerts'], withEnv);
      expect(retried.stdout).toMatch(/alert sent .*: failed_runs/);
      expect(
        (received[1] as { body: { failedRuns: { siteId: string }[] } }).body.failedRuns.map((r) => r.siteId),
      ).toEqual(['gzns']);

      const unset = await gongkai(['alerts'], { GONGKAI_ALERT_WEBHOOK: '' });
      expect(unset.code).toBe(1);
      expect(unset.stderr.trim()).toBe('gongkai: GONGKAI_ALERT_WEBHOOK is not set: no webhook to post alerts to');
    } finally {
      await store.close();
      server.close();
    }
  }, 240_000);
});
