// Step 2, robots.txt: a path the origin's robots.txt disallows for our token is refused; a robots.txt the site
// cannot serve (5xx, 429, network) defers the request; one behind a forbidden address blocks it.
import type { Step } from '../chain.js';
import type { RobotsCache } from '../robots.js';

export function obeyRobots(robots: RobotsCache, agent: string): Step {
  return async (hop, next) => {
    const entry = await robots.get(hop.url, hop.scope);
    if (entry.forbidden)
      return {
        kind: 'result',
        refusal: 'forbidden_address',
        result: { status: 'blocked', url: hop.url, reason: entry.unavailable ?? 'forbidden address' },
      };
    if (entry.unavailable)
      return {
        kind: 'result',
        result: { status: 'error', url: hop.url, retryable: true, retryAfterMs: 60_000, reason: entry.unavailable },
      };
    if (entry.rules && entry.rules.isAllowed(hop.url, agent) === false)
      return {
        kind: 'result',
        refusal: 'robots',
        result: {
          status: 'blocked',
          url: hop.url,
          reason: `robots.txt disallows ${new URL(hop.url).pathname} for ${agent}`,
        },
      };
    return next(hop);
  };
}
