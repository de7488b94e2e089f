// Step 3, politeness: the host's slot is taken with a hold before the request goes out and released when its
// response begins (see host-gate.ts), so two requests to one host reach it at least the interval apart however
// long each spent between its grant and the wire. 'defer' answers at once when the host is busy; 'wait' sleeps.
import type { Step } from '../chain.js';
import { acquireSlot, type HostGate } from '../host-gate.js';

export interface SlotOptions {
  gate: HostGate | undefined;
  /** The host's interval for this URL (configured, raised by Crawl-delay); ≤ 0 turns politeness off. */
  intervalOf: (url: string) => Promise<number>;
  /** Added to every interval as extra margin. */
  slackMs: number;
  /** Longest a held slot stays taken when its holder never releases it (a process that died). */
  holdMs: number;
  maxWaitMs?: number;
}

export function takeSlot(opts: SlotOptions): Step {
  const { gate } = opts;
  // One waiter per host per fetcher polls the shared gate; the others queue here: fewer round-trips.
  const hostQueues = new Map<string, Promise<void>>();

  function queuedAcquire(host: string, interval: number, holdMs: number): Promise<string | undefined> {
    const prev = hostQueues.get(host) ?? Promise.resolve();
    const turn = prev.then(() => acquireSlot(gate!, host, interval, holdMs, opts.maxWaitMs));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    hostQueues.set(host, settled);
    void settled.then(() => {
      if (hostQueues.get(host) === settled) hostQueues.delete(host);
    });
    return turn;
  }

  return async (hop, next) => {
    if (!gate) return next(hop);
    const base = await opts.intervalOf(hop.url);
    if (base <= 0) return next(hop); // politeness off (0 ms and no Crawl-delay): no gate round-trip
    const host = new URL(hop.url).hostname;
    const interval = base + opts.slackMs;
    const holdMs = opts.holdMs + interval;
    let token: string | undefined;
    if (hop.hop === 0 && hop.politeness === 'defer') {
      const d = await gate.tryAcquire(host, interval, holdMs);
      if (!d.go)
        return {
          kind: 'result',
          result: {
            status: 'error',
            url: hop.url,
            retryable: true,
            retryAfterMs: d.waitMs,
            deferred: true,
            reason: `politeness: ${host} busy for ${d.waitMs} ms`,
          },
        };
      token = d.token;
    } else {
      token = await queuedAcquire(host, interval, holdMs); // later hops always wait: the request is under way
    }
    let released: Promise<void> | undefined;
    const release = () => {
      released ??= (gate.release?.(host, interval, token) ?? Promise.resolve()).catch(() => undefined);
    };
    try {
      return await next({
        ...hop,
        onResponse: () => {
          hop.onResponse?.();
          release();
        },
      });
    } finally {
      release();
      await released;
    }
  };
}
