// The recorded Pingtan portal (test/fixtures/realportals/pingtan.warc.gz, built by scripts/dev/build-pingtan-warc.ts
// from the shared saved pages) served at its real URLs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWarcReplay, type WarcReplay } from '../../replicas/warc-replay.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const WARC = path.join(FIXTURES, 'realportals/pingtan.warc.gz');
const ORIGIN = 'https://www.pingtan.gov.cn';

let replay: WarcReplay;
beforeAll(async () => {
  replay = await startWarcReplay([WARC]);
});
afterAll(async () => {
  await replay?.close();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${replay.overrides[ORIGIN]}${p}`, { headers });

describe('WARC replay', () => {
  it('serves every recorded page of the manifest at its real URL, one origin', () => {
    expect(Object.keys(replay.overrides)).toEqual([ORIGIN]);
    const manifest = readFileSync(path.join(FIXTURES, 'realportals/pingtan/MANIFEST.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t')[0]);
    expect(replay.urls.sort()).toEqual(manifest.sort());
    expect(replay.skipped).toEqual([]);
  });

  it('answers with the recorded bytes unchanged (the 2023 report is the realdata fixture)', async () => {
    const res = await get('/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(path.join(FIXTURES, 'realdata/pingtan-2023.html')))).toBe(true);
  });

  it('answers 404 for a page the recording does not hold, and 304 to a matching If-None-Match', async () => {
    expect((await get('/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm')).status).toBe(404);
    expect((await get('/robots.txt')).status).toBe(404);
    const first = await get('/zwgk/zfxxgk/zfxxgknb/');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Z2-7]{32}"$/);
    expect((await get('/zwgk/zfxxgk/zfxxgknb/', { 'if-none-match': etag })).status).toBe(304);
    expect(replay.requests.map((r) => r.status)).toEqual([200, 404, 404, 200, 304]);
  });
});
