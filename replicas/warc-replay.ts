// Replay of recorded portals: the responses of one or more WARC files served at their real URLs, one local HTTP
// server per real origin (point the fetcher's origin overrides at them). A URL the WARC does not hold answers 404,
// as a real page that was never saved would be missing. Recorded bytes are served unchanged, with an ETag from
// their payload digest and the record's date as Last-Modified, so conditional requests get 304s.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readWarc } from '../crawlers/warc/read.js';

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  etag: string;
  lastModified: string;
}

export interface ReplayRequest {
  origin: string;
  path: string;
  status: number;
}

export interface WarcReplay {
  /** Real origin → local origin (the fetcher's base-URL overrides). */
  overrides: Record<string, string>;
  /** Every real URL the replay answers 200 for. */
  urls: string[];
  /** Records the WARC held that the replay could not use, with why. */
  skipped: string[];
  /** Requests served so far (real origin, path with query, status). */
  requests: ReplayRequest[];
  close(): Promise<void>;
}

/** Serve the responses of `files` (a later record of the same URL replaces an earlier one). */
export async function startWarcReplay(files: string[]): Promise<WarcReplay> {
  const byOrigin = new Map<string, Map<string, Recorded>>();
  const skipped: string[] = [];
  for (const file of files) {
    for await (const e of readWarc(file)) {
      if (e.kind === 'skipped') {
        skipped.push(`${e.url ?? '(no url)'}: ${e.reason}`);
        continue;
      }
      const u = new URL(e.url);
      const pages = byOrigin.get(u.origin) ?? new Map<string, Recorded>();
      byOrigin.set(u.origin, pages);
      const digest = e.payloadDigest ?? crypto.createHash('sha1').update(e.body).digest('hex');
      pages.set(`${u.pathname}${u.search}`, {
        status: e.status,
        headers: e.headers,
        body: e.body,
        etag: `"${digest.replace(/^[a-z0-9-]+:/i, '')}"`,
        lastModified: new Date(e.date ?? 0).toUTCString(),
      });
    }
  }

  const requests: ReplayRequest[] = [];
  const servers: { server: http.Server; sockets: Set<Socket> }[] = [];
  const overrides: Record<string, string> = {};
  try {
    for (const [origin, pages] of byOrigin) {
      const sockets = new Set<Socket>();
      const server = http.createServer((req, res) => {
        const path = req.url ?? '/';
        const page = req.method === 'GET' || req.method === 'HEAD' ? pages.get(path) : undefined;
        const status = !page ? 404 : req.headers['if-none-match'] === page.etag ? 304 : page.status;
        requests.push({ origin, path, status });
        if (!page) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not in the recording\n');
          return;
        }
        const headers = { ...page.headers, etag: page.etag, 'last-modified': page.lastModified };
        if (status === 304) {
          res.writeHead(304, { etag: page.etag, 'last-modified': page.lastModified }).end();
          return;
        }
        res.writeHead(page.status, headers);
        res.end(req.method === 'HEAD' ? undefined : page.body);
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push({ server, sockets });
      overrides[origin] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  } catch (err) {
    for (const s of servers) s.server.close();
    throw err;
  }

  return {
    overrides,
    urls: [...byOrigin].flatMap(([origin, pages]) =>
      [...pages].filter(([, p]) => p.status === 200).map(([path]) => `${origin}${path}`),
    ),
    skipped,
    requests,
    async close() {
      await Promise.all(
        servers.map(
          ({ server, sockets }) =>
            new Promise<void>((resolve) => {
              for (const s of sockets) s.destroy();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
