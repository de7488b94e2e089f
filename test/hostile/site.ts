// A replica NFCMS column that lists given documents as report pages and serves their bytes as they are:
// how the hostile corpus reaches a worker through the whole pipeline (discover → fetch → parse → load).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SiteConfig } from '../../crawlers/types.js';
import { nfcmsListing } from '../../replicas/sites/nfcms.js';

export interface ServedDoc {
  name: string;
  bytes: Buffer;
  contentType?: string;
  /** Answer with a 302 to this URL instead of the bytes. */
  redirect?: string;
}

export interface HostileSiteOptions {
  /** More listing rows, pointing anywhere (off-site links, say). */
  extraItems?: { title: string; url: string }[];
  /** Attachment hosts the site declares. */
  attachmentHosts?: string[];
}

export interface HostileSite {
  site: SiteConfig;
  /** Real origin → this server. */
  overrides: Record<string, string>;
  /** The real URL each document is listed under. */
  urlOf(name: string): string;
  close(): Promise<void>;
}

export async function startHostileSite(
  id: string,
  docs: ServedDoc[],
  opts: HostileSiteOptions = {},
): Promise<HostileSite> {
  const origin = `http://www.${id}.replica.invalid`;
  const column = `${origin}/xxgk/xxgknb/`;
  const urlOf = (name: string) => `${column}content/post_${docs.findIndex((d) => d.name === name) + 1}.html`;
  // Each document gets its own fictional agency and year in the listing title (the crawler tells reports by title).
  const items = docs.map((d, i) => ({
    title: `合成测试${id}区${2000 + (i % 25)}年政府信息公开工作年度报告（合成测试数据·${d.name}）`,
    url: urlOf(d.name),
    date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
  }));
  for (const x of opts.extraItems ?? []) items.push({ ...x, date: '2024-02-01' });
  const pages = nfcmsListing('szns', column, '政府信息公开年报', items, 20);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const listing = pages.get(path.endsWith('/') ? `${path}index.html` : path);
    if (listing) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(listing);
    }
    const m = /\/content\/post_(\d+)\.html$/.exec(path);
    const doc = m ? docs[Number(m[1]) - 1] : undefined;
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    if (doc.redirect) {
      res.writeHead(302, { location: doc.redirect });
      return void res.end();
    }
    res.writeHead(200, {
      'content-type': doc.contentType ?? 'application/octet-stream',
      'content-length': doc.bytes.length,
    });
    res.end(doc.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    site: {
      id,
      name: `合成测试${id}区`,
      hosts: [`www.${id}.replica.invalid`],
      entries: [{ family: 'nfcms', url: column }],
      attachmentHosts: opts.attachmentHosts,
    },
    overrides: { [origin]: local },
    urlOf,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
