// Writing a WARC/1.1 file: a warcinfo record, then a request and a response record per document (HTTP headers,
// fetch time, payload digest), each its own gzip member so standard tools can seek and replay it. Streamed: each
// record goes to the file as it is made.
import crypto from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';

const gzip = promisify(zlib.gzip);

export interface WarcExchange {
  url: string;
  /** When the response was fetched. */
  date: Date;
  status: number;
  statusText?: string;
  /** Response headers as they should be replayed (content-type, etag, last-modified …). */
  headers: Record<string, string>;
  body: Uint8Array;
}

export class WarcWriter {
  private out: WriteStream;
  private error: Error | null = null;

  private constructor(readonly file: string) {
    this.out = createWriteStream(file);
    this.out.on('error', (err) => {
      this.error = err;
    });
  }

  /** `date` stamps the warcinfo record (default now). */
  static async open(
    file: string,
    software: string,
    info: Record<string, string> = {},
    date = new Date(),
  ): Promise<WarcWriter> {
    const w = new WarcWriter(file);
    const record = WARCRecord.createWARCInfo(
      {
        filename: file.split('/').pop(),
        date: date.toISOString(),
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'WARC-Record-ID': recordId('info', file) },
      },
      { software, format: 'WARC File Format 1.1', ...info },
    );
    await w.write(record);
    return w;
  }

  /** A request record (GET, the Host header) and its response record, linked by WARC-Concurrent-To. */
  async add(x: WarcExchange): Promise<void> {
    const u = new URL(x.url);
    const date = x.date.toISOString();
    const responseId = recordId('response', x.url, date);
    const request = WARCRecord.create({
      url: x.url,
      date,
      type: 'request',
      warcVersion: 'WARC/1.1',
      statusline: `GET ${u.pathname}${u.search} HTTP/1.1`,
      httpHeaders: { Host: u.host, 'User-Agent': 'gongkai' },
      warcHeaders: { 'WARC-Record-ID': recordId('request', x.url, date), 'WARC-Concurrent-To': responseId },
    });
    await this.write(request);
    const response = WARCRecord.create(
      {
        url: x.url,
        date,
        type: 'response',
        warcVersion: 'WARC/1.1',
        statusline: `HTTP/1.1 ${x.status} ${x.statusText ?? (x.status === 200 ? 'OK' : '')}`.trimEnd(),
        httpHeaders: { ...x.headers, 'Content-Length': String(x.body.byteLength) },
        warcHeaders: { 'WARC-Record-ID': responseId },
      },
      [x.body],
    );
    await this.write(response);
  }

  async close(): Promise<void> {
    this.out.end();
    if (!this.out.closed) await once(this.out, 'close');
    if (this.error) throw new Error(`${this.file}: ${this.error.message}`);
  }

  private async write(record: WARCRecord): Promise<void> {
    if (this.error) throw new Error(`${this.file}: ${this.error.message}`);
    // Digests by warcio, gzip by node:zlib (native: several times faster than warcio's stream compressor); one gzip
    // member per record, as the standard wants.
    const plain = await WARCSerializer.serialize(record, { digest: { algo: 'sha-1', prefix: 'sha1:', base32: true } });
    const bytes = await gzip(plain);
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }
}

/** A record id that is the same whenever the same document is written (so a rebuilt WARC is byte-identical). */
function recordId(...parts: string[]): string {
  const h = crypto.createHash('sha256').update(parts.join('\n')).digest('hex');
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}>`;
}
