// Reading a WARC file (gzip per record or plain) as a stream of HTTP exchanges: one record at a time, never the
// whole file in memory. A record that cannot be used (no URL, no HTTP status, a payload over the limit, a body that
// does not decode) is yielded as `skipped` with its reason; a file that stops being a WARC ends with a clear error.
import { createReadStream } from 'node:fs';
import { WARCParser, type WARCRecord } from 'warcio';

export interface WarcResponse {
  kind: 'response';
  /** WARC-Target-URI: the real URL. */
  url: string;
  /** WARC-Date (ISO) — when the page was fetched. */
  date: string | null;
  status: number;
  /** HTTP response headers, lower-case names. */
  headers: Record<string, string>;
  /** The payload as the server meant it (transfer and content encodings undone). */
  body: Uint8Array;
  payloadDigest: string | null;
}

export interface WarcSkipped {
  kind: 'skipped';
  url: string | null;
  type: string | null;
  reason: string;
}

export type WarcEntry = WarcResponse | WarcSkipped;

export interface ReadWarcOptions {
  /** A response whose payload is larger is skipped (default 50 MiB, the fetcher's download limit). */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Every response (and resource) record of the file, in order; request, warcinfo, metadata and revisit records
 *  are passed over silently. */
export async function* readWarc(file: string, opts: ReadWarcOptions = {}): AsyncGenerator<WarcEntry> {
  const max = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const parser = new WARCParser(createReadStream(file));
  let index = 0;
  for (;;) {
    let record: WARCRecord | null;
    try {
      record = await parser.parse();
    } catch (err) {
      throw new Error(`${file}: not a readable WARC after ${index} records: ${(err as Error).message}`);
    }
    if (!record) return;
    index++;
    const type = record.warcType ?? null;
    if (type !== 'response' && type !== 'resource') {
      await record.skipFully();
      continue;
    }
    yield await entryOf(record, type, max);
  }
}

async function entryOf(record: WARCRecord, type: 'response' | 'resource', max: number): Promise<WarcEntry> {
  const url = record.warcTargetURI ?? null;
  const skip = async (reason: string): Promise<WarcSkipped> => {
    await record.skipFully();
    return { kind: 'skipped', url, type, reason };
  };
  if (!url || !URL.canParse(url)) return skip('no WARC-Target-URI');
  if (record.warcContentLength > max) return skip(`record of ${record.warcContentLength} bytes, over ${max}`);
  const info = record.getResponseInfo();
  if (type === 'response' && !info) return skip('response record without HTTP headers');
  let body: Uint8Array;
  try {
    // The payload's declared length (the record's, less its HTTP headers): a shorter one is a cut-off file.
    const declared = (record as unknown as { _reader?: { limit?: number } })._reader?.limit;
    const raw = await record.readFully(false);
    if (typeof declared === 'number' && raw.byteLength < declared)
      return { kind: 'skipped', url, type, reason: `truncated: ${raw.byteLength} of ${declared} payload bytes` };
    body = await record.readFully(true);
  } catch (err) {
    return { kind: 'skipped', url, type, reason: `payload unreadable: ${(err as Error).message}` };
  }
  const headers: Record<string, string> = {};
  if (info) for (const [k, v] of info.headers as Iterable<[string, string]>) headers[k.toLowerCase()] = v;
  else headers['content-type'] = record.warcContentType ?? 'application/octet-stream';
  // Encodings are undone: the stored headers must not claim them any more.
  delete headers['content-encoding'];
  delete headers['transfer-encoding'];
  headers['content-length'] = String(body.byteLength);
  return {
    kind: 'response',
    url,
    date: record.warcDate ?? null,
    status: info ? Number(info.status) : 200,
    headers,
    body,
    payloadDigest: record.warcPayloadDigest ?? null,
  };
}
