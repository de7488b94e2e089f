// Step 4, address guard, for what the connection's own guard (the `lookup` hook in http.ts, checked at connect
// time) cannot see: literal IP targets skip DNS, and through a proxy the proxy resolves names. Those are resolved
// and judged here, before anything is sent.
import { forbiddenAddressOf, type ResolveAll } from '../address-guard.js';
import type { Step } from '../chain.js';

export interface GuardOptions {
  allowPrivate: boolean;
  exempt: readonly string[];
  proxy: boolean;
  resolveAll?: ResolveAll;
  /** The URL actually connected to for a real URL (base-URL overrides). */
  toTarget: (realUrl: string) => string;
}

export function guardAddress(opts: GuardOptions): Step {
  return async (hop, next) => {
    if (opts.allowPrivate) return next(hop);
    const host = new URL(opts.toTarget(hop.url)).hostname;
    const literal = /^[\d.]+$|^\[.*\]$/.test(host);
    if (!literal && !opts.proxy) return next(hop); // checked at connect time by the guarded lookup
    let bad: string | null = null;
    try {
      bad = await forbiddenAddressOf(host, opts.exempt, opts.resolveAll);
    } catch {
      // unresolvable here: let the request report the network error
    }
    if (!bad) return next(hop);
    return {
      kind: 'result',
      refusal: 'forbidden_address',
      result: {
        status: 'blocked',
        url: hop.url,
        reason: `refused: ${host} resolves to ${bad}, a private/loopback/link-local address (set GONGKAI_ALLOW_PRIVATE=1 to allow)`,
      },
    };
  };
}
