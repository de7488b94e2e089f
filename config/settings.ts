// Settings from the environment, read once. Every knob a user can turn is here and in README.md.
import path from 'node:path';

export interface Settings {
  /** PostgreSQL URL; unset → embedded PGlite under `home`. */
  databaseUrl: string | undefined;
  /** Redis URL; unset → BullMQ's PostgreSQL backend (on databaseUrl or the embedded PGlite). */
  redisUrl: string | undefined;
  /** Where embedded data lives (PGlite files, raw documents cache). */
  home: string;
  /** Optional HTTP(S) proxy for crawl requests. */
  httpProxy: string | undefined;
  /** Allow requests to private/loopback addresses (needed for the local replica portals). */
  allowPrivateAddresses: boolean;
  logLevel: string;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    home: path.resolve(env.GONGKAI_HOME || '.gongkai'),
    httpProxy: env.GONGKAI_HTTP_PROXY || env.HTTPS_PROXY || env.HTTP_PROXY || undefined,
    allowPrivateAddresses: env.GONGKAI_ALLOW_PRIVATE === '1' || env.GONGKAI_ALLOW_PRIVATE === 'true',
    logLevel: env.LOG_LEVEL || 'info',
  };
}

/** Strip the password from a connection URL before it is logged or shown. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
