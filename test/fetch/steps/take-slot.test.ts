// The politeness step and the hold it takes on every gate: while a request is on its way its host stays taken
// (however long past the interval), and reopens an interval after the response began.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopOutcome } from '../../../crawlers/fetch/chain.js';
import { type HostGate, MemoryHostGate, sleep } from '../../../crawlers/fetch/host-gate.js';
import { PgHostGate } from '../../../crawlers/fetch/host-gate-pg.js';
import { RedisHostGate } from '../../../crawlers/fetch/host-gate-redis.js';
import { takeSlot } from '../../../crawlers/fetch/steps/take-slot.js';
import { openPostgres } from '../../../db/db.js';
import { migrate, readMigrations } from '../../../db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { hop, response } from './hop.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const INTERVAL = 150;

let redis: Redis;
let db: TestDatabase;
let pool: pg.Pool;
const prefix = `gongkai-test:${crypto.randomBytes(4).toString('hex')}:slot:`;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
  db = await createTestDatabase('gongkai_slot');
  const migrating = openPostgres(db.url, 1);
  await migrate(
    migrating,
    readMigrations().filter((m) => m.name === 'host_gate'),
  );
  await migrating.close();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await pool?.end();
  await db?.drop();
});

const gates: [string, () => HostGate][] = [
  ['memory', () => new MemoryHostGate()],
  ['Redis', () => new RedisHostGate(redis, { prefix })],
  ['PostgreSQL', () => new PgHostGate((s, p) => pool.query(s, p))],
];

describe.each(gates)('takeSlot on the %s gate', (_name, makeGate) => {
  it('holds the host while the request is on its way, then reopens it an interval after the response began', async () => {
    const gate = makeGate();
    const host = `${crypto.randomBytes(4).toString('hex')}.example`;
    const step = takeSlot({ gate, intervalOf: async () => INTERVAL, slackMs: 0, holdMs: 30_000 });
    let respond!: () => void;
    const onWire = new Promise<void>((r) => (respond = r));
    let responded = 0;
    // The first request sits "on the wire" for 3 intervals before its response begins.
    const first = step(hop(`http://${host}/a`), async (h) => {
      await onWire;
      h.onResponse?.();
      responded = performance.now();
      await sleep(50); // the body is still coming: the host is open again already
      return { kind: 'response', hop: h, response: response(200) };
    });
    await sleep(3 * INTERVAL);
    // Long past the interval, the host is still held: a deferring caller is told to look again within an interval.
    const busy = await step(hop(`http://${host}/b`, { politeness: 'defer' }), async () => {
      throw new Error('must not be sent while the host is held');
    });
    expect(busy).toMatchObject({ kind: 'result', result: { status: 'error', deferred: true, retryable: true } });
    const wait = busy.kind === 'result' && busy.result.status === 'error' ? busy.result.retryAfterMs! : 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(INTERVAL);
    respond();
    // A waiting caller goes no earlier than an interval after the first response began.
    const sentAt = await new Promise<number>((resolve, reject) => {
      step(hop(`http://${host}/c`), async (h): Promise<HopOutcome> => {
        resolve(performance.now());
        return { kind: 'response', hop: h, response: response(200) };
      }).catch(reject);
    });
    await first;
    expect(sentAt - responded).toBeGreaterThanOrEqual(INTERVAL - 2); // clocks of the gate and this process
  });

  it('a request that fails before any response still releases the host', async () => {
    const gate = makeGate();
    const host = `${crypto.randomBytes(4).toString('hex')}.example`;
    const step = takeSlot({ gate, intervalOf: async () => INTERVAL, slackMs: 0, holdMs: 30_000 });
    await expect(
      step(hop(`http://${host}/a`), async () => {
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    const t = performance.now();
    await step(hop(`http://${host}/b`), async (h) => ({ kind: 'response', hop: h, response: response(200) }));
    expect(performance.now() - t).toBeLessThan(10_000); // not the 30 s hold
  });

  it('a holder whose hold ran out cannot shorten the next holder', async () => {
    const gate = makeGate();
    const host = `${crypto.randomBytes(4).toString('hex')}.example`;
    const a = await gate.tryAcquire(host, INTERVAL, 100);
    expect(a.go).toBe(true);
    await sleep(150); // a's hold ran out
    const b = await gate.tryAcquire(host, INTERVAL, 30_000);
    expect(b.go).toBe(true);
    await gate.release!(host, INTERVAL, a.go ? a.token : undefined); // late release by a
    await sleep(INTERVAL + 50);
    expect((await gate.tryAcquire(host, INTERVAL, 30_000)).go).toBe(false); // b still holds it
    await gate.release!(host, 5_000, b.go ? b.token : undefined);
    expect((await gate.tryAcquire(host, 5_000, 30_000)).go).toBe(false); // released: open an interval from now
  });
});

describe('takeSlot without a gate or with politeness 0', () => {
  it('sends at once', async () => {
    for (const opts of [
      { gate: undefined, intervalOf: async () => 1000 },
      { gate: new MemoryHostGate(), intervalOf: async () => 0 },
    ]) {
      const step = takeSlot({ ...opts, slackMs: 0, holdMs: 1000 });
      for (let i = 0; i < 3; i++)
        expect(
          (await step(hop('http://x.gov.cn/'), async (h) => ({ kind: 'response', hop: h, response: response(200) })))
            .kind,
        ).toBe('response');
    }
  });
});
