// createFetcher: the polite, guarded HTTP client every crawl request goes through, composed as an ordered chain
// (chain.ts): result decision ← redirects ← scope → robots.txt → politeness → address guard → request. Raw bytes
// are kept; decoding is the parsers' job. A fetcher never throws: every outcome is a FetchResult.
import type { Dispatcher } from 'undici';
import type { ResolveAll } from './address-guard.js';
import { chain, type Step } from './chain.js';
import type { HostGate } from './host-gate.js';
import { createDispatcher, redactorOf, type Timeouts } from './http.js';
import { BaseUrlOverrides } from './overrides.js';
import { loadRobots, ROBOTS_MAX_BYTES, RobotsCache } from './robots.js';
import { checkScope } from './steps/check-scope.js';
import { decideResult } from './steps/decide-result.js';
import { followRedirects } from './steps/follow-redirects.js';
import { guardAddress } from './steps/guard-address.js';
import { obeyRobots } from './steps/obey-robots.js';
import { sendRequest } from './steps/send-request.js';
import { takeSlot } from './steps/take-slot.js';
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
  /** Added to every interval as extra margin (default 25 ms). */
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
const ACCEPT = 'text/html,application/xhtml+xml,application/json,application/pdf,*/*;q=0.8';

export function createFetcher(options: FetcherOptions = {}): PoliteFetcher {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const userAgent = options.userAgent ?? USER_AGENT;
  const politenessMs = options.politenessMs ?? 1000;
  const overrides = new BaseUrlOverrides(options.overrides);
  const toTarget = (url: string) => overrides.toTarget(url);
  const allowPrivate = options.allowPrivateAddresses ?? false;
  const exempt = options.privateAddressAllowlist ?? [];
  const dispatcher: Dispatcher = createDispatcher({
    timeouts,
    allowPrivate,
    exempt,
    proxy: options.proxy,
    resolveAll: options.resolveAll,
  });
  const redact = redactorOf(options.proxy);

  const slotWith = (intervalOf: (url: string) => Promise<number>): Step =>
    takeSlot({
      gate: options.gate,
      intervalOf,
      slackMs: options.politenessSlackMs ?? 25,
      // A request holds its host until its response begins: connect and headers are bounded by these timeouts.
      holdMs: timeouts.connectMs + timeouts.headersMs,
      maxWaitMs: options.maxPolitenessWaitMs,
    });
  const guard = guardAddress({
    allowPrivate,
    exempt,
    proxy: Boolean(options.proxy),
    resolveAll: options.resolveAll,
    toTarget,
  });
  const send = (maxBytes: number, overflow: 'abort' | 'truncate') =>
    sendRequest({ dispatcher, toTarget, maxBytes, overflow, totalMs: timeouts.totalMs, redact });

  // robots.txt goes through the same steps (bar robots itself) at the configured interval, read up to 500 KiB.
  const robotsChain = chain(
    [followRedirects(5, overrides), checkScope, slotWith(async () => politenessMs), guard],
    send(ROBOTS_MAX_BYTES, 'truncate'),
  );
  const robots = new RobotsCache(
    (robotsUrl, scope) => loadRobots(robotsChain, robotsUrl, scope, userAgent, redact),
    options.robotsTtlMs,
  );

  async function intervalFor(realUrl: string): Promise<number> {
    if (options.robots === false) return politenessMs;
    const entry = await robots.get(realUrl);
    const delay = entry.rules?.getCrawlDelay(ROBOTS_AGENT);
    return Math.max(politenessMs, typeof delay === 'number' && Number.isFinite(delay) ? delay * 1000 : 0);
  }

  const fetchChain = chain(
    [
      decideResult,
      followRedirects(options.maxRedirects ?? 5, overrides),
      checkScope,
      ...(options.robots === false ? [] : [obeyRobots(robots, ROBOTS_AGENT)]),
      slotWith(intervalFor),
      guard,
    ],
    send(options.maxBytes ?? 50 * 1024 * 1024, 'abort'),
  );

  async function fetchOnce(req: FetchRequest): Promise<FetchResult> {
    let url: string;
    try {
      url = new URL(req.url).toString();
    } catch {
      return { status: 'blocked', url: req.url, reason: `not a URL: ${req.url}` };
    }
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    Object.assign(headers, req.headers);
    if (req.validators?.etag) headers['if-none-match'] = req.validators.etag;
    if (req.validators?.lastModified) headers['if-modified-since'] = req.validators.lastModified;
    const out = await fetchChain({
      url,
      method: req.method ?? 'GET',
      body: req.body,
      headers,
      hop: 0,
      siteId: req.siteId,
      scope: req.allowedHosts ?? options.scopeOf?.(req.siteId) ?? [new URL(url).hostname],
      politeness: req.politeness ?? 'wait',
    });
    if (out.kind !== 'result') throw new Error('the chain ended without a result'); // decideResult always makes one
    return out.result;
  }

  return {
    async fetch(req) {
      try {
        return await fetchOnce(req);
      } catch (err) {
        // Anything unexpected (a gate that is down) becomes a retryable error with a one-line reason.
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
