// Switchable faults of a replica site. Each applies to the site's paths (robots.txt excluded unless `paths`
// names it), optionally only to the first `times` matching requests.

export type Fault =
  /** Delay the response by `ms`. */
  | { kind: 'latency'; ms: number; paths?: RegExp; times?: number }
  /** Answer 500 (or `status`, e.g. 503). */
  | { kind: 'error'; status?: number; paths?: RegExp; times?: number }
  /** Answer 429 with a Retry-After header (seconds, or an HTTP date). */
  | { kind: 'rate_limit'; retryAfter: string; paths?: RegExp; times?: number }
  /** Destroy the connection without an answer. */
  | { kind: 'reset'; paths?: RegExp; times?: number }
  /** Send headers and then body bytes forever. */
  | { kind: 'endless'; paths?: RegExp; times?: number }
  /** Redirect back and forth between two URLs forever. */
  | { kind: 'redirect_loop'; paths?: RegExp; times?: number };

export interface ActiveFault {
  fault: Fault;
  hits: number;
}

/** The first active fault that matches this path and still has uses left (counting the use). */
export function takeFault(faults: ActiveFault[], pathAndQuery: string): Fault | null {
  for (const f of faults) {
    const { paths, times } = f.fault;
    const matches = paths ? paths.test(pathAndQuery) : !pathAndQuery.startsWith('/robots.txt');
    if (!matches) continue;
    if (times !== undefined && f.hits >= times) continue;
    f.hits++;
    return f.fault;
  }
  return null;
}
