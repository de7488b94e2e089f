// createFetcher: the polite, guarded HTTP client every crawl request goes through. Per request: host scope →
// robots.txt → per-host politeness slot → one exchange (SSRF-checked at connect time) → redirects handled by hand,
// each hop checked again. Raw bytes are kept; decoding is the parsers' job.
import crypto from 'node:crypto';
import type { Dispatcher } from 'undici';
import { forbiddenAddressOf, type ResolveAll } from './address-guard.js';
import { acquireSlot, type HostGate } from './host-gate.js';
import { createDispatcher, exchange, FetchFailure, type RawResponse, type Timeouts } from './http.js';
import { BaseUrlOverrides } from './overrides.js';
import { parseRetryAfter } from './retry-after.js';
import { RobotsCache } from './robots.js';
import { inScope } from './scope.js';
import type { Fetcher, FetchRequest, FetchResult } from './types.js';

export const USER_AGENT = 'gongkai/0.1 (+government information disclosure annual-report crawler)';
/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'gongkai';

export interface FetcherOptions {
  userAgent?: string;
  timeouts?: Partial<Timeouts>;
  /** Abort a body past this many bytes (default 50 MiB). */
  maxBytes?: number;
  /** Redirect hops followed (default 5). */
  maxRedirects?: number;
  /** The hosts of a site (own + attachment hosts), when a request does not carry `allowedHosts`. */
  scopeOf?: (siteId: string) => readonly string[] | undefined;
  /** Real origin (or URL prefix) → base to send requests to instead. Results keep the real URL. */
  overrides?: Record<string, string>;
  /** Allow private/loopback/link-local targets (the local replicas). Default false. */
  allowPrivateAddresses?: boolean;
  /** Single private addresses allowed even when the rest are refused (a local mirror, e.g. ['10.0.0.5']). */
  privateAddressAllowlist?: string[];
  /** Name resolution for the address guard (default dns.lookup): every address a name resolves to is checked. */
  resolveAll?: ResolveAll;
  /** HTTP proxy URL, credentials allowed (`http://user:pass@proxy:3128`); never logged or returned. */
  proxy?: string;
  /** Obey robots.txt (default true). */
  robots?: boolean;
  robotsTtlMs?: number;
  /** Per-host politeness across processes; without one, no politeness delay is applied. */
  gate?: HostGate;
  /** Minimum interval between two requests to one host (default 1000 ms); robots Crawl-delay raises it. */
  politenessMs?: number;
  /** Added to every interval to absorb gate-to-wire jitter between processes (default 25 ms). */
  politenessSlackMs?: number;
  /** Longest in-process wait for a slot in 'wait' mode (default 10 min). */
  maxPolitenessWaitMs?: number;
}

export interface PoliteFetcher extends Fetcher {
  /** The politeness interval for the host of `realUrl` (configured interval, raised by Crawl-delay). */
  intervalFor(realUrl: string): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 20_000, totalMs: 60_000 };

