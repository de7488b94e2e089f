// robots.txt: read up to 500 KiB (the rest ignored, the transfer cut), compressed too; redirects scope-checked like
// every other request (a 302 to another host is not followed: the origin gave no rules), in-scope ones followed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createFetcher, ROBOTS_MAX_BYTES } from '../../crawlers/fetch/index.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

interface Served {
  base: string;
  port: number;
  paths: string[];
  robotsBytesSent: () => number;
}

async function serve(host: string, handler: (req: http.IncomingMessage, res: http.ServerResponse, s: Served) => void) {
  let robotsBytes = 0;
  const served: Served = { base: '', port: 0, paths: [], robotsBytesSent: () => robotsBytes };
  const server = http.createServer((req, res) => {
    served.paths.push(req.url ?? '');
    if (req.url === '/robots.txt') {
      const write = res.write.bind(res);
      res.write = ((chunk: Buffer, ...rest: never[]) => {
        robotsBytes += chunk.length;
        return write(chunk, ...rest);
      }) as typeof res.write;
    }
    handler(req, res, served);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  served.port = (server.address() as AddressInfo).port;
  served.base = `http://${host}:${served.port}`;
  return served;
}

/** Streams `robots.txt`: `head`, then comment lines up to `totalBytes`, then `tail`, as the client reads it. */
function streamRobots(res: http.ServerResponse, head: string, totalBytes: number, tail: string) {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.write(head);
  const line = Buffer.from(`# ${'x'.repeat(1020)}\n`);
  let sent = head.length;
  const pump = () => {
    while (sent < totalBytes) {
      sent += line.length;
      if (!res.write(line)) return void res.once('drain', pump);
    }
    res.end(tail);
  };
  res.on('close', () => {
    sent = totalBytes; // the client hung up: stop
  });
  pump();
}

function fetcher() {
  const f = createFetcher({ allowPrivateAddresses: true });
  closers.push(() => f.close());
  return f;
}

describe('robots.txt size cap', () => {
  it('reads a 50 MB robots.txt only to 500 KiB: rules after the cap are ignored, the transfer is cut', async () => {
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/robots.txt')
        return streamRobots(res, 'User-agent: *\nDisallow: /early/\n', 50 * 1024 * 1024, 'Disallow: /late/\n');
      res.end('page');
    });
    const f = fetcher();
    const get = (p: string) => f.fetch({ url: `${s.base}${p}`, siteId: 't', allowedHosts: ['127.0.0.1'] });
    expect(await get('/early/a')).toMatchObject({ status: 'blocked', reason: /robots\.txt disallows \/early\/a/ });
    expect((await get('/late/b')).status).toBe('ok');
    expect(ROBOTS_MAX_BYTES).toBe(500 * 1024);
    // The server could write a few socket buffers more before the client hung up, never the 50 MB.
    expect(s.robotsBytesSent()).toBeLessThan(8 * 1024 * 1024);
    expect(s.paths.filter((p) => p === '/robots.txt')).toHaveLength(1);
  });

  it('a gzip robots.txt that inflates far past the cap keeps its first 500 KiB of rules', async () => {
    const text = `User-agent: gongkai\nDisallow: /private/\n${'# padding\n'.repeat(300_000)}Disallow: /after-cap/\n`;
    const gz = zlib.gzipSync(text);
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gz);
      res.end('page');
    });
    const f = fetcher();
    const get = (p: string) => f.fetch({ url: `${s.base}${p}`, siteId: 't', allowedHosts: ['127.0.0.1'] });
    expect((await get('/private/x')).status).toBe('blocked');
    expect((await get('/after-cap/x')).status).toBe('ok');
  });
});

describe('robots.txt redirects', () => {
  it('a 302 to another host is not followed (no rules from it); the page is fetched', async () => {
    const elsewhere = await serve('127.0.0.1', (_q, res) => res.end('User-agent: *\nDisallow: /\n'));
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/robots.txt')
        return void res.writeHead(302, { location: `http://localhost:${elsewhere.port}/robots.txt` }).end();
      res.end('page');
    });
    const f = fetcher();
    const r = await f.fetch({ url: `${s.base}/report.html`, siteId: 't', allowedHosts: ['127.0.0.1'] });
    expect(r.status).toBe('ok');
    expect(elsewhere.paths).toEqual([]);
  });

  it('a redirect within the site is followed and its rules apply', async () => {
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(301, { location: '/moved/robots.txt' }).end();
      if (req.url === '/moved/robots.txt') return void res.end('User-agent: *\nDisallow: /drafts/\n');
      res.end('page');
    });
    const f = fetcher();
    const get = (p: string) => f.fetch({ url: `${s.base}${p}`, siteId: 't', allowedHosts: ['127.0.0.1'] });
    expect(await get('/drafts/1.html')).toMatchObject({ status: 'blocked', reason: /robots\.txt disallows/ });
    expect((await get('/reports/1.html')).status).toBe('ok');
    expect(s.paths.filter((p) => p.includes('robots'))).toEqual(['/robots.txt', '/moved/robots.txt']);
  });
});
