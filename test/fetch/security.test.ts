// Security: requests stay inside a site's hosts (listings, redirects, attachments); private/loopback/link-local
// targets are refused by default, also behind a public-looking name's DNS answer and after redirects; every
// download is size- and time-limited (decompression included); SQL goes through parameters only; secrets
// (database and Redis passwords, proxy credentials) never reach logs, job data or stored errors.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { createFetcher, type ResolveAll } from '../../crawlers/fetch/index.js';
import { openStore } from '../../db/index.js';
import { parseDocument } from '../../parsers/index.js';
import { PARSER_VERSION } from '../../parsers/version.js';
import { enqueueRun } from '../../workers/enqueue.js';
import { openRuntime } from '../../workers/open-pipeline.js';
import { defaultConcurrency, startWorkers } from '../../workers/start-workers.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { createTempHome, createTestDatabase } from '../helpers/db.js';
import { REDIS_URL, startHarness } from '../helpers/pipeline-harness.js';
import { startConnectProxy } from '../helpers/proxy.js';
import { seedText } from '../hostile/corpus.js';
import { startHostileSite } from '../hostile/site.js';

const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

interface Hits {
  count: number;
  paths: string[];
}

async function serve(
  host: string,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ port: number; hits: Hits }> {
  const hits: Hits = { count: 0, paths: [] };
  const server = http.createServer((req, res) => {
    hits.count++;
    hits.paths.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { port: (server.address() as AddressInfo).port, hits };
}

describe('address guard: DNS answers and redirects', () => {
  it('refuses a public-looking name that resolves to loopback/link-local, directly and after a redirect; allows it only when told', async () => {
    // "internal" is what an attacker wants reached (127.0.0.1); "public" stands for a public server: it is on
    // 127.0.0.2, allow-listed as if it were a mirror, so everything else in 127/8 stays forbidden.
    const internal = await serve('127.0.0.1', (_q, res) => res.end('internal secret'));
    const pub = await serve('127.0.0.2', (req, res) => {
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (to) return void res.writeHead(302, { location: to }).end();
      res.end('public page');
    });
    const answers: Record<string, string> = {
      'www.public-example.gov.cn': '127.0.0.2',
      'www.rebind-example.gov.cn': '127.0.0.1',
      'www.metadata-example.gov.cn': '169.254.169.254',
      'www.ula-example.gov.cn': 'fd00::1',
    };
    const lookups: string[] = [];
    const resolveAll: ResolveAll = async (host) => {
      lookups.push(host);
      const a = answers[host];
      if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return [{ address: a, family: net.isIP(a) }];
    };
    const allowedHosts = [...Object.keys(answers), '127.0.0.1', '[::1]', '169.254.169.254'];
    const strict = createFetcher({
      resolveAll,
      robots: false,
      privateAddressAllowlist: ['127.0.0.2'],
      timeouts: { connectMs: 2000, headersMs: 2000, totalMs: 4000 },
    });
    closers.push(() => strict.close());
    const get = (url: string) => strict.fetch({ url, siteId: 't', allowedHosts });

    const ok = await get(`http://www.public-example.gov.cn:${pub.port}/`);
    expect(ok.status).toBe('ok');
    const refused = [
      `http://www.rebind-example.gov.cn:${internal.port}/`,
      `http://www.metadata-example.gov.cn:${internal.port}/latest/meta-data/`,
      `http://www.ula-example.gov.cn:${internal.port}/`,
      `http://127.0.0.1:${internal.port}/`,
      `http://[::1]:${internal.port}/`,
      ...[
        `http://www.rebind-example.gov.cn:${internal.port}/x`,
        `http://127.0.0.1:${internal.port}/y`,
        `http://169.254.169.254/latest/meta-data/`,
      ].map((to) => `http://www.public-example.gov.cn:${pub.port}/r?to=${encodeURIComponent(to)}`),
    ];
    for (const url of refused) {
      const r = await get(url);
      expect(r.status === 'blocked' || (r.status === 'error' && !r.retryable), `${url}: ${JSON.stringify(r)}`).toBe(
        true,
      );
      expect('reason' in r ? r.reason : '', url).toMatch(/private|loopback|link-local|refused/i);
    }
    expect(internal.hits.count).toBe(0);
    expect(lookups).toContain('www.rebind-example.gov.cn'); // the injected resolver was asked: the guard is on DNS answers

    // The explicit setting (GONGKAI_ALLOW_PRIVATE=1, the replicas) lets the same request through.
    const lax = createFetcher({ resolveAll, robots: false, allowPrivateAddresses: true });
    closers.push(() => lax.close());
    expect(
      (await lax.fetch({ url: `http://www.rebind-example.gov.cn:${internal.port}/`, siteId: 't', allowedHosts }))
        .status,
    ).toBe('ok');
    expect(internal.hits.count).toBe(1);
    // And the default settings refuse: loadSettings without GONGKAI_ALLOW_PRIVATE.
    expect(loadSettings({}).allowPrivateAddresses).toBe(false);
  });
});

describe('download limits', () => {
  it('caps body size (declared, streamed and after decompression) and time (headers, endless body)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MiB of spaces in ~64 KiB
    const srv = await serve('127.0.0.1', (req, res) => {
      const p = req.url ?? '';
      if (p === '/declared')
        return void res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end(Buffer.alloc(10));
      if (p === '/streamed') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        let sent = 0;
        const pump = () => {
          while (sent < 20 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent < 20 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        return void pump();
      }
      if (p === '/gzip-bomb')
        return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb);
      if (p === '/slow-headers') return void setTimeout(() => res.end('late'), 5000);
      if (p === '/endless') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const t = setInterval(() => res.write('<p>more</p>'), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      res.end('ok');
    });
    const f = createFetcher({
      allowPrivateAddresses: true,
      robots: false,
      maxBytes: 2 * 1024 * 1024,
      timeouts: { connectMs: 1000, headersMs: 800, totalMs: 1500 },
    });
    closers.push(() => f.close());
    const base = `http://127.0.0.1:${srv.port}`;
    const get = (p: string) => f.fetch({ url: `${base}${p}`, siteId: 't', allowedHosts: ['127.0.0.1'] });
    for (const p of ['/declared', '/streamed', '/gzip-bomb']) {
      const started = Date.now();
      const r = await get(p);
      expect(r.status, p).toBe('error');
      expect('reason' in r ? r.reason : '', p).toMatch(/too large|limit|bytes/i);
      expect(Date.now() - started, p).toBeLessThan(5000);
    }
    for (const p of ['/slow-headers', '/endless']) {
      const started = Date.now();
      const r = await get(p);
      expect(r.status, p).toBe('error');
      expect('reason' in r ? r.reason : '', p).toMatch(/timeout|time/i);
      expect(Date.now() - started, p).toBeLessThan(4000);
    }
    expect((await get('/fine')).status).toBe('ok');
  });
});

describe('host scope in a crawl', () => {
  it('never requests anything outside the site hosts: off-site listing rows, redirects and attachment links', async () => {
    const outside = await serve('127.0.0.1', (_q, res) => res.end('<html><body>should never be fetched</body></html>'));
    const OUT = 'http://www.elsewhere-example.gov.cn';
    const pageWithOffsiteAttachment =
      Buffer.from(`<html><head><title>合成测试scope区2023年政府信息公开工作年度报告</title></head><body>
      <p>合成测试scope区2023年政府信息公开工作年度报告</p><p>附件：<a href="${OUT}/files/report.pdf">年报.pdf</a> <a href="${OUT}/files/report.docx">年报.docx</a></p></body></html>`);
    const site = await startHostileSite(
      'scope',
      [
        { name: 'attachment-elsewhere', bytes: pageWithOffsiteAttachment, contentType: 'text/html; charset=utf-8' },
        { name: 'redirect-elsewhere', bytes: Buffer.alloc(0), redirect: `${OUT}/moved.html` },
        { name: 'good', bytes: Buffer.from(seedText()), contentType: 'text/plain; charset=utf-8' },
      ],
      {
        extraItems: [
          { title: '合成测试scope区2022年政府信息公开工作年度报告（外站）', url: `${OUT}/content/post_9.html` },
        ],
      },
    );
    closers.push(() => site.close());
    // If the crawler ever went off-site, the override would deliver the request to `outside` and count it.
    const h = await startHarness('redis', {
      portals: { only: [] },
      runtime: { sites: [site.site], noBrowser: true },
      overrides: async () => ({ ...site.overrides, [OUT]: `http://127.0.0.1:${outside.port}` }),
    });
    closers.push(() => h.close());
    const [summary] = await h.crawl(['scope'], 'full');
    expect(outside.hits.paths).toEqual([]);
    expect(summary!.errors.join('\n')).toMatch(/outside the site's hosts|not in scope|scope/i);
    expect(Object.keys(await h.cells('深圳市南山区人民政府', 2023)).sort()).toEqual(['active', 'requests', 'review']);
  });
});

describe('SQL only through parameters', () => {
  /** Template literals that hold SQL and interpolate something. The allowed interpolations are constant
   *  identifiers (table/view names from a fixed list, checked where they are used) — never values. */
  const ALLOWED: Record<string, string[]> = {
    'db/queries.ts': ['view', 'VIEW_ORDER[view]'],
    'db/host-gate.ts': ['TABLE'],
    'db/crawl-runs.ts': ['SELECT'], // a constant column list
    'db/explorer.ts': ['table', 'regional', 'where'], // a table from a typed union; constant JOIN/WHERE fragments
    'db/warc-export.ts': ['BATCH'], // a numeric constant
  };
  /** Build-time generators: write migration files from the schema constants (values quoted by literal()) or
   *  db/schema.sql from a fresh database's catalog; never run against a user's database with runtime values. */
  const GENERATORS = ['db/generate-migrations.ts', 'db/schema-dump.ts'];
  function sourceFiles(dir: string): string[] {
    return fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f));
  }

  it('no SQL string in db/ or workers/ is built from interpolated values or concatenation', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const offenders: string[] = [];
    for (const file of [...sourceFiles(path.join(root, 'db')), ...sourceFiles(path.join(root, 'workers'))]) {
      const rel = path.relative(root, file);
      if (GENERATORS.includes(rel)) continue;
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/`([^`]*)`/g)) {
        const body = m[1]!;
        if (
          !/\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE)\b/.test(body) ||
          !/\bFROM|INTO|SET|TABLE|VIEW|WHERE\b/.test(body)
        )
          continue;
        for (const x of body.matchAll(/\$\{([^}]*)\}/g)) {
          if (!(ALLOWED[rel] ?? []).includes(x[1]!.trim())) offenders.push(`${rel}: \${${x[1]}} in SQL`);
        }
      }
      for (const m of src.matchAll(
        /['"`][^'"`\n]*\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[^'"`\n]*['"`]\s*\+\s*(?!['"`])/g,
      ))
        offenders.push(`${rel}: SQL concatenated with a value: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it("stores an agency and title that read '; DROP TABLE reports; -- as plain text", async () => {
    const db = await createTestDatabase('gongkai_sqli');
    closers.push(() => db.drop());
    const store = await openStore({ databaseUrl: db.url, home: '/nonexistent' });
    closers.push(() => store.close());
    const evil = "某某区'; DROP TABLE reports; --人民政府";
    const bytes = Buffer.from(seedText());
    const outcome = await parseDocument({ bytes });
    if (!outcome.ok) throw new Error(outcome.error.message);
    // What a hostile page could make the parser read as its agency and title.
    outcome.report.agency = evil;
    outcome.report.title = `${evil}2023年政府信息公开工作年度报告'); DELETE FROM cells; --`;
    outcome.report.findings.push({ rule: 'meta.year', severity: 'info', message: "x'); DROP TABLE revisions; --" });
    const url = "http://www.example.gov.cn/a'; DROP TABLE documents; --.html";
    const saved = await store.saveDocument({
      bytes,
      contentType: 'text/plain; charset="\'; DROP TABLE sites; --"',
      sourceUrl: url,
      fetchedAt: new Date(),
      siteId: "x'); DROP TABLE sites; --",
    });
    const loaded = await store.loadReport(saved.documentId, outcome, {
      sourceUrl: url,
      parserVersion: PARSER_VERSION,
      agencyHint: evil,
      siteId: "x'); DROP TABLE sites; --",
    });
    expect(['new_report', 'new_revision']).toContain(loaded.status);
    const tables = await store.db.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.map((t) => t.t)).toEqual(
      expect.arrayContaining(['reports', 'documents', 'sites', 'cells', 'revisions']),
    );
    const [row] = await store.db.query<{ title: string; source_url: string; cells: string }>(
      'SELECT r.title, r.source_url, (SELECT count(*)::text FROM cells c WHERE c.revision_id = r.current_revision_id) AS cells FROM reports r WHERE r.id = $1',
      [loaded.reportId],
    );
    expect(row!.title).toBe(outcome.report.title);
    const [agency] = await store.db.query<{ name: string }>(
      'SELECT a.name FROM agencies a JOIN reports r ON r.agency_id = a.id WHERE r.id = $1',
      [loaded.reportId],
    );
    expect(agency!.name).toBe(evil.replace(/\s+/g, '')); // agency names are kept without spaces, quotes intact
    expect(row!.source_url).toBe(url);
    expect(Number(row!.cells)).toBeGreaterThan(100);
  });
});

