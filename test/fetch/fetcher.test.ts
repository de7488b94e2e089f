// The fetcher against the running replicas: scope, robots, redirects, caps, timeouts, Retry-After, 304s, the
// private-address guard, the proxy, raw bytes and real URLs.

import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import {
  createFetcher,
  createFetcherFromSettings,
  type FetchResult,
  MemoryHostGate,
  parseRetryAfter,
} from '../../crawlers/fetch/index.js';
import { type Portals, startPortals } from '../../replicas/index.js';
import { startConnectProxy } from '../helpers/proxy.js';

let portals: Portals;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  portals = await startPortals({ only: ['szns', 'cqna', 'hrbng', 'hanweb'] });
});
afterAll(async () => {
  for (const c of closers) await c();
  await portals?.close();
});

function fetcher(opts: Parameters<typeof createFetcher>[0] = {}) {
  const f = createFetcher({
    overrides: portals.overrides,
    allowPrivateAddresses: true,
    scopeOf: (id) => portals.site(id).hosts,
    ...opts,
  });
  closers.push(() => f.close());
  return f;
}

const SZNS = 'http://www.szns.gov.cn';
const ok = (r: FetchResult) => {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r;
};
const err = (r: FetchResult) => {
  if (r.status !== 'error') throw new Error(`expected error, got ${JSON.stringify({ ...r, bytes: undefined })}`);
  return r;
};

