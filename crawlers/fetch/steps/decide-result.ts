// Step 7, the retry decision: the final response becomes the fetch's result. 2xx → ok (raw bytes, sha256,
// validators); 304 → not_modified; 429, 408 and 5xx → retryable errors carrying Retry-After; other statuses → errors
// that are not retried.
import crypto from 'node:crypto';
import { header, type Step } from '../chain.js';
import { parseRetryAfter } from '../retry-after.js';

export const decideResult: Step = async (hop, next) => {
  const out = await next(hop);
  if (out.kind === 'result') return out;
  const { status, headers, body } = out.response;
  const url = out.hop.url;
  if (status === 304) return { kind: 'result', result: { status: 'not_modified', url } };
  if (status >= 200 && status < 300)
    return {
      kind: 'result',
      result: {
        status: 'ok',
        url,
        httpStatus: status,
        contentType: header(headers, 'content-type') ?? null,
        bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        etag: header(headers, 'etag') ?? null,
        lastModified: header(headers, 'last-modified') ?? null,
        sha256: crypto.createHash('sha256').update(body).digest('hex'),
      },
    };
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
  const retryable = status === 429 || status === 408 || status >= 500;
  return {
    kind: 'result',
    result: {
      status: 'error',
      url,
      retryable,
      httpStatus: status,
      ...(retryAfterMs !== undefined && retryable ? { retryAfterMs } : {}),
      reason: `HTTP ${status}${retryable ? '' : ' (not retried)'}${retryAfterMs !== undefined ? `, Retry-After ${Math.round(retryAfterMs / 1000)} s` : ''}`,
    },
  };
};
