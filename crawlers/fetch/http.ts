// One HTTP exchange over undici, with no redirect following: connect/headers/total timeouts, a size cap that aborts
// the transfer, decompression under the same cap, and failures sorted into clear, classified reasons.
import zlib from 'node:zlib';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import { guardedLookup, type ResolveAll } from './address-guard.js';

export interface Timeouts {
  /** TCP/TLS connect (default 10 s). */
  connectMs: number;
  /** From request sent to response headers (default 20 s). */
  headersMs: number;
  /** The whole exchange, body included (default 60 s). */
  totalMs: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type FailureKind = 'timeout' | 'too_large' | 'forbidden_address' | 'network';

export class FetchFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export function createDispatcher(opts: {
  timeouts: Timeouts;
  allowPrivate: boolean;
  exempt?: readonly string[];
  proxy?: string;
  resolveAll?: ResolveAll;
}): Dispatcher {
  const common = {
    headersTimeout: opts.timeouts.headersMs,
    bodyTimeout: opts.timeouts.headersMs,
    keepAliveTimeout: 4_000,
    connections: 16,
  };
  if (opts.proxy) {
    // The proxy itself may live on a private network; the target is checked before each request (see fetcher).
    return new ProxyAgent({ uri: opts.proxy, ...common, connect: { timeout: opts.timeouts.connectMs } });
  }
  return new Agent({
    ...common,
    connect: {
      timeout: opts.timeouts.connectMs,
      lookup: guardedLookup(opts.allowPrivate, opts.exempt, opts.resolveAll),
    },
  });
}

export async function exchange(
  dispatcher: Dispatcher,
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | Buffer;
    maxBytes: number;
    /** Past maxBytes: 'abort' fails with too_large (default); 'truncate' keeps the first maxBytes (robots.txt). */
    overflow?: 'abort' | 'truncate';
    totalMs: number;
    /** Called once the response headers are in, before the body is read. */
    onHeaders?: () => void;
  },
): Promise<RawResponse> {
  const truncate = init.overflow === 'truncate';
  const ac = new AbortController();
  const timer = setTimeout(
    () => ac.abort(new FetchFailure('timeout', `timeout: no complete answer within ${init.totalMs} ms`, true)),
    init.totalMs,
  );
  try {
    const res = await request(url, {
      dispatcher,
      method: init.method as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: ac.signal,
    });
    init.onHeaders?.();
    // Destroying the body below (cap reached) makes undici emit an AbortError on it: without a listener that would
    // be an uncaught exception taking the whole worker down.
    res.body.on('error', () => undefined);
    const declared = Number(res.headers['content-length']);
    if (!truncate && Number.isFinite(declared) && declared > init.maxBytes) {
      res.body.destroy();
      throw tooLarge(init.maxBytes, `Content-Length ${declared}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > init.maxBytes) {
        res.body.destroy();
        if (!truncate) throw tooLarge(init.maxBytes, `more than ${init.maxBytes} bytes received`);
        chunks.push((chunk as Buffer).subarray(0, (chunk as Buffer).length - (size - init.maxBytes)));
        break;
      }
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const encoding = res.headers['content-encoding'];
    return {
      status: res.statusCode,
      headers: res.headers,
      body: truncate ? await decodePrefix(raw, encoding, init.maxBytes) : decode(raw, encoding, init.maxBytes),
    };
  } catch (err) {
    throw classify(err, ac.signal);
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(max: number, detail: string): FetchFailure {
  return new FetchFailure('too_large', `too large: aborted past the ${max}-byte cap (${detail})`, false);
}

function encodingName(encoding: string | string[] | undefined): string {
  return String(Array.isArray(encoding) ? encoding[0] : (encoding ?? ''))
    .trim()
    .toLowerCase();
}

function decode(raw: Buffer, encoding: string | string[] | undefined, maxBytes: number): Buffer {
  const enc = encodingName(encoding);
  if (!enc || enc === 'identity' || raw.length === 0) return raw;
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(raw, { maxOutputLength: maxBytes });
    if (enc === 'deflate') return zlib.inflateSync(raw, { maxOutputLength: maxBytes });
    if (enc === 'br') return zlib.brotliDecompressSync(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof RangeError) throw tooLarge(maxBytes, `decompressed ${enc} body`);
    throw new FetchFailure('network', `bad ${enc} body: ${(err as Error).message}`, true);
  }
  return raw; // unknown encoding: keep the bytes as sent
}

/** The first `maxBytes` of a (possibly cut-off) compressed body: what a truncating read keeps. */
async function decodePrefix(raw: Buffer, encoding: string | string[] | undefined, maxBytes: number): Promise<Buffer> {
  const enc = encodingName(encoding);
  const make =
    enc === 'gzip' || enc === 'x-gzip'
      ? () => zlib.createGunzip()
      : enc === 'deflate'
        ? () => zlib.createInflate()
        : enc === 'br'
          ? () => zlib.createBrotliDecompress()
          : null;
  if (!make || raw.length === 0) return raw.subarray(0, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = make();
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) {
        stream.destroy();
        resolve();
      }
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve()); // a cut-off or broken stream: keep what was decoded
    stream.end(raw);
  });
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

function classify(err: unknown, signal: AbortSignal): FetchFailure {
  if (err instanceof FetchFailure) return err;
  if (signal.aborted && signal.reason instanceof FetchFailure) return signal.reason;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const msg = e.message ?? String(err);
  if (code === 'EFORBIDDENADDRESS') return new FetchFailure('forbidden_address', e.cause?.message ?? msg, false);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new FetchFailure('timeout', `timeout: connect (${msg})`, true);
  if (code === 'UND_ERR_HEADERS_TIMEOUT')
    return new FetchFailure('timeout', 'timeout: no response headers in time', true);
  if (code === 'UND_ERR_BODY_TIMEOUT') return new FetchFailure('timeout', 'timeout: body stalled', true);
  return new FetchFailure('network', `network: ${code ? code + ' ' : ''}${msg}`, true);
}

/** Removes proxy credentials from a message (reasons, logs): they are never shown. */
export function redactorOf(proxy: string | undefined): (s: string) => string {
  const secrets = proxySecrets(proxy);
  return (s) => secrets.reduce((acc, x) => acc.split(x).join('***'), s);
}

function proxySecrets(proxy: string | undefined): string[] {
  if (!proxy) return [];
  try {
    const u = new URL(proxy);
    const out = [proxy];
    if (u.password) out.push(u.password, decodeURIComponent(u.password));
    if (u.username) out.push(`${u.username}:`);
    return out.filter((s) => s.length > 0);
  } catch {
    return [proxy];
  }
}
