import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideResult } from '../../../crawlers/fetch/steps/decide-result.js';
import { hop, recorder, response } from './hop.js';

const decide = (status: number, headers: Record<string, string> = {}, body = '') =>
  decideResult(hop('http://x.gov.cn/a'), recorder(() => response(status, headers, body)).next);

describe('decideResult', () => {
  it('2xx is ok with raw bytes, sha256 and validators; 304 is not_modified', async () => {
    const out = await decide(200, { 'content-type': 'text/html', etag: '"e"', 'last-modified': 'x' }, '年报');
    expect(out).toMatchObject({
      kind: 'result',
      result: {
        status: 'ok',
        url: 'http://x.gov.cn/a',
        httpStatus: 200,
        contentType: 'text/html',
        etag: '"e"',
        lastModified: 'x',
        sha256: crypto.createHash('sha256').update('年报').digest('hex'),
      },
    });
    expect(await decide(304)).toMatchObject({ result: { status: 'not_modified', url: 'http://x.gov.cn/a' } });
  });

  it('429, 408 and 5xx are retryable (with Retry-After); other statuses are not', async () => {
    expect(await decide(429, { 'retry-after': '7' })).toMatchObject({
      result: {
        status: 'error',
        retryable: true,
        httpStatus: 429,
        retryAfterMs: 7000,
        reason: 'HTTP 429, Retry-After 7 s',
      },
    });
    expect(await decide(408)).toMatchObject({ result: { retryable: true, reason: 'HTTP 408' } });
    expect(await decide(503)).toMatchObject({ result: { retryable: true, reason: 'HTTP 503' } });
    expect(await decide(404, { 'retry-after': '7' })).toMatchObject({
      result: { retryable: false, reason: 'HTTP 404 (not retried), Retry-After 7 s' },
    });
    const noRetryAfter = await decide(404, { 'retry-after': '7' });
    expect(noRetryAfter.kind === 'result' && 'retryAfterMs' in noRetryAfter.result).toBe(false);
  });

  it('passes a result from an inner step through unchanged', async () => {
    const blocked = { status: 'blocked', url: 'http://x.gov.cn/a', reason: 'no' } as const;
    const out = await decideResult(hop('http://x.gov.cn/a'), async () => ({ kind: 'result', result: blocked }));
    expect(out).toEqual({ kind: 'result', result: blocked });
  });
});
