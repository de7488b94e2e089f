// The request step against a real server: the politeness release fires when the headers are in (before the body),
// bodies past the cap are refused or truncated as configured, and transport failures become one-line results.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../crawlers/fetch/http.js';
import { sendRequest } from '../../../crawlers/fetch/steps/send-request.js';
import { hop } from './hop.js';

let base: string;
let server: http.Server;
/** The slow body's tail is sent only when the test says so. */
let finishSlowBody: () => void = () => undefined;
const timeouts = { connectMs: 2000, headersMs: 2000, totalMs: 5000 };
const dispatcher = createDispatcher({ timeouts, allowPrivate: true });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('head ');
      finishSlowBody = () => res.end('tail');
      return;
    }
    if (req.url === '/big') return void res.end(Buffer.alloc(5000, 0x61));
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dispatcher.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const send = (maxBytes: number, overflow: 'abort' | 'truncate', redact = (s: string) => s) =>
  sendRequest({ dispatcher, toTarget: (u) => u, maxBytes, overflow, totalMs: timeouts.totalMs, redact });

describe('sendRequest', () => {
  it('calls onResponse when the headers are in, before the body is complete', async () => {
    // The server holds the body's tail until onResponse has been called: were it called only after the body, this
    // exchange could not finish.
    let called = false;
    const out = await send(
      1e6,
      'abort',
    )(
      hop(`${base}/slow-body`, {
        onResponse: () => {
          called = true;
          finishSlowBody();
        },
      }),
    );
    expect(called).toBe(true);
    expect(out).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(out.kind === 'response' && out.response.body.toString()).toBe('head tail');
  });

  it("'abort' refuses a body past the cap; 'truncate' keeps its first bytes", async () => {
    expect(await send(1000, 'abort')(hop(`${base}/big`))).toMatchObject({
      kind: 'result',
      result: { status: 'error', retryable: false, reason: expect.stringMatching(/^too large/) },
    });
    const cut = await send(1000, 'truncate')(hop(`${base}/big`));
    expect(cut.kind === 'response' && cut.response.body.length).toBe(1000);
  });

  it('a forbidden address found at connect time is blocked; other failures are redacted errors', async () => {
    const strict = createDispatcher({ timeouts, allowPrivate: false });
    try {
      const out = await sendRequest({
        dispatcher: strict,
        toTarget: (u) => u,
        maxBytes: 1e6,
        overflow: 'abort',
        totalMs: 5000,
        redact: (s) => s,
      })(hop(`http://localhost:${new URL(base).port}/`));
      expect(out).toMatchObject({ kind: 'result', refusal: 'forbidden_address', result: { status: 'blocked' } });
    } finally {
      await strict.close();
    }
    const refused = await send(1e6, 'abort', (s) => s.replaceAll('127.0.0.1', '***'))(hop('http://127.0.0.1:1/'));
    expect(refused).toMatchObject({ kind: 'result', result: { status: 'error', retryable: true } });
    expect(
      JSON.stringify(refused.kind === 'result' && 'reason' in refused.result && refused.result.reason),
    ).not.toContain('127.0.0.1');
  });
});
