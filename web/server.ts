// `gongkai serve`: the explorer's Fastify app. Pages are server-rendered HTML (web/routes/), every page's tables
// download as CSV (UTF-8 with BOM, for Excel) and JSON; /api/ is JSON. Read-only, parameterized, escaped; errors are
// clean 400/404 pages, never stack traces.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { cellKeys, documentForDownload } from '../db/explorer.js';
import type { ReadOnlyDb } from '../db/read-only.js';
import { loadAssets, pickEncoding } from './assets.js';
import { VersionedCache } from './cache.js';
import type { AppContext, PageHandler } from './context.js';
import { toCsv } from './csv.js';
import { errorPage, layout } from './layout.js';
import { BadRequest, MetricCatalog } from './metrics.js';
import { formatParam, type Query } from './params.js';
import { agencyPage, NotFound } from './routes/agency.js';
import { apiIndexPage, registerApi } from './routes/api.js';
import { aggregatePage, comparePage } from './routes/compare.js';
import { homePage } from './routes/home.js';
import { reportPage } from './routes/report.js';
import { failuresPage, runsPage } from './routes/runs.js';
import { searchPage } from './routes/search.js';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A file name safe in a Content-Disposition header (ASCII; the UTF-8 form goes in filename*). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\w.-]/g, '_') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Text a spreadsheet would run as a formula (=, +, -, @ first; a document title can say anything) gets a leading
 *  apostrophe; numbers, and text that reads as a number (-369), stay as they are. */
function spreadsheetSafe(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[k] = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) && !Number.isFinite(Number(v)) ? `'${v}` : v;
  return out;
}

function registerPage(app: FastifyInstance, ctx: AppContext, path: string, handler: PageHandler): void {
  app.get(path, async (req: FastifyRequest, reply: FastifyReply) => {
    const query = req.query as Query;
    const format = formatParam(query);
    const page = await handler(ctx, { query, url: req.url, download: format !== 'html' });
    if (format === 'html')
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(layout(page));
    const name = typeof query.table === 'string' ? query.table : page.tables[0]?.name;
    const table = page.tables.find((t) => t.name === name);
    if (!table) throw new NotFound(`此页面没有名为“${name ?? ''}”的表`);
    const base = `${path.replace(/^\//, '') || 'home'}-${table.name}`;
    if (format === 'json')
      return reply.header('content-disposition', disposition(`${base}.json`).replace('attachment', 'inline')).send({
        table: table.name,
        columns: table.columns,
        rows: table.rows,
      });
    const csv = toCsv(
      table.rows.map(spreadsheetSafe),
      table.columns.map((c) => c.key),
    );
    // The header line carries the labels people read; the keys stay in the JSON.
    const header = toCsv(
      [],
      table.columns.map((c) => c.label),
    );
    const body = `\uFEFF${header}${csv.slice(csv.indexOf('\r\n') + 2)}`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', disposition(`${base}.csv`))
      .send(body);
  });
}

export async function buildExplorer(db: ReadOnlyDb, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const catalog = new MetricCatalog(await db.read((d) => cellKeys(d)));
  const ctx: AppContext = { db, catalog, aggregates: new VersionedCache(), overview: new VersionedCache(1) };
  const assets = loadAssets();
  const app = Fastify({
    logger: opts.logger ? { level: 'warn' } : false,
    // Bounded input: URLs and query strings are small; there are no bodies.
    bodyLimit: 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    return payload;
  });

  app.setNotFoundHandler((req, reply) => {
    const message = '没有这个页面';
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: message });
    return reply.code(404).type('text/html; charset=utf-8').send(errorPage(404, message));
  });

  app.setErrorHandler((err, req, reply) => {
    const e = err as Error & { statusCode?: number };
    let status = 500;
    let message = '服务器内部错误';
    if (e instanceof NotFound) [status, message] = [404, e.message];
    else if (e instanceof BadRequest) [status, message] = [400, e.message];
    else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
      [status, message] = [e.statusCode, '请求有误'];
    else req.log.error({ err: e }, 'explorer request failed');
    if (req.url.startsWith('/api/')) return reply.code(status).send({ error: message });
    return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status, message));
  });

  for (const [path, a] of assets) {
    app.get(path, async (req, reply) => {
      const enc = pickEncoding(req.headers['accept-encoding']);
      reply.type(a.type).header('cache-control', 'public, max-age=86400').header('vary', 'accept-encoding');
      if (enc !== 'identity') reply.header('content-encoding', enc);
      return reply.send(a[enc]);
    });
  }

  registerPage(app, ctx, '/', homePage);
  registerPage(app, ctx, '/search', searchPage);
  registerPage(app, ctx, '/agency', agencyPage);
  registerPage(app, ctx, '/report', reportPage);
  registerPage(app, ctx, '/compare', comparePage);
  registerPage(app, ctx, '/aggregate', aggregatePage);
  registerPage(app, ctx, '/runs', runsPage);
  registerPage(app, ctx, '/failures', failuresPage);
  registerPage(app, ctx, '/api', apiIndexPage);
  registerApi(app, ctx);

  // The stored original, by its numeric id: always a download (never rendered on this origin), sandboxed.
  app.get('/document/:id', async (req, reply) => {
    const id = (req.params as { id: string }).id;
    if (!/^\d{1,9}$/.test(id)) throw new NotFound('没有这个文档');
    const doc = await db.read((d) => documentForDownload(d, Number(id)));
    if (!doc) throw new NotFound('没有这个文档');
    let name = `document-${doc.id}`;
    try {
      name = decodeURIComponent(new URL(doc.sourceUrl).pathname.split('/').pop() || name) || name;
    } catch {
      // keep the generic name
    }
    return reply
      .type(
        doc.contentType && /^[\w.+-]+\/[\w.+-]+/.test(doc.contentType) ? doc.contentType : 'application/octet-stream',
      )
      .header('content-disposition', disposition(name))
      .header('content-security-policy', 'sandbox')
      .send(doc.bytes);
  });

  return app;
}

export interface RunningExplorer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Listen on host:port (127.0.0.1 unless told otherwise; port 0 picks a free one). */
export async function startExplorer(
  db: ReadOnlyDb,
  opts: { host?: string; port?: number; logger?: boolean } = {},
): Promise<RunningExplorer> {
  const app = await buildExplorer(db, { logger: opts.logger });
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 8080 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, app, close: () => app.close() };
}