describe('fetching from the replicas', () => {
  it('returns raw bytes, sha256, validators and the real URL; the request carries the gongkai User-Agent', async () => {
    const rep = portals.site('hrbng').reports[0];
    const r = ok(await fetcher().fetch({ url: rep.url, siteId: 'hrbng' }));
    expect(r.url).toBe(rep.url);
    expect(r.contentType).toBe('text/html'); // GBK page, no charset: decoding is the parsers' job
    const direct = Buffer.from(
      await (await fetch(portals.site('hrbng').origin + new URL(rep.url).pathname)).arrayBuffer(),
    );
    expect(Buffer.from(r.bytes).equals(direct)).toBe(true);
    expect(r.sha256).toBe(crypto.createHash('sha256').update(direct).digest('hex'));
    expect(r.etag).toMatch(/^"/);
    expect(r.lastModified).toMatch(/GMT$/);
    const log = portals.requestLog.of('hrbng', (e) => e.path === new URL(rep.url).pathname);
    expect(log[0].userAgent).toMatch(/^gongkai\//);
  });

  it('conditional GET with stored validators gives not_modified; a revision gives new bytes', async () => {
    const f = fetcher();
    const rep = portals.site('cqna').reports[1];
    const first = ok(await f.fetch({ url: rep.url, siteId: 'cqna' }));
    expect(
      await f.fetch({
        url: rep.url,
        siteId: 'cqna',
        validators: { etag: first.etag, lastModified: first.lastModified },
      }),
    ).toEqual({ status: 'not_modified', url: rep.url });
    expect(
      (await f.fetch({ url: rep.url, siteId: 'cqna', validators: { lastModified: first.lastModified } })).status,
    ).toBe('not_modified');
    portals.reviseReport('cqna', rep.key);
    const again = ok(
      await f.fetch({
        url: rep.url,
        siteId: 'cqna',
        validators: { etag: first.etag, lastModified: first.lastModified },
      }),
    );
    expect(again.sha256).not.toBe(first.sha256);
    expect(again.etag).not.toBe(first.etag);
  });

  it('POSTs a form (Hanweb dataproxy.jsp)', async () => {
    const r = ok(
      await fetcher().fetch({
        url: 'http://www.hanweb-demo.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=20&perpage=20',
        siteId: 'hanweb',
        method: 'POST',
        body: 'col=1&appid=1&webid=1&columnid=1001&unitid=7001',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(Buffer.from(r.bytes).toString('utf8')).toMatch(/<recordset>/);
  });
});

describe('scope and robots', () => {
  it('refuses hosts outside the site, from scopeOf or the request, also after a redirect', async () => {
    const f = fetcher();
    const r1 = await f.fetch({ url: 'http://www.evil.example/x', siteId: 'szns' });
    expect(r1).toMatchObject({ status: 'blocked', reason: expect.stringMatching(/out of scope: www\.evil\.example/) });
    const r2 = await f.fetch({
      url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`,
      siteId: 'szns',
      allowedHosts: ['www.sz.gov.cn'],
    });
    expect(r2.status).toBe('blocked');
    const before = portals.requestLog.count();
    const r3 = await f.fetch({
      url: `${SZNS}/__replica/redirect?to=${encodeURIComponent('http://attacker.example/steal')}`,
      siteId: 'szns',
    });
    expect(r3).toMatchObject({ status: 'blocked', url: 'http://attacker.example/steal' });
    expect(portals.requestLog.count() - before).toBeLessThanOrEqual(2); // the redirect (and robots), never the target
    const sub = await f.fetch({
      url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`,
      siteId: 'szns',
      allowedHosts: ['*.szns.gov.cn'],
    });
    expect(sub.status).toBe('ok');
  });

  it('obeys robots.txt Disallow, fetches robots.txt once per origin, and reads Crawl-delay', async () => {
    const f = fetcher({ politenessMs: 100 });
    const origin = portals.site('cqna').origin;
    const robotsBefore = portals.requestLog.count('cqna', (e) => e.path === '/robots.txt');
    const blocked = await f.fetch({ url: 'http://www.cqna.gov.cn/preview/draft.html', siteId: 'cqna' });
    expect(blocked).toMatchObject({
      status: 'blocked',
      reason: expect.stringMatching(/robots\.txt disallows \/preview\/draft\.html/),
    });
    expect(portals.requestLog.count('cqna', (e) => e.path === '/preview/draft.html')).toBe(0);
    ok(await f.fetch({ url: 'http://www.cqna.gov.cn/zwgk_254/zfxxgknb/', siteId: 'cqna' }));
    ok(await f.fetch({ url: 'http://www.cqna.gov.cn/zwgk_254/zfxxgknb/naq/', siteId: 'cqna' }));
    expect(portals.requestLog.count('cqna', (e) => e.path === '/robots.txt') - robotsBefore).toBe(1);
    expect(await f.intervalFor('http://www.cqna.gov.cn/x')).toBe(500); // Crawl-delay: 0.5 beats 100 ms
    expect(await f.intervalFor(`${SZNS}/x`)).toBe(100);
    void origin;
  });

  it('a robots.txt that answers 5xx defers the site; a 404 robots.txt allows everything', async () => {
    portals.setFault('hanweb', { kind: 'error', status: 503, paths: /^\/robots\.txt/ });
    try {
      const r = err(
        await fetcher().fetch({ url: 'http://www.hanweb-demo.gov.cn/col/col1001/index.html', siteId: 'hanweb' }),
      );
      expect(r.retryable).toBe(true);
      expect(r.reason).toMatch(/robots\.txt unavailable \(HTTP 503\)/);
      portals.setFault('hanweb', { kind: 'error', status: 404, paths: /^\/robots\.txt/ });
      // With no rules, /preview/ is not refused: the request goes out (and the page itself is a 404).
      const open = err(
        await fetcher().fetch({ url: 'http://www.hanweb-demo.gov.cn/preview/anything-goes', siteId: 'hanweb' }),
      );
      expect(open).toMatchObject({ httpStatus: 404, retryable: false });
      expect(portals.requestLog.count('hanweb', (e) => e.path === '/preview/anything-goes')).toBe(1);
    } finally {
      portals.setFault('hanweb', null);
    }
  });
});

describe('redirects, caps and timeouts', () => {
  it('follows redirects by hand up to the limit, keeps real URLs, and stops loops', async () => {
    const f = fetcher({ maxRedirects: 5 });
    const five = ok(await f.fetch({ url: `${SZNS}/__replica/chain?n=5`, siteId: 'szns' }));
    expect(five.url).toBe(`${SZNS}/__replica/chain?n=0`);
    const six = err(await f.fetch({ url: `${SZNS}/__replica/chain?n=6`, siteId: 'szns' }));
    expect(six).toMatchObject({ retryable: false, reason: 'too many redirects (more than 5)' });
    const loop = err(await f.fetch({ url: `${SZNS}/__replica/redirect-loop`, siteId: 'szns' }));
    expect(loop.retryable).toBe(false);
    expect(loop.reason).toMatch(/^redirect loop: http:\/\/www\.szns\.gov\.cn\/__replica\/redirect-loop/);
    portals.setFault('szns', { kind: 'redirect_loop', paths: /gbmxxgkndbg/ });
    try {
      const faulted = err(await f.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/gbmxxgkndbg/`, siteId: 'szns' }));
      expect(faulted.reason).toMatch(/^redirect loop/);
    } finally {
      portals.setFault('szns', null);
    }
  });

  it('aborts past the size cap, by Content-Length and mid-stream', async () => {
    const f = fetcher({ maxBytes: 1_000_000 });
    const declared = err(await f.fetch({ url: `${SZNS}/__replica/big?bytes=2000000`, siteId: 'szns' }));
    expect(declared).toMatchObject({
      retryable: false,
      reason: expect.stringMatching(/^too large: aborted past the 1000000-byte cap \(Content-Length 2000000\)/),
    });
    const t = performance.now();
    const streamed = err(await f.fetch({ url: `${SZNS}/__replica/endless`, siteId: 'szns' }));
    expect(streamed.reason).toMatch(
      /^too large: aborted past the 1000000-byte cap \(more than 1000000 bytes received\)/,
    );
    expect(performance.now() - t).toBeLessThan(10_000);
    ok(await f.fetch({ url: `${SZNS}/__replica/big?bytes=999999`, siteId: 'szns' }));
  });

  it('times out on a page that never ends and on headers that never come', async () => {
    const f = fetcher({ timeouts: { totalMs: 800 } });
    let t = performance.now();
    const endless = err(await f.fetch({ url: `${SZNS}/__replica/endless`, siteId: 'szns' }));
    expect(endless).toMatchObject({ retryable: true, reason: 'timeout: no complete answer within 800 ms' });
    expect(performance.now() - t).toBeLessThan(3000);
    t = performance.now();
    const h = fetcher({ timeouts: { totalMs: 10_000, headersMs: 300 } }); // undici's header timer ticks coarsely (~1 s)
    const slow = err(await h.fetch({ url: `${SZNS}/__replica/slow-headers?ms=5000`, siteId: 'szns' }));
    expect(slow).toMatchObject({ retryable: true, reason: 'timeout: no response headers in time' });
    expect(performance.now() - t).toBeLessThan(4000);
    portals.setFault('szns', { kind: 'endless', paths: /qzfxxgknb/ });
    try {
      const faulted = err(await f.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/qzfxxgknb/`, siteId: 'szns' }));
      expect(faulted.reason).toMatch(/^timeout/);
    } finally {
      portals.setFault('szns', null);
    }
  });
});

describe('compressed bodies', () => {
  it('decompresses gzip/br bodies and caps the decompressed size (zip bomb)', async () => {
    const zlib = await import('node:zlib');
    const text = Buffer.from('<html>'.padEnd(10_000, '政') + '</html>');
    const bomb = zlib.gzipSync(Buffer.alloc(5_000_000));
    const server = http.createServer((req, res) => {
      if (req.url === '/robots.txt') return res.writeHead(404).end();
      if (req.url === '/br') return res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(text));
      if (req.url === '/bomb') return res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/html' }).end(zlib.gzipSync(text));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const f = createFetcher({ allowPrivateAddresses: true, maxBytes: 1_000_000 });
    closers.push(() => f.close());
    const g = ok(await f.fetch({ url: `${base}/gz`, siteId: 'local' }));
    expect(Buffer.from(g.bytes).equals(text)).toBe(true);
    expect(g.sha256).toBe(crypto.createHash('sha256').update(text).digest('hex'));
    expect(Buffer.from(ok(await f.fetch({ url: `${base}/br`, siteId: 'local' })).bytes).equals(text)).toBe(true);
    expect(bomb.length).toBeLessThan(1_000_000);
    expect(err(await f.fetch({ url: `${base}/bomb`, siteId: 'local' }))).toMatchObject({
      retryable: false,
      reason: expect.stringMatching(/^too large: .*decompressed gzip body/),
    });
  });
});

describe('status handling', () => {
  it('429 and 5xx are retryable with Retry-After; other 4xx are not; resets are retryable network errors', async () => {
    const f = fetcher();
    expect(
      err(await f.fetch({ url: `${SZNS}/__replica/status?code=429&retryAfter=120`, siteId: 'szns' })),
    ).toMatchObject({ retryable: true, httpStatus: 429, retryAfterMs: 120_000 });
    const date = new Date(Date.now() + 30_000).toUTCString();
    const dated = err(
      await f.fetch({
        url: `${SZNS}/__replica/status?code=503&retryAfter=${encodeURIComponent(date)}`,
        siteId: 'szns',
      }),
    );
    expect(dated.retryable).toBe(true);
    expect(dated.retryAfterMs).toBeGreaterThan(25_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(err(await f.fetch({ url: `${SZNS}/__replica/status?code=500`, siteId: 'szns' }))).toMatchObject({
      retryable: true,
      httpStatus: 500,
    });
    expect(err(await f.fetch({ url: `${SZNS}/__replica/status?code=404`, siteId: 'szns' }))).toMatchObject({
      retryable: false,
      httpStatus: 404,
      reason: 'HTTP 404 (not retried)',
    });
    expect(err(await f.fetch({ url: `${SZNS}/__replica/status?code=403`, siteId: 'szns' })).retryable).toBe(false);
    portals.setFault('szns', { kind: 'reset', paths: /gbmxxgkndbg/, times: 1 });
    try {
      const reset = err(await f.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/gbmxxgkndbg/`, siteId: 'szns' }));
      expect(reset.retryable).toBe(true);
      expect(reset.reason).toMatch(/^network:/);
      ok(await f.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/gbmxxgkndbg/`, siteId: 'szns' }));
    } finally {
      portals.setFault('szns', null);
    }
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('a bad URL is a blocked result, never a throw', async () => {
    expect(await fetcher().fetch({ url: 'not a url', siteId: 'szns' })).toMatchObject({
      status: 'blocked',
      reason: 'not a URL: not a url',
    });
    expect(await fetcher().fetch({ url: 'file:///etc/passwd', siteId: 'szns', allowedHosts: [''] })).toMatchObject({
      status: 'blocked',
    });
  });
});

describe('private-address guard', () => {
  it('refuses loopback targets by default (override to 127.0.0.1, a name resolving to it, after a redirect)', async () => {
    const strict = createFetcher({ overrides: portals.overrides, scopeOf: (id) => portals.site(id).hosts });
    closers.push(() => strict.close());
    const before = portals.requestLog.count('szns');
    const r = await strict.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`, siteId: 'szns' });
    expect(r).toMatchObject({
      status: 'blocked',
      reason: expect.stringMatching(/127\.0\.0\.1, a private\/loopback\/link-local address/),
    });
    expect(portals.requestLog.count('szns')).toBe(before);
    const byName = await strict.fetch({
      url: `http://localhost:${new URL(portals.site('szns').origin).port}/robots.txt`,
      siteId: 'x',
      allowedHosts: ['localhost'],
    });
    expect(byName).toMatchObject({
      status: 'blocked',
      reason: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1)/),
    });
    // Only the replica's address allowed: a redirect from it to another private address is refused before sending.
    let hits = 0;
    const other = http.createServer((_q, res) => {
      hits++;
      res.end('secret');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.2', r));
    closers.push(() => new Promise((r) => other.close(() => r())));
    const otherUrl = `http://127.0.0.2:${(other.address() as AddressInfo).port}/`;
    const allowOne = createFetcher({ overrides: portals.overrides, privateAddressAllowlist: ['127.0.0.1'] });
    closers.push(() => allowOne.close());
    ok(
      await allowOne.fetch({
        url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`,
        siteId: 'szns',
        allowedHosts: ['www.szns.gov.cn'],
      }),
    );
    const hop = await allowOne.fetch({
      url: `${SZNS}/__replica/redirect?to=${encodeURIComponent(otherUrl)}`,
      siteId: 'szns',
      allowedHosts: ['www.szns.gov.cn', '127.0.0.2'],
    });
    expect(hop).toMatchObject({
      status: 'blocked',
      url: otherUrl,
      reason: expect.stringMatching(/^refused: 127\.0\.0\.2/),
    });
    expect(hits).toBe(0);
    const guarded = createFetcher({ allowPrivateAddresses: false, robots: false });
    closers.push(() => guarded.close());
    const direct = await guarded.fetch({
      url: `http://127.0.0.1:${new URL(portals.site('szns').origin).port}/`,
      siteId: 'x',
      allowedHosts: ['127.0.0.1'],
    });
    expect(direct).toMatchObject({ status: 'blocked', reason: expect.stringMatching(/^refused: 127\.0\.0\.1/) });
  });

  it('allows them with GONGKAI_ALLOW_PRIVATE=1 through the settings', async () => {
    const f = createFetcherFromSettings(loadSettings({ GONGKAI_ALLOW_PRIVATE: '1' }), { overrides: portals.overrides });
    closers.push(() => f.close());
    ok(await f.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`, siteId: 'szns' }));
    const strict = createFetcherFromSettings(loadSettings({}), { overrides: portals.overrides });
    closers.push(() => strict.close());
    expect((await strict.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`, siteId: 'szns' })).status).toBe('blocked');
  });
});

describe('HTTP proxy', () => {
  it('sends requests through the proxy with its credentials, and never shows them', async () => {
    const proxy = await startConnectProxy('crawler', 's3cret-pw');
    closers.push(proxy.close);
    const f = fetcher({ proxy: `http://crawler:s3cret-pw@127.0.0.1:${proxy.port}` });
    const rep = portals.site('szns').reports[0];
    const r = ok(await f.fetch({ url: rep.url, siteId: 'szns' }));
    expect(r.url).toBe(rep.url);
    const replicaPort = new URL(portals.site('szns').origin).port;
    expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
    expect(proxy.seen.every((s) => s.target === `127.0.0.1:${replicaPort}`)).toBe(true);

    const wrong = fetcher({ proxy: `http://crawler:wrong-pw@127.0.0.1:${proxy.port}` });
    const denied = await wrong.fetch({ url: rep.url, siteId: 'szns' });
    expect(denied.status).toBe('error');
    expect(JSON.stringify(denied)).not.toContain('wrong-pw');
    expect(JSON.stringify(denied)).not.toContain('crawler:');
  });

  it('checks the target address before handing it to the proxy', async () => {
    const proxy = await startConnectProxy('u', 'p');
    closers.push(proxy.close);
    const f = createFetcher({
      overrides: portals.overrides,
      proxy: `http://u:p@127.0.0.1:${proxy.port}`,
      scopeOf: (id) => portals.site(id).hosts,
    });
    closers.push(() => f.close());
    const r = await f.fetch({ url: `${SZNS}/xxgk/qzfxxgkml/xxgknb/`, siteId: 'szns' });
    expect(r.status).toBe('blocked');
    expect(proxy.seen.length).toBe(0);
  });
});

describe('politeness in one process', () => {
  it("'defer' returns at once without sending when the host's slot is taken", async () => {
    const f = fetcher({ gate: new MemoryHostGate(), politenessMs: 400, politenessSlackMs: 0 });
    const url = `${SZNS}/xxgk/qzfxxgkml/xxgknb/`;
    ok(await f.fetch({ url, siteId: 'szns' })); // robots.txt and the page: both take slots
    const before = portals.requestLog.count('szns');
    const d = err(await f.fetch({ url, siteId: 'szns', politeness: 'defer' }));
    expect(d).toMatchObject({ deferred: true, retryable: true });
    expect(d.retryAfterMs).toBeGreaterThan(0);
    expect(d.retryAfterMs).toBeLessThanOrEqual(400);
    expect(portals.requestLog.count('szns')).toBe(before);
    const t = performance.now();
    ok(await f.fetch({ url, siteId: 'szns' })); // 'wait' sleeps until the slot opens
    expect(performance.now() - t).toBeGreaterThan(50);
  });
});
