// Step 6, redirects, followed by hand: each Location becomes a new hop that goes through the whole chain again
// (scope, robots, politeness, address guard), without the first hop's conditional headers. Loops and more than
// `maxRedirects` hops end the fetch; 303 (and 301/302 after a POST) turn the request into a GET.
import { type Hop, header, type Step } from '../chain.js';
import type { BaseUrlOverrides } from '../overrides.js';

export function followRedirects(maxRedirects: number, overrides: BaseUrlOverrides): Step {
  /** The real URL a Location points to; a Location naming the override target maps back to the real origin. */
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

  return async (first, next) => {
    const seen = new Set<string>();
    let hop: Hop = first;
    for (;;) {
      const out = await next(hop);
      if (out.kind !== 'response') return out;
      const { status, headers } = out.response;
      const location = header(headers, 'location');
      if (status < 300 || status >= 400 || status === 304 || !location) return out;
      seen.add(hop.url);
      const url = redirectTarget(location, hop.url);
      const stop = (reason: string) =>
        ({
          kind: 'result',
          result: { status: 'error', url: hop.url, retryable: false, httpStatus: status, reason },
        }) as const;
      if (seen.has(url)) return stop(`redirect loop: ${url} again`);
      if (hop.hop + 1 > maxRedirects) return stop(`too many redirects (more than ${maxRedirects})`);
      const toGet = status === 303 || ((status === 301 || status === 302) && hop.method === 'POST');
      const { 'if-none-match': _etag, 'if-modified-since': _since, ...headersAfter } = hop.headers;
      hop = {
        ...first,
        url,
        hop: hop.hop + 1,
        method: toGet ? 'GET' : hop.method,
        body: toGet ? undefined : hop.body,
        headers: headersAfter,
      };
    }
  };
}
