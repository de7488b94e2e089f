import { describe, expect, it } from 'vitest';
import { RobotsCache, type RobotsLoad } from '../../../crawlers/fetch/robots.js';
import { obeyRobots } from '../../../crawlers/fetch/steps/obey-robots.js';
import { hop, recorder } from './hop.js';

function cacheAnswering(load: RobotsLoad) {
  const asked: { url: string; scope: readonly string[] }[] = [];
  const cache = new RobotsCache(async (url, scope) => {
    asked.push({ url, scope });
    return load;
  });
  return { cache, asked };
}

describe('obeyRobots', () => {
  it('refuses what robots.txt disallows for our token, lets the rest through, and asks once per origin', async () => {
    const { cache, asked } = cacheAnswering({
      status: 200,
      body: 'User-agent: gongkai\nDisallow: /preview/\n\nUser-agent: *\nDisallow: /\n',
    });
    const step = obeyRobots(cache, 'gongkai');
    const { seen, next } = recorder();
    const scope = ['www.sz.gov.cn', '*.sz.gov.cn'];
    expect(await step(hop('http://www.sz.gov.cn/preview/d.html', { scope }), next)).toMatchObject({
      refusal: 'robots',
      result: { status: 'blocked', reason: 'robots.txt disallows /preview/d.html for gongkai' },
    });
    expect((await step(hop('http://www.sz.gov.cn/report.html', { scope }), next)).kind).toBe('response');
    expect(seen.map((h) => h.url)).toEqual(['http://www.sz.gov.cn/report.html']);
    expect(asked).toEqual([{ url: 'http://www.sz.gov.cn/robots.txt', scope }]); // the hop's scope bounds its redirects
  });

  it('a robots.txt the site cannot serve defers the hop; one behind a forbidden address blocks it', async () => {
    const { next } = recorder();
    const down = obeyRobots(cacheAnswering({ status: 503, body: '' }).cache, 'gongkai');
    expect(await down(hop('http://x.gov.cn/a'), next)).toMatchObject({
      result: { status: 'error', retryable: true, retryAfterMs: 60_000, reason: 'robots.txt unavailable (HTTP 503)' },
    });
    const forbidden = obeyRobots(cacheAnswering({ error: 'refused: 10.0.0.1', forbidden: true }).cache, 'gongkai');
    expect(await forbidden(hop('http://x.gov.cn/a'), next)).toMatchObject({
      refusal: 'forbidden_address',
      result: { status: 'blocked', reason: 'refused: 10.0.0.1' },
    });
  });

  it('no robots.txt (4xx) or one out of the site (redirected away) allows everything', async () => {
    for (const load of [{ status: 404, body: '' }, { outOfScope: 'out of scope: elsewhere' }] as RobotsLoad[]) {
      const { seen, next } = recorder();
      await obeyRobots(cacheAnswering(load).cache, 'gongkai')(hop('http://x.gov.cn/anything'), next);
      expect(seen).toHaveLength(1);
    }
  });
});
