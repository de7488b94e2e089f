// Step 5, the request: one exchange on the wire (to the override target, if any), with the hop's politeness
// release called as soon as the response headers are in. Transport failures become results with one-line reasons.
import type { Dispatcher } from 'undici';
import type { Next } from '../chain.js';
import { exchange, FetchFailure } from '../http.js';

export interface SendOptions {
  dispatcher: Dispatcher;
  toTarget: (realUrl: string) => string;
  maxBytes: number;
  /** 'abort' fails a body past maxBytes (documents); 'truncate' keeps its first maxBytes (robots.txt). */
  overflow: 'abort' | 'truncate';
  totalMs: number;
  /** Removes secrets (proxy credentials) from reasons. */
  redact: (s: string) => string;
}

export function sendRequest(opts: SendOptions): Next {
  return async (hop) => {
    try {
      const response = await exchange(opts.dispatcher, opts.toTarget(hop.url), {
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        maxBytes: opts.maxBytes,
        overflow: opts.overflow,
        totalMs: opts.totalMs,
        onHeaders: hop.onResponse,
      });
      return { kind: 'response', hop, response };
    } catch (err) {
      const f = err instanceof FetchFailure ? err : new FetchFailure('network', String(err), true);
      const reason = opts.redact(f.message);
      if (f.kind === 'forbidden_address')
        return { kind: 'result', refusal: 'forbidden_address', result: { status: 'blocked', url: hop.url, reason } };
      return { kind: 'result', result: { status: 'error', url: hop.url, retryable: f.retryable, reason } };
    }
  };
}
