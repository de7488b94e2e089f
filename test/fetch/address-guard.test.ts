// The address guard's classification: every spelling of a forbidden address is forbidden — IPv4-compatible,
// IPv4-mapped, NAT64 and 6to4 forms carrying a private IPv4 address, site-local and the other reserved ranges —
// while public addresses in the same forms pass. And a fetch to such a literal is refused before anything is sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createFetcher, isForbiddenAddress } from '../../crawlers/fetch/index.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe('isForbiddenAddress', () => {
  it.each([
    ['::127.0.0.1', 'IPv4-compatible, dotted'],
    ['::7f00:1', 'IPv4-compatible, hex'],
    ['::8.8.8.8', 'IPv4-compatible (deprecated: refused whatever it carries)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped, dotted'],
    ['::ffff:7f00:1', 'IPv4-mapped, hex'],
    ['0:0:0:0:0:ffff:c0a8:101', 'IPv4-mapped 192.168.1.1, written out'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped link-local (cloud metadata)'],
    ['64:ff9b::7f00:1', 'NAT64, hex'],
    ['64:ff9b::127.0.0.1', 'NAT64, dotted'],
    ['64:ff9b::a00:1', 'NAT64 10.0.0.1'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
    ['fec0::1', 'site-local'],
    ['feff::1', 'site-local, top of fec0::/10'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['ff02::1', 'multicast'],
    ['127.0.0.1', 'IPv4 loopback'],
    ['169.254.169.254', 'IPv4 link-local'],
    ['not-an-address', 'not an address'],
  ])('%s (%s) is forbidden', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    ['8.8.8.8'],
    ['2001:4860:4860::8888'],
    ['::ffff:8.8.8.8'],
    ['::ffff:808:808'],
    ['64:ff9b::808:808'],
    ['2002:808:808::1'],
    ['2400:cb00:2048:1::c629:d7a2'],
  ])('%s is allowed', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('the fetcher refuses those literals before sending', () => {
  it('::ffff:127.0.0.1 and ::ffff:7f00:1 as URL hosts are blocked; nothing reaches the server', async () => {
    let hits = 0;
    const server = http.createServer((_q, res) => {
      hits++;
      res.end('secret');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const f = createFetcher({ robots: false });
    closers.push(() => f.close());
    for (const host of ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::127.0.0.1]', '[64:ff9b::7f00:1]']) {
      const url = `http://${host}:${port}/`;
      const r = await f.fetch({ url, siteId: 't', allowedHosts: [new URL(url).hostname] });
      expect(r, host).toMatchObject({ status: 'blocked', reason: expect.stringMatching(/^refused: /) });
    }
    expect(hits).toBe(0);
  });
});