export function createFetcher(options: FetcherOptions = {}): PoliteFetcher {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? USER_AGENT;
  const allowPrivate = options.allowPrivateAddresses ?? false;
  const overrides = new BaseUrlOverrides(options.overrides);
  const exempt = options.privateAddressAllowlist ?? [];
  const dispatcher: Dispatcher = createDispatcher({
    timeouts,
    allowPrivate,
    exempt,
    proxy: options.proxy,
    resolveAll: options.resolveAll,
  });
  const secrets = proxySecrets(options.proxy);
  const redact = (s: string) => secrets.reduce((acc, x) => acc.split(x).join('***'), s);
  const politenessMs = options.politenessMs ?? 1000;
  const hostQueues = new Map<string, Promise<void>>();
  const slackMs = options.politenessSlackMs ?? 25;

  /** Guards that the dispatcher cannot do itself: literal IPs skip DNS, and a proxy resolves names for us. */
  async function preflightAddress(targetUrl: string): Promise<string | null> {
    if (allowPrivate) return null;
    const host = new URL(targetUrl).hostname;
    const literal = /^[\d.]+$|^\[.*\]$/.test(host);
    if (!literal && !options.proxy) return null; // checked at connect time by the guarded lookup
    try {
      const bad = await forbiddenAddressOf(host, exempt, options.resolveAll);
      return bad
        ? `refused: ${host} resolves to ${bad}, a private/loopback/link-local address (set GONGKAI_ALLOW_PRIVATE=1 to allow)`
        : null;
    } catch {
      return null; // unresolvable here: let the request report the network error
    }
  }

  async function send(
    realUrl: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<RawResponse> {
    const target = overrides.toTarget(realUrl);
    const refused = await preflightAddress(target);
    if (refused) throw new FetchFailure('forbidden_address', refused, false);
    return exchange(dispatcher, target, { ...init, maxBytes, totalMs: timeouts.totalMs });
  }

  /** `knownInterval` skips the robots lookup (robots.txt itself is fetched at the configured interval). */
  async function politeWait(realUrl: string, mode: 'wait' | 'defer', knownInterval?: number): Promise<number | null> {
    if (!options.gate) return null;
    const host = new URL(realUrl).hostname;
    const base = knownInterval ?? (await intervalFor(realUrl));
    if (base <= 0) return null; // politeness off (0 ms and no Crawl-delay): no gate round-trip, no slack
    const interval = base + slackMs;
    if (mode === 'defer') {
      const d = await options.gate.tryAcquire(host, interval);
      return d.go ? null : d.waitMs;
    }
    // One waiter per host per fetcher polls the shared gate; the others queue here. Fewer round-trips, and no
    // herd of pollers delaying the winner between its grant and its request.
    const prev = hostQueues.get(host) ?? Promise.resolve();
    const turn = prev.then(() => acquireSlot(options.gate!, host, interval, options.maxPolitenessWaitMs));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    hostQueues.set(host, settled);
    void settled.then(() => {
      if (hostQueues.get(host) === settled) hostQueues.delete(host);
    });
    await turn;
    return null;
  }

  /** After an exchange: the host's next slot opens an interval from now (see HostGate.extend). */
  async function politeDone(realUrl: string, knownInterval?: number): Promise<void> {
    if (!options.gate?.extend) return;
    const base = knownInterval ?? (await intervalFor(realUrl));
    if (base <= 0) return;
    const interval = base + slackMs;
    await options.gate.extend(new URL(realUrl).hostname, interval).catch(() => undefined);
  }

  const robots = new RobotsCache(async (robotsUrl) => {
    try {
      // Follow a few redirects (robots.txt often moves to https or www).
      let url = robotsUrl;
      for (let hop = 0; hop <= 5; hop++) {
        await politeWait(url, 'wait', politenessMs);
        const r = await send(url, {
          method: 'GET',
          headers: { 'user-agent': userAgent, accept: 'text/plain,*/*' },
        }).finally(() => politeDone(url, politenessMs));
        const loc = header(r.headers, 'location');
        if (r.status >= 300 && r.status < 400 && loc) {
          url = redirectTarget(loc, url);
          continue;
        }
        return { status: r.status, body: r.body.toString('utf8') };
      }
      return { error: 'too many redirects' };
    } catch (err) {
      return {
        error: redact((err as Error).message),
        forbidden: err instanceof FetchFailure && err.kind === 'forbidden_address',
      };
    }
  }, options.robotsTtlMs);

  /** The real URL a Location header points to; a Location naming the override target maps back to the real origin. */
  function redirectTarget(location: string, realUrl: string): string {
    const target = new URL(overrides.toTarget(realUrl));
    const abs = new URL(location, target);
    if (abs.origin === target.origin && overrides.size > 0) {
      const real = new URL(realUrl);
      return overrides.toReal(abs.toString()) === abs.toString()
        ? abs.toString()
        : `${real.origin}${abs.pathname}${abs.search}`;
    }
    return overrides.toReal(abs.toString());
  }

  async function intervalFor(realUrl: string): Promise<number> {
    if (options.robots === false) return politenessMs;
    const entry = await robots.get(realUrl);
    const delay = entry.rules?.getCrawlDelay(ROBOTS_AGENT);
    return Math.max(politenessMs, typeof delay === 'number' && Number.isFinite(delay) ? delay * 1000 : 0);
  }

  async function fetchOnce(req: FetchRequest): Promise<FetchResult> {
    let url: string;
    try {
      url = new URL(req.url).toString();
    } catch {
      return { status: 'blocked', url: req.url, reason: `not a URL: ${req.url}` };
    }
    const scope = req.allowedHosts ?? options.scopeOf?.(req.siteId) ?? [new URL(url).hostname];
    const seen = new Set<string>();
    let method = req.method ?? 'GET';
    let body = req.body;
    for (let hop = 0; ; hop++) {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:')
        return { status: 'blocked', url, reason: `unsupported scheme ${u.protocol}` };
      if (!inScope(u.hostname, scope)) {
        return { status: 'blocked', url, reason: `out of scope: ${u.hostname} is not a host of site ${req.siteId}` };
      }
      if (options.robots !== false) {
        const entry = await robots.get(url);
        if (entry.forbidden) return { status: 'blocked', url, reason: entry.unavailable ?? 'forbidden address' };
        if (entry.unavailable)
          return { status: 'error', url, retryable: true, retryAfterMs: 60_000, reason: entry.unavailable };
        if (entry.rules && entry.rules.isAllowed(url, ROBOTS_AGENT) === false) {
          return { status: 'blocked', url, reason: `robots.txt disallows ${u.pathname} for ${ROBOTS_AGENT}` };
        }
      }
      // Later hops always wait: the request is already under way.
      const waitMs = await politeWait(url, hop === 0 ? (req.politeness ?? 'wait') : 'wait');
      if (waitMs !== null) {
        return {
          status: 'error',
          url,
          retryable: true,
          retryAfterMs: waitMs,
          deferred: true,
          reason: `politeness: ${u.hostname} busy for ${waitMs} ms`,
        };
      }

      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: 'text/html,application/xhtml+xml,application/json,application/pdf,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        ...(req.headers ?? {}),
      };
      if (hop === 0 && req.validators?.etag) headers['if-none-match'] = req.validators.etag;
      if (hop === 0 && req.validators?.lastModified) headers['if-modified-since'] = req.validators.lastModified;

      let res: RawResponse;
      try {
        res = await send(url, { method, headers, body }).finally(() => politeDone(url));
      } catch (err) {
        const f = err instanceof FetchFailure ? err : new FetchFailure('network', String(err), true);
        const reason = redact(f.message);
        if (f.kind === 'forbidden_address') return { status: 'blocked', url, reason };
        return { status: 'error', url, retryable: f.retryable, reason };
      }

      const location = header(res.headers, 'location');
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
        seen.add(url);
        const next = redirectTarget(location, url);
        if (seen.has(next))
          return {
            status: 'error',
            url,
            retryable: false,
            httpStatus: res.status,
            reason: `redirect loop: ${next} again`,
          };
        if (hop + 1 > maxRedirects)
          return {
            status: 'error',
            url,
            retryable: false,
            httpStatus: res.status,
            reason: `too many redirects (more than ${maxRedirects})`,
          };
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      if (res.status === 304) return { status: 'not_modified', url };
      if (res.status >= 200 && res.status < 300) {
        const bytes = new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength);
        return {
          status: 'ok',
          url,
          httpStatus: res.status,
          contentType: header(res.headers, 'content-type') ?? null,
          bytes,
          etag: header(res.headers, 'etag') ?? null,
          lastModified: header(res.headers, 'last-modified') ?? null,
          sha256: crypto.createHash('sha256').update(res.body).digest('hex'),
        };
      }
      const retryAfterMs = parseRetryAfter(header(res.headers, 'retry-after'));
      const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
      return {
        status: 'error',
        url,
        retryable,
        httpStatus: res.status,
        ...(retryAfterMs !== undefined && retryable ? { retryAfterMs } : {}),
        reason: `HTTP ${res.status}${retryable ? '' : ' (not retried)'}${retryAfterMs !== undefined ? `, Retry-After ${Math.round(retryAfterMs / 1000)} s` : ''}`,
      };
    }
  }

  return {
    async fetch(req) {
      try {
        return await fetchOnce(req);
      } catch (err) {
        // A fetcher never throws: anything unexpected becomes a retryable error with a one-line reason.
        return {
          status: 'error',
          url: req.url,
          retryable: true,
          reason: redact(`fetcher: ${(err as Error).message ?? String(err)}`),
        };
      }
    },
    intervalFor,
    async close() {
      await dispatcher.close();
    },
  };
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function proxySecrets(proxy: string | undefined): string[] {
  if (!proxy) return [];
  try {
    const u = new URL(proxy);
    const out = [proxy];
    if (u.password) out.push(u.password, decodeURIComponent(u.password));
    if (u.username) out.push(`${u.username}:`);
    return out.filter((s) => s.length > 0);
  } catch {
    return [proxy];
  }
}
