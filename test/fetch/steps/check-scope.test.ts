import { describe, expect, it } from 'vitest';
import { checkScope, hostMatches } from '../../../crawlers/fetch/steps/check-scope.js';
import { hop, recorder } from './hop.js';

describe('checkScope', () => {
  it('passes hosts of the site, exact or by suffix pattern', async () => {
    const { seen, next } = recorder();
    for (const [url, scope] of [
      ['http://www.sz.gov.cn/a', ['www.sz.gov.cn']],
      ['https://www.sz.gov.cn./a', ['www.sz.gov.cn']],
      ['http://gkml.sz.gov.cn/a', ['*.sz.gov.cn']],
      ['http://sz.gov.cn/a', ['.sz.gov.cn']],
    ] as const)
      expect((await checkScope(hop(url, { scope }), next)).kind, url).toBe('response');
    expect(seen).toHaveLength(4);
  });

  it('refuses other hosts and other schemes without calling the next step', async () => {
    const { seen, next } = recorder();
    const out = await checkScope(hop('http://evil-sz.gov.cn/a', { scope: ['*.sz.gov.cn'], siteId: 'sz' }), next);
    expect(out).toMatchObject({
      kind: 'result',
      refusal: 'out_of_scope',
      result: { status: 'blocked', reason: 'out of scope: evil-sz.gov.cn is not a host of site sz' },
    });
    const ftp = await checkScope(hop('ftp://www.sz.gov.cn/a', { scope: ['www.sz.gov.cn'] }), next);
    expect(ftp).toMatchObject({ refusal: 'scheme', result: { reason: 'unsupported scheme ftp:' } });
    expect(seen).toHaveLength(0);
    expect(hostMatches('sz.gov.cn.evil.example', '*.sz.gov.cn')).toBe(false);
  });
});
