// The chain: a hop passes the steps outermost first to the last one; outcomes come back in reverse; a step that
// answers itself ends the hop there.
import { describe, expect, it } from 'vitest';
import { chain, type Step } from '../../../crawlers/fetch/chain.js';
import { hop, recorder } from './hop.js';

describe('chain', () => {
  it('runs steps in order on the way down and in reverse on the way up', async () => {
    const trace: string[] = [];
    const step =
      (name: string): Step =>
      async (h, next) => {
        trace.push(`${name}↓`);
        const out = await next(h);
        trace.push(`${name}↑`);
        return out;
      };
    const { seen, next } = recorder();
    const out = await chain([step('a'), step('b'), step('c')], next)(hop('http://x.gov.cn/'));
    expect(trace).toEqual(['a↓', 'b↓', 'c↓', 'c↑', 'b↑', 'a↑']);
    expect(seen).toHaveLength(1);
    expect(out.kind).toBe('response');
  });

  it('a step that answers ends the hop: later steps and the request never run', async () => {
    const refuse: Step = async (h) => ({
      kind: 'result',
      refusal: 'robots',
      result: { status: 'blocked', url: h.url, reason: 'no' },
    });
    const later: Step = async () => {
      throw new Error('must not run');
    };
    const { seen, next } = recorder();
    const out = await chain([refuse, later], next)(hop('http://x.gov.cn/'));
    expect(out).toMatchObject({ kind: 'result', refusal: 'robots', result: { status: 'blocked' } });
    expect(seen).toHaveLength(0);
  });
});
