// Host scope: a site may only fetch from its own hosts and its attachment hosts.

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
