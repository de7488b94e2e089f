import { describe, expect, it } from 'vitest';
import { BaseUrlOverrides } from '../../../crawlers/fetch/overrides.js';
import { followRedirects } from '../../../crawlers/fetch/steps/follow-redirects.js';
import { hop, recorder, response } from './hop.js';

const none = new BaseUrlOverrides();

describe('followRedirects', () => {
  it('sends each Location as a new hop, without the conditional headers, and returns the final response', async () => {
    const { seen, next } = recorder((h) =>
      h.url.endsWith('/a') ? response(302, { location: '/b' }) : response(200, {}, 'final'),
    );
    const first = hop('http://x.gov.cn/a', {
      headers: { 'user-agent': 'u', 'if-none-match': '"e"', 'if-modified-since': 'd' },
    });
    const out = await followRedirects(5, none)(first, next);
    expect(out).toMatchObject({ kind: 'response', hop: { url: 'http://x.gov.cn/b', hop: 1 } });
    expect(seen.map((h) => h.url)).toEqual(['http://x.gov.cn/a', 'http://x.gov.cn/b']);
    expect(seen[1].headers).toEqual({ 'user-agent': 'u' });
  });

  it('303, and 301/302 after a POST, turn the request into a GET without a body; 307 keeps the POST', async () => {
    for (const [status, method] of [
      [303, 'GET'],
      [302, 'GET'],
      [301, 'GET'],
      [307, 'POST'],
    ] as const) {
      const { seen, next } = recorder((h) => (h.hop === 0 ? response(status, { location: '/b' }) : response(200)));
      await followRedirects(5, none)(hop('http://x.gov.cn/a', { method: 'POST', body: 'q=1' }), next);
      expect({ method: seen[1].method, body: seen[1].body }, String(status)).toEqual({
        method,
        body: method === 'POST' ? 'q=1' : undefined,
      });
    }
  });

  it('stops loops and chains longer than the limit with errors that are not retried', async () => {
    const loop = recorder((h) => response(302, { location: h.url.endsWith('/a') ? '/b' : '/a' }));
    expect(await followRedirects(5, none)(hop('http://x.gov.cn/a'), loop.next)).toMatchObject({
      result: { status: 'error', retryable: false, httpStatus: 302, reason: 'redirect loop: http://x.gov.cn/a again' },
    });
    const chainOf = recorder((h) => response(301, { location: `/n${h.hop + 1}` }));
    expect(await followRedirects(2, none)(hop('http://x.gov.cn/n0'), chainOf.next)).toMatchObject({
      result: { url: 'http://x.gov.cn/n2', reason: 'too many redirects (more than 2)' },
    });
    expect(chainOf.seen).toHaveLength(3);
  });

  it('maps a Location that names the override target back to the real URL', async () => {
    const overrides = new BaseUrlOverrides({ 'http://www.sz.gov.cn': 'http://127.0.0.1:4001' });
    const { seen, next } = recorder((h) =>
      h.hop === 0 ? response(302, { location: 'http://127.0.0.1:4001/moved?x=1' }) : response(200),
    );
    await followRedirects(5, overrides)(hop('http://www.sz.gov.cn/a'), next);
    expect(seen[1].url).toBe('http://www.sz.gov.cn/moved?x=1');
  });

  it('a 304 or a 3xx without Location is the final response', async () => {
    for (const r of [response(304), response(302)]) {
      const { seen, next } = recorder(() => r);
      expect((await followRedirects(5, none)(hop('http://x.gov.cn/a'), next)).kind).toBe('response');
      expect(seen).toHaveLength(1);
    }
  });
});
