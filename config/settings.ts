// Settings from the environment, read once and validated. Every knob a user can turn is here and in README.md's
// Configuration section; no other module reads process.env (test/layout/rules.test.ts checks it).
import path from 'node:path';
import { z } from 'zod';

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
  /** Minimum interval between two requests to one host, in ms (0: no politeness, local replicas only). */
  politenessMs: number;
  /** Real origin → where its requests go instead (replicas, a mirror); stored URLs stay real. */
  originOverrides: Record<string, string>;
  /** The Chromium binary for JavaScript-only listings. */
  chromiumPath: string;
  logLevel: string;
  /** Pretty logs forced on/off; undefined: pretty on a terminal. */
  logPretty: boolean | undefined;
  /** BullMQ key prefix on Redis (and the queue names' namespace): several deployments can share one Redis. */
  queuePrefix: string;
  /** URL posted a JSON summary when a night's run has failures, a site yields nothing, or new error findings. */
  alertWebhook: string | undefined;
  /** A site that yields no report this many nights running raises an alert. */
  alertNoReportNights: number;
  /** The user's site registry file (default $GONGKAI_HOME/sites.yaml). */
  sitesFile: string | undefined;
  /** Wall-clock budget of one document's parse, in ms: the parser process is killed past it (`timeout`). */
  parseBudgetMs: number;
  /** RSS ceiling of one parser process, in MiB: killed past it (`too_large`); also its V8 heap limit. */
  parseMaxRssMiB: number;
}

/** A bad environment variable: the message names it and says what was expected, on one line. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const BOOLEAN: Record<string, boolean> = { '1': true, true: true, yes: true, '0': false, false: false, no: false };

const unset = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);

function url(protocols: string[], example: string) {
  return z.string().refine(
    (v) => {
      try {
        const u = new URL(v);
        return protocols.includes(u.protocol) && u.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: `is not a ${protocols.map((p) => `${p}//`).join(' or ')} URL (e.g. ${example})` },
  );
}

const flag = z
  .string()
  .refine((v) => v.toLowerCase() in BOOLEAN, { message: 'must be 1 or 0 (true/false)' })
  .transform((v) => BOOLEAN[v.toLowerCase()]);

const wholeNumber = (min: number) =>
  z
    .string()
    .refine((v) => /^\d+$/.test(v.trim()) && Number(v) >= min, { message: `must be a whole number ≥ ${min}` })
    .transform(Number);

const schema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/gongkai').optional(),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
  GONGKAI_HOME: z.string().default('.gongkai'),
  GONGKAI_HTTP_PROXY: url(['http:', 'https:'], 'http://proxy:3128').optional(),
  HTTPS_PROXY: url(['http:', 'https:'], 'http://proxy:3128').optional(),
  HTTP_PROXY: url(['http:', 'https:'], 'http://proxy:3128').optional(),
  GONGKAI_ALLOW_PRIVATE: flag.default(false),
  GONGKAI_POLITENESS_MS: wholeNumber(0).default(1000),
  GONGKAI_ORIGIN_OVERRIDES: z
    .string()
    .transform((v, ctx) => {
      try {
        return parseOriginOverrides(v);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          message: `must be REAL=TARGET pairs separated by commas (${(err as Error).message.replace(/^GONGKAI_ORIGIN_OVERRIDES: /, '')})`,
        });
        return z.NEVER;
      }
    })
    .default({}),
  GONGKAI_CHROMIUM: z.string().default('/usr/bin/chromium'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_PRETTY: flag.optional(),
  GONGKAI_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { message: 'must be letters, digits, _ or - (e.g. gongkai-staging)' })
    .default('bull'),
  GONGKAI_ALERT_WEBHOOK: url(['http:', 'https:'], 'https://hooks.example.org/gongkai').optional(),
  GONGKAI_ALERT_NO_REPORT_NIGHTS: wholeNumber(1).default(3),
  GONGKAI_SITES: z.string().optional(),
  GONGKAI_PARSE_BUDGET_MS: wholeNumber(100).default(60_000),
  GONGKAI_PARSE_MAX_RSS_MIB: wholeNumber(64).default(768),
});

/** Every variable the settings read (README's Configuration table lists the same). */
export const SETTING_VARIABLES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** Validate the environment: a bad value throws a SettingsError naming the variable, on one line. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw: Record<string, string | undefined> = {};
  for (const name of SETTING_VARIABLES) raw[name] = unset(env[name]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    // Connection URLs and webhooks may carry a password or token: their value is not repeated.
    const secret = name.endsWith('_URL') || name.endsWith('PROXY') || name.endsWith('WEBHOOK');
    throw new SettingsError(`${name}${secret ? '' : `=${JSON.stringify(raw[name])}`} ${issue.message}`);
  }
  const s = parsed.data;
  return {
    databaseUrl: s.DATABASE_URL,
    redisUrl: s.REDIS_URL,
    home: path.resolve(s.GONGKAI_HOME),
    httpProxy: s.GONGKAI_HTTP_PROXY ?? s.HTTPS_PROXY ?? s.HTTP_PROXY,
    allowPrivateAddresses: s.GONGKAI_ALLOW_PRIVATE,
    politenessMs: s.GONGKAI_POLITENESS_MS,
    originOverrides: s.GONGKAI_ORIGIN_OVERRIDES,
    chromiumPath: s.GONGKAI_CHROMIUM,
    logLevel: s.LOG_LEVEL,
    logPretty: s.LOG_PRETTY,
    queuePrefix: s.GONGKAI_QUEUE_PREFIX,
    alertWebhook: s.GONGKAI_ALERT_WEBHOOK,
    alertNoReportNights: s.GONGKAI_ALERT_NO_REPORT_NIGHTS,
    sitesFile: s.GONGKAI_SITES === undefined ? undefined : path.resolve(s.GONGKAI_SITES),
    parseBudgetMs: s.GONGKAI_PARSE_BUDGET_MS,
    parseMaxRssMiB: s.GONGKAI_PARSE_MAX_RSS_MIB,
  };
}

let current: Settings | undefined;

/** The process's settings, read from its environment once. */
export function settings(): Settings {
  current ??= loadSettings();
  return current;
}

/** Settings of this process's environment with some variables set (`changes`) or defaulted when unset
 *  (`defaults`): the demo's own home and database, a quieter default log level. */
export function loadSettingsWith(
  changes: Record<string, string | undefined>,
  defaults: Record<string, string> = {},
): Settings {
  const env: NodeJS.ProcessEnv = { ...defaults };
  for (const [k, v] of Object.entries(process.env)) if (unset(v) !== undefined) env[k] = v;
  return loadSettings({ ...env, ...changes });
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

// GONGKAI_ORIGIN_OVERRIDES: send a real site's requests elsewhere (the replicas, a mirror) while every stored URL
// stays the real one (the URL rewriting itself is crawlers/fetch/overrides.ts). Format:
// "http://www.szns.gov.cn=http://127.0.0.1:40001,http://www.sz.gov.cn=http://…".
function parseOriginOverrides(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const pair of value.split(/[,\s]+/).filter(Boolean)) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new Error(`GONGKAI_ORIGIN_OVERRIDES: "${pair}" is not REAL=TARGET`);
    const [real, target] = [pair.slice(0, i), pair.slice(i + 1)];
    for (const u of [real, target]) {
      try {
        new URL(u);
      } catch {
        throw new Error(`GONGKAI_ORIGIN_OVERRIDES: "${u}" is not a URL`);
      }
    }
    out[real] = target;
  }
  return out;
}
