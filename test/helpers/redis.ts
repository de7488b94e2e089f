// Remove every Redis key a test or benchmark created under its own prefix (never touches other keys).
import { Redis } from 'ioredis';

export async function deleteRedisPrefix(redisUrl: string, ...prefixes: string[]): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit();
  }
}
