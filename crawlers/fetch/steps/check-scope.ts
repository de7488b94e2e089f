// Step 1, scope: a site may only fetch http(s) from its own hosts and its attachment hosts (every hop, so a
// redirect cannot lead out of them).
import type { Step } from '../chain.js';

/** `pattern` is a host name ("www.sz.gov.cn") or a suffix pattern ("*.sz.gov.cn" / ".sz.gov.cn"). */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().trim();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) || h === p.slice(2);
  if (p.startsWith('.')) return h.endsWith(p) || h === p.slice(1);
  return h === p;
}

export function inScope(host: string, allowed: readonly string[]): boolean {
  return allowed.some((p) => hostMatches(host, p));
}

export const checkScope: Step = async (hop, next) => {
  const u = new URL(hop.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return {
      kind: 'result',
      refusal: 'scheme',
      result: { status: 'blocked', url: hop.url, reason: `unsupported scheme ${u.protocol}` },
    };
  if (!inScope(u.hostname, hop.scope))
    return {
      kind: 'result',
      refusal: 'out_of_scope',
      result: {
        status: 'blocked',
        url: hop.url,
        reason: `out of scope: ${u.hostname} is not a host of site ${hop.siteId}`,
      },
    };
  return next(hop);
};
