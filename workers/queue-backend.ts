// biome-ignore-all lint/suspicious/noExplicitAny: connection options differ per backend; the classes are one API
// The queue backend chosen by settings: Redis when REDIS_URL is set, else BullMQ's own PostgreSQL backend on
// DATABASE_URL, else on the embedded PGlite served in-process by pglite-socket. The same BullMQ classes either way.
import { createPostgresBackend, Queue, QueueEvents, Worker, withBackend } from 'bullmq';
import { Redis } from 'ioredis';
import type { Settings } from '../config/settings.js';
import { redactUrl } from '../config/settings.js';

type Classes = {
  Queue: new <D = any, R = any>(name: string, opts: any) => Queue<D, R>;
  Worker: new <D = any, R = any>(name: string, processor: any, opts: any) => Worker<D, R>;
  QueueEvents: new (name: string, opts: any) => QueueEvents;
};

export interface QueueBackend {
  kind: 'redis' | 'postgres' | 'embedded';
  /** Where the queues live, for humans (password redacted). */
  location: string;
  Queue: Classes['Queue'];
  Worker: Classes['Worker'];
  QueueEvents: Classes['QueueEvents'];
  /** Connection options for the BullMQ classes. */
  connection: unknown;
  /** Redis key prefix (Redis only; a unique one per test keeps tests apart). */
  prefix?: string;
  /** The Redis client (for a Redis HostGate), when on Redis. */
  redis?: Redis;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** The served embedded PGlite (workers/embedded.ts), used when neither Redis nor Postgres is set. */
  embeddedUrl?: string;
  prefix?: string;
}

export async function openQueueBackend(settings: Settings, opts: BackendOptions = {}): Promise<QueueBackend> {
  if (settings.redisUrl) {
    // maxRetriesPerRequest: null is required for workers (BullMQ production guide); enableOfflineQueue stays on
    // for workers so they reconnect, and a failed first connection is reported clearly.
    const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    // Until connected, errors are ours to report (one line), not ioredis' "Unhandled error event" with its stack.
    let refused: Error | undefined;
    const quiet = (err: Error) => {
      refused ??= err;
    };
    redis.on('error', quiet);
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new Error(
        `cannot connect to Redis at ${redactUrl(settings.redisUrl)}: ${(refused ?? (err as Error)).message}`,
      );
    }
    redis.off('error', quiet);
    const policy = (await redis.config('GET', 'maxmemory-policy').catch(() => null)) as string[] | null;
    return {
      kind: 'redis',
      location: `${redactUrl(settings.redisUrl)}${policy && policy[1] !== 'noeviction' ? ` (warning: maxmemory-policy ${policy[1]}, BullMQ needs noeviction)` : ''}`,
      Queue: Queue as unknown as Classes['Queue'],
      Worker: Worker as unknown as Classes['Worker'],
      QueueEvents: QueueEvents as unknown as Classes['QueueEvents'],
      connection: redis,
      prefix: opts.prefix ?? settings.queuePrefix,
      redis,
      close: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }
  const classes = withBackend(createPostgresBackend) as unknown as Classes;
  if (settings.databaseUrl) {
    return {
      kind: 'postgres',
      location: `${redactUrl(settings.databaseUrl)} (schema bullmq)`,
      ...classes,
      connection: { connectionString: settings.databaseUrl, migrate: true, max: 4 },
      close: async () => {},
    };
  }
  if (!opts.embeddedUrl) throw new Error('no REDIS_URL, no DATABASE_URL and no embedded database to run the queues on');
  return {
    kind: 'embedded',
    location: `embedded PGlite (${opts.embeddedUrl})`,
    ...classes,
    connection: { connectionString: opts.embeddedUrl, migrate: true, max: 2 },
    close: async () => {},
  };
}
