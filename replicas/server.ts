// One HTTP server per replica site: static pages with ETag/Last-Modified and 304s, dynamic endpoints,
// robots.txt, switchable faults, fixed test paths under /__replica/, and a request log.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type ActiveFault, type Fault, takeFault } from './faults.js';
import type { RequestLog } from './request-log.js';
import { etagOf, type Page, type SiteContent, type SiteSpec } from './site.js';

interface Versioned {
  page: Page;
  etag: string;
  lastModified: Date;
}

export class SiteServer {
  readonly spec: SiteSpec;
  private server: http.Server;
  private content: SiteContent | null = null;
  private versions = new Map<string, Versioned>();
  private faults: ActiveFault[] = [];
  private sockets = new Set<import('node:net').Socket>();
  private endless = new Set<NodeJS.Timeout>();
  origin = '';

  constructor(
    spec: SiteSpec,
    private log: RequestLog,
    private startTime: Date,
  ) {
    this.spec = spec;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this.origin;
  }

  /** Built lazily: a large generated replica only renders the sites that are visited. */
  current(): SiteContent {
    if (!this.content) this.rebuild();
    return this.content!;
  }

  /** Re-render every page; a page whose bytes changed gets a new ETag and Last-Modified. */
  rebuild(): void {
    const content = this.spec.build();
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const next = new Map<string, Versioned>();
    for (const [p, page] of content.pages) {
      const etag = etagOf(page.body);
      const old = this.versions.get(p);
      next.set(p, {
        page,
        etag,
        lastModified: old && old.etag === etag ? old.lastModified : old ? now : this.startTime,
      });
    }
    this.versions = next;
    this.content = content;
  }

  setFaults(faults: Fault[]): void {
    this.faults = faults.map((fault) => ({ fault, hits: 0 }));
  }

