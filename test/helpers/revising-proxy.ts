// A pass-through proxy in front of one replica that can change a number in one page's first table cell — a
// report revised on the portal with different figures (the replica's own reviseReport changes only text).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MutatingProxy {
  origin: string;
  /** From now on, serve `path` with its first numeric table cell increased by one. */
  mutate(path: string): void;
  close(): Promise<void>;
}

export async function startMutatingProxy(upstream: string): Promise<MutatingProxy> {
  let mutated: string | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const path = req.url ?? '/';
        const changing = mutated !== null && path === mutated;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
        if (changing) {
          delete headers['if-none-match'];
          delete headers['if-modified-since'];
          delete headers['accept-encoding'];
        }
        const up = await fetch(upstream + path, {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
          redirect: 'manual',
        });
        let body = Buffer.from(await up.arrayBuffer());
        const out: Record<string, string> = {};
        up.headers.forEach((v, k) => {
          if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
        });
        if (changing && up.status === 200) {
          body = Buffer.from(
            body
              .toString('utf8')
              .replace(
                /(<td[^>]*>\s*(?:<p>)?\s*)(\d+)(\s*(?:<\/p>)?\s*<\/td>)/,
                (_m, a: string, n: string, b: string) => `${a}${Number(n) + 1}${b}`,
              ),
          );
          out.etag = `"m-${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
          delete out['last-modified'];
          if (req.headers['if-none-match'] === out.etag) {
            res.writeHead(304, { etag: out.etag });
            return void res.end();
          }
        }
        res.writeHead(up.status, { ...out, 'content-length': String(body.length) });
        res.end(body);
      } catch (err) {
        res.writeHead(502);
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mutate: (path) => {
      mutated = path;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
