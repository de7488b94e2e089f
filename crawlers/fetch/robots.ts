// robots.txt per origin, fetched once and cached (robots-parser): allowed paths and Crawl-delay. Only the parsed
// rules are kept, never the file; and the file is read up to ROBOTS_MAX_BYTES (500 KiB, as Google does: the rest is
// ignored), so a hostile origin costs the cache at most the rules of 500 KiB of text.
import { createRequire } from 'node:module';
import type { Next } from './chain.js';

export const ROBOTS_MAX_BYTES = 500 * 1024;

export interface RobotsRules {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS with `module.exports = fn`; its typings claim a default export, so load it directly.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, txt: string) => RobotsRules;

/** `rules` null means "allow everything" (no robots.txt); `unavailable` means a server error: try again later. */
export type RobotsEntry = { rules: RobotsRules | null; fetchedAt: number; unavailable?: string; forbidden?: boolean };

/** What loading robots.txt gave: a response, a failure, or a redirect out of the site's hosts (not followed). */
export type RobotsLoad =
  | { status: number; body: string }
  | { error: string; forbidden?: boolean }
  | { outOfScope: string };

export class RobotsCache {
  private entries = new Map<string, Promise<RobotsEntry>>();

  constructor(
    private readonly load: (robotsUrl: string, scope: readonly string[]) => Promise<RobotsLoad>,
    private readonly ttlMs = 60 * 60_000,
    private readonly failureTtlMs = 30_000,
  ) {}

  /** The entry for the origin of `realUrl`; `scope` is the hosts its robots.txt (and redirects) may be read from. */
  async get(realUrl: string, scope: readonly string[] = [new URL(realUrl).hostname]): Promise<RobotsEntry> {
    const origin = new URL(realUrl).origin;
    const cached = this.entries.get(origin);
    if (cached) {
      const e = await cached;
      const ttl = e.unavailable ? this.failureTtlMs : this.ttlMs;
      if (Date.now() - e.fetchedAt < ttl) return e;
    }
    const p = this.fetch(origin, scope);
    this.entries.set(origin, p);
    return p;
  }

  private async fetch(origin: string, scope: readonly string[]): Promise<RobotsEntry> {
    const robotsUrl = `${origin}/robots.txt`;
    const r = await this.load(robotsUrl, scope);
    const fetchedAt = Date.now();
    if ('outOfScope' in r) return { rules: null, fetchedAt }; // the origin gave no rules of its own
    if ('error' in r)
      return {
        rules: null,
        fetchedAt,
        unavailable: r.forbidden ? r.error : `robots.txt unavailable: ${r.error}`,
        ...(r.forbidden ? { forbidden: true } : {}),
      };
    if (r.status >= 200 && r.status < 300)
      return { rules: robotsParser(robotsUrl, r.body.slice(0, ROBOTS_MAX_BYTES)), fetchedAt };
    // RFC 9309: 4xx means no rules; 5xx (and 429) means the site cannot say, so do not crawl yet.
    if (r.status >= 400 && r.status < 500 && r.status !== 429) return { rules: null, fetchedAt };
    return { rules: null, fetchedAt, unavailable: `robots.txt unavailable (HTTP ${r.status})` };
  }
}

/** One robots.txt through the fetcher's robots chain (redirects, scope, politeness, address guard, request). */
export async function loadRobots(
  robotsChain: Next,
  robotsUrl: string,
  scope: readonly string[],
  userAgent: string,
  redact: (s: string) => string,
): Promise<RobotsLoad> {
  try {
    const out = await robotsChain({
      url: robotsUrl,
      method: 'GET',
      headers: { 'user-agent': userAgent, accept: 'text/plain,*/*' },
      hop: 0,
      siteId: 'robots.txt',
      scope,
      politeness: 'wait',
    });
    if (out.kind === 'response') return { status: out.response.status, body: out.response.body.toString('utf8') };
    const reason = 'reason' in out.result ? out.result.reason : out.result.status;
    if (out.refusal === 'out_of_scope' || out.refusal === 'scheme') return { outOfScope: reason };
    return { error: reason, forbidden: out.refusal === 'forbidden_address' };
  } catch (err) {
    return { error: redact((err as Error).message) };
  }
}