describe('secrets', () => {
  it('database/Redis passwords and proxy credentials never appear in logs, job data or stored errors', {
    timeout: 120_000,
  }, async () => {
    const SECRETS = { pg: 'pgS3cretPw9', redis: 'redisS3cretPw9', proxy: 'proxyS3cretPw9', deadProxy: 'deadProxyPw9' };
    const proxy = await startConnectProxy('crawler', SECRETS.proxy);
    closers.push(proxy.close);
    const site = await startHostileSite(
      'secret',
      [
        {
          name: 'good',
          bytes: fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/realdata/pingtan-2023.html')),
          contentType: 'text/html; charset=utf-8',
        },
        { name: 'broken', bytes: Buffer.from('%PDF-1.7 broken'), contentType: 'application/pdf' },
      ],
      {
        extraItems: [
          {
            title: '合成测试secret区2021年政府信息公开工作年度报告',
            url: 'http://www.secret.replica.invalid/xxgk/xxgknb/content/post_404.html',
          },
        ],
      },
    );
    closers.push(() => site.close());
    const db = await createTestDatabase('gongkai_secrets');
    closers.push(() => db.drop());
    const home = createTempHome();
    closers.push(() => home.remove());
    const dbUrl = new URL(db.url);
    dbUrl.username = 'postgres';
    dbUrl.password = SECRETS.pg; // trust auth: accepted and ignored by the server, but it is in the URL
    const redisUrl = new URL(REDIS_URL);
    redisUrl.password = SECRETS.redis;

    const logs: string[] = [];
    const log = pino({ level: 'trace' }, { write: (s: string) => void logs.push(s) });
    const consoleLines: string[] = [];
    const orig = { warn: console.warn, error: console.error, log: console.log };
    for (const k of ['warn', 'error', 'log'] as const)
      console[k] = (...a: unknown[]) => void consoleLines.push(a.map(String).join(' '));
    const prefix = `gk-sec-${crypto.randomBytes(4).toString('hex')}`;
    const env = {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl.toString(),
      GONGKAI_HOME: home.home,
      GONGKAI_ALLOW_PRIVATE: '1',
      GONGKAI_ORIGIN_OVERRIDES: '',
    };
    try {
      // A crawl through the proxy with its credentials, then one through a dead proxy (errors carry URLs).
      for (const proxyUrl of [
        `http://crawler:${SECRETS.proxy}@127.0.0.1:${proxy.port}`,
        `http://crawler:${SECRETS.deadProxy}@127.0.0.1:1`,
      ]) {
        const settings = loadSettings({ ...env, GONGKAI_HTTP_PROXY: proxyUrl });
        const rt = await openRuntime(settings, {
          overrides: site.overrides,
          politenessMs: 0,
          prefix,
          retry: { attempts: 2, backoffMs: 50 },
          log,
          sites: [site.site],
          noBrowser: true,
        });
        const workers = startWorkers(rt.ctx, rt.backend, defaultConcurrency(2));
        try {
          const run = await enqueueRun(rt.ctx, 'secret', 'force', 'test');
          await waitForRuns(rt.ctx.queues, [run], { timeoutMs: 90_000, pollMs: 100 });
        } finally {
          await workers.close();
          await rt.close();
        }
      }
      expect(proxy.tunnels).toBeGreaterThan(0); // the first crawl did go through the proxy
    } finally {
      Object.assign(console, orig);
    }

    // Everything the crawl left in Redis under its prefix: job data, return values, failure reasons, stack traces.
    const redis = new Redis(REDIS_URL);
    const redisDump: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      for (const k of keys) {
        const type = await redis.type(k);
        const v =
          type === 'hash'
            ? await redis.hgetall(k)
            : type === 'string'
              ? await redis.get(k)
              : type === 'list'
                ? await redis.lrange(k, 0, -1)
                : type === 'zset'
                  ? await redis.zrange(k, 0, -1)
                  : type === 'set'
                    ? await redis.smembers(k)
                    : type === 'stream'
                      ? await redis.xrange(k, '-', '+')
                      : null;
        redisDump.push(`${k} ${JSON.stringify(v)}`);
      }
      cursor = next;
    } while (cursor !== '0');
    for (const k of await redis.keys(`${prefix}:*`)) await redis.del(k);
    await redis.quit();

    const store = await openStore({ databaseUrl: db.url, home: home.home });
    const stored = JSON.stringify([
      await store.db.query('SELECT * FROM crawl_runs'),
      await store.db.query('SELECT code, reason FROM parse_failures'),
      await store.db.query('SELECT source_url FROM documents'),
    ]);
    await store.close();

    expect(logs.length).toBeGreaterThan(5);
    expect(redisDump.some((l) => l.includes('"data"'))).toBe(true);
    expect(stored).toMatch(/crawl|failed|HTTP|proxy|refused|ECONNREFUSED|error/i); // the dead-proxy run left its errors
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const [where, lines] of [
        ['logs', logs],
        ['console', consoleLines],
        ['redis', redisDump],
        ['database', [stored]],
      ] as const) {
        const leak = lines.find(
          (l) =>
            l.includes(secret) ||
            l.includes(encodeURIComponent(secret)) ||
            l.includes(Buffer.from(`crawler:${secret}`).toString('base64')),
        );
        expect(leak, `${name} secret in ${where}: ${leak?.slice(0, 300)}`).toBeUndefined();
      }
    }
  });
});
