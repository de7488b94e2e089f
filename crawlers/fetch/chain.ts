// The fetcher as an ordered chain of small steps, in the spirit of Scrapy's downloader middlewares. A hop (one
// request for one URL) passes down the chain to the wire; what comes back passes up through the same steps.
// Any step may end the hop with a result of its own (blocked, deferred, an error) instead of calling the next one.
import type { RawResponse } from './http.js';
import type { FetchResult } from './types.js';

export interface Hop {
  /** The real URL of this hop (stored as provenance; a base-URL override may send it elsewhere). */
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers: Record<string, string>;
  /** 0 for the request as asked, then one more per redirect followed. */
  hop: number;
  siteId: string;
  /** Hosts this request may reach (checked on every hop). */
  scope: readonly string[];
  /** What to do when the host's politeness slot is taken (later hops always wait). */
  politeness: 'wait' | 'defer';
  /** Called once when the response begins (headers in) or the exchange failed: the politeness step's release. */
  onResponse?: () => void;
}

/** Why a step refused a hop, for callers that treat refusals differently (the robots.txt loader). */
export type Refusal = 'scheme' | 'out_of_scope' | 'robots' | 'forbidden_address';

export type HopOutcome =
  | { kind: 'response'; hop: Hop; response: RawResponse }
  | { kind: 'result'; result: FetchResult; refusal?: Refusal };

export type Next = (hop: Hop) => Promise<HopOutcome>;
export type Step = (hop: Hop, next: Next) => Promise<HopOutcome>;

/** Steps outermost first, ending at `last` (the one that puts the request on the wire). */
export function chain(steps: readonly Step[], last: Next): Next {
  return steps.reduceRight<Next>((next, step) => (hop) => step(hop, next), last);
}

export function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}
