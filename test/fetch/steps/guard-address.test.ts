// The address guard step: literal IP targets (and every target behind a proxy) are resolved and judged before
// anything is sent; names without a proxy are left to the connection's own guard (checked at connect time).
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ResolveAll } from '../../../crawlers/fetch/address-guard.js';
import { guardAddress } from '../../../crawlers/fetch/steps/guard-address.js';
import { hop, recorder } from './hop.js';

const answers: Record<string, string> = { 'www.public.gov.cn': '203.0.113.9', 'www.inside.gov.cn': '10.1.2.3' };
const resolveAll: ResolveAll = async (host) => {
  const a = answers[host];
  if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address: a, family: net.isIP(a) }];
};
const base = { allowPrivate: false, exempt: [], proxy: false, resolveAll, toTarget: (u: string) => u };

describe('guardAddress', () => {
  it('refuses forbidden literal targets before sending, in any spelling', async () => {
    const { seen, next } = recorder();
    for (const url of ['http://127.0.0.1/', 'http://[::ffff:7f00:1]/', 'http://[fec0::1]/', 'http://10.0.0.8:8080/'])
      expect(await guardAddress(base)(hop(url), next), url).toMatchObject({
        kind: 'result',
        refusal: 'forbidden_address',
        result: { status: 'blocked', reason: expect.stringMatching(/^refused: .* a private\/loopback\/link-local/) },
      });
    expect(seen).toHaveLength(0);
  });

  it('judges the override target, not the real URL', async () => {
    const { seen, next } = recorder();
    const step = guardAddress({ ...base, toTarget: () => 'http://127.0.0.1:4001/x' });
    expect((await step(hop('http://www.sz.gov.cn/x'), next)).kind).toBe('result');
    expect(seen).toHaveLength(0);
  });

  it('lets public literals, allow-listed ones and names (guarded at connect time) through; allowPrivate passes all', async () => {
    const { seen, next } = recorder();
    await guardAddress(base)(hop('http://203.0.113.7/'), next);
    await guardAddress({ ...base, exempt: ['10.0.0.5'] })(hop('http://10.0.0.5/'), next);
    await guardAddress(base)(hop('http://www.inside.gov.cn/'), next);
    await guardAddress({ ...base, allowPrivate: true })(hop('http://127.0.0.1/'), next);
    expect(seen).toHaveLength(4);
  });

  it('behind a proxy, names are resolved here: a private answer is refused, an unresolvable one left to the request', async () => {
    const { seen, next } = recorder();
    const step = guardAddress({ ...base, proxy: true });
    expect(await step(hop('http://www.inside.gov.cn/'), next)).toMatchObject({
      result: { reason: expect.stringMatching(/^refused: www\.inside\.gov\.cn resolves to 10\.1\.2\.3/) },
    });
    await step(hop('http://www.public.gov.cn/'), next);
    await step(hop('http://www.unknown.gov.cn/'), next);
    expect(seen.map((h) => h.url)).toEqual(['http://www.public.gov.cn/', 'http://www.unknown.gov.cn/']);
  });
});
