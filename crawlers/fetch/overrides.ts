// Base-URL overrides: a real origin (or URL prefix) is sent to another base — the local replicas, a mirror — while
// the URL a crawl stores stays the real one.

export class BaseUrlOverrides {
  /** [real prefix, replacement prefix], longest real prefix first. */
  private readonly pairs: [string, string][];

  constructor(map: Record<string, string> = {}) {
    this.pairs = Object.entries(map)
      .map(([real, to]) => [normalize(real), normalize(to)] as [string, string])
      .sort((a, b) => b[0].length - a[0].length);
  }

  get size(): number {
    return this.pairs.length;
  }

  /** The URL to connect to for a real URL. */
  toTarget(realUrl: string): string {
    for (const [real, to] of this.pairs) if (startsWithPrefix(realUrl, real)) return to + realUrl.slice(real.length);
    return realUrl;
  }

  /** The real URL of a target URL (a redirect Location that names the replica itself). */
  toReal(targetUrl: string): string {
    for (const [real, to] of this.pairs) if (startsWithPrefix(targetUrl, to)) return real + targetUrl.slice(to.length);
    return targetUrl;
  }
}

function normalize(prefix: string): string {
  const u = new URL(prefix);
  const path = u.pathname === '/' && !prefix.endsWith('/') ? '' : u.pathname.replace(/\/$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

function startsWithPrefix(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?' || next === '#';
}
