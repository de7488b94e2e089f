// A hop for step tests, and a `next` that records what reached it and answers with a given response.
import type { Hop, HopOutcome, Next } from '../../../crawlers/fetch/chain.js';
import type { RawResponse } from '../../../crawlers/fetch/http.js';

export function hop(url: string, extra: Partial<Hop> = {}): Hop {
  return {
    url,
    method: 'GET',
    headers: { 'user-agent': 'gongkai/test' },
    hop: 0,
    siteId: 't',
    scope: [new URL(url).hostname],
    politeness: 'wait',
    ...extra,
  };
}

export function response(status: number, headers: RawResponse['headers'] = {}, body = ''): RawResponse {
  return { status, headers, body: Buffer.from(body) };
}

/** A terminal `next` that records every hop and answers with `answer(hop)` (default 200 "ok"). */
export function recorder(answer: (h: Hop) => RawResponse = () => response(200, {}, 'ok')) {
  const seen: Hop[] = [];
  const next: Next = async (h): Promise<HopOutcome> => {
    seen.push(h);
    return { kind: 'response', hop: h, response: answer(h) };
  };
  return { seen, next };
}