  async close(): Promise<void> {
    for (const t of this.endless) clearInterval(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const time = performance.timeOrigin + performance.now();
    const pathAndQuery = req.url ?? '/';
    const entry = {
      site: this.spec.id,
      method: req.method ?? 'GET',
      path: pathAndQuery,
      host: req.headers.host,
      time,
      status: 0,
      userAgent: req.headers['user-agent'],
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
      fault: null as string | null,
    };
    this.log.add(entry);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const send = (status: number, page: Page | null, extra: Record<string, string> = {}) => {
      entry.status = status;
      const headers: Record<string, string> = { Server: 'gongkai-replica', ...extra, ...(page?.headers ?? {}) };
      if (page?.contentType) headers['Content-Type'] = page.contentType;
      const bytes = req.method === 'HEAD' ? Buffer.alloc(0) : (page?.body ?? Buffer.alloc(0));
      headers['Content-Length'] = String(page?.body.length ?? 0);
      res.writeHead(status, headers);
      res.end(bytes);
    };

    const fault = takeFault(this.faults, pathAndQuery);
    if (fault) {
      entry.fault = fault.kind;
      if (fault.kind === 'latency') await sleep(fault.ms);
      else return this.applyFault(fault.kind, fault, req, res, entry, send);
    }

    const url = new URL(pathAndQuery, 'http://replica.local');
    if (url.pathname.startsWith('/__replica/')) return this.testPath(url, req, res, entry, send);
    if (url.pathname === '/robots.txt') {
      return send(200, { contentType: 'text/plain; charset=utf-8', body: Buffer.from(this.spec.robotsTxt) });
    }

    const content = this.current();
    let key = url.pathname.endsWith('/') ? url.pathname + 'index.html' : url.pathname;
    let versioned =
      req.method === 'GET' || req.method === 'HEAD'
        ? (this.versions.get(key + url.search) ?? this.versions.get(key))
        : undefined;
    if (!versioned) {
      const dyn = this.spec.dynamic?.({ method: req.method ?? 'GET', url, body }, content);
      if (dyn) {
        versioned = { page: dyn, etag: etagOf(dyn.body), lastModified: this.startTime };
        key = '';
      }
    }
    if (!versioned) return send(404, notFound());
    const { page, etag, lastModified } = versioned;
    if ((page.status ?? 200) === 200 && notModified(req, etag, lastModified)) {
      entry.status = 304;
      res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified.toUTCString(), Server: 'gongkai-replica' });
      return void res.end();
    }
    send(page.status ?? 200, page, { ETag: etag, 'Last-Modified': lastModified.toUTCString() });
  }

  private applyFault(
    kind: Fault['kind'],
    fault: Fault,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: { status: number },
    send: (s: number, p: Page | null, h?: Record<string, string>) => void,
  ): void {
    switch (kind) {
      case 'error':
        send((fault as { status?: number }).status ?? 500, textPage('Internal Server Error'));
        return;
      case 'rate_limit':
        send(429, textPage('Too Many Requests'), { 'Retry-After': (fault as { retryAfter: string }).retryAfter });
        return;
      case 'reset':
        entry.status = 0;
        req.socket.destroy();
        return;
      case 'endless':
        this.streamForever(res, entry);
        return;
      case 'redirect_loop': {
        const u = new URL(req.url ?? '/', 'http://replica.local');
        const looped = u.searchParams.has('loop');
        if (looped) u.searchParams.delete('loop');
        else u.searchParams.set('loop', '1');
        send(302, textPage('Found'), { Location: u.pathname + u.search });
        return;
      }
      default:
        send(500, textPage('unknown fault'));
        return;
    }
  }

  private streamForever(res: http.ServerResponse, entry: { status: number }): void {
    entry.status = 200;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', Server: 'gongkai-replica' });
    const chunk = Buffer.alloc(16 * 1024, '<p>永远不会结束的页面</p>\n');
    const t = setInterval(() => {
      if (res.destroyed || res.writableEnded) {
        clearInterval(t);
        this.endless.delete(t);
        return;
      }
      res.write(chunk);
    }, 20);
    this.endless.add(t);
    res.on('close', () => {
      clearInterval(t);
      this.endless.delete(t);
    });
  }

  /** Fixed paths for fetcher tests, independent of the fault switches. */
  private async testPath(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: { status: number },
    send: (s: number, p: Page | null, h?: Record<string, string>) => void,
  ): Promise<void> {
    const q = url.searchParams;
    switch (url.pathname) {
      case '/__replica/endless':
        return this.streamForever(res, entry);
      case '/__replica/redirect-loop':
        return send(302, textPage('Found'), {
          Location: url.searchParams.has('b') ? '/__replica/redirect-loop' : '/__replica/redirect-loop?b=1',
        });
      case '/__replica/redirect':
        return send(Number(q.get('status') ?? 302), textPage('Found'), { Location: q.get('to') ?? '/' });
      case '/__replica/chain': {
        // /__replica/chain?n=5 → n-1 → … → 0 answers 200.
        const n = Number(q.get('n') ?? 0);
        if (n > 0) return send(302, textPage('Found'), { Location: `/__replica/chain?n=${n - 1}` });
        return send(200, textPage('end of chain'));
      }
      case '/__replica/big':
        return send(200, {
          contentType: 'application/octet-stream',
          body: Buffer.alloc(Number(q.get('bytes') ?? 1024), 97),
        });
      case '/__replica/slow-headers':
        await sleep(Number(q.get('ms') ?? 1000));
        return send(200, textPage('slow'));
      case '/__replica/status': {
        const extra: Record<string, string> = {};
        if (q.get('retryAfter')) extra['Retry-After'] = q.get('retryAfter')!;
        return send(Number(q.get('code') ?? 200), textPage(`status ${q.get('code')}`), extra);
      }
      case '/__replica/echo':
        return send(200, {
          contentType: 'application/json',
          body: Buffer.from(JSON.stringify({ headers: req.headers })),
        });
      default:
        return send(404, notFound());
    }
  }
}

function notModified(req: http.IncomingMessage, etag: string, lastModified: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim() === etag || t.trim() === '*');
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const t = Date.parse(ims);
    return !Number.isNaN(t) && lastModified.getTime() <= t;
  }
  return false;
}

function textPage(text: string): Page {
  return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(text + '\n') };
}

function notFound(): Page {
  return {
    status: 404,
    contentType: 'text/html; charset=utf-8',
    body: Buffer.from('<html><body><h1>404 页面不存在</h1></body></html>'),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
