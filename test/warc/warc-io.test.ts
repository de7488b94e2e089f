// WARC in and out: `export --warc` read back by `ingest --warc` into a fresh database gives identical reports; a
// WARC written by another tool (wget --warc-file against a local server) is ingested; bad records are reported
// and skipped; ingesting again loses nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCRecord, WARCSerializer } from 'warcio';
import { type GongkaiStore, openStore } from '../../db/index.js';
import { exportWarc, ingestWarc, type WarcIngestLine } from '../../scripts/commands/warc.js';
import { runGongkai } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { goldenMismatches } from '../helpers/pipeline-harness.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const PINGTAN_WARC = path.join(FIXTURES, 'realportals/pingtan.warc.gz');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-warc-'));

const dbs: TestDatabase[] = [];
const stores: GongkaiStore[] = [];
async function freshStore(): Promise<{ store: GongkaiStore; db: TestDatabase }> {
  const db = await createTestDatabase('gongkai_warc');
  dbs.push(db);
  const store = await openStore({ databaseUrl: db.url, home: tmp });
  stores.push(store);
  return { store, db };
}
afterAll(async () => {
  for (const s of stores) await s.close();
  for (const d of dbs) await d.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function cells(store: GongkaiStore): Promise<string[]> {
  const rows = await store.db.query<Record<string, unknown>>(
    `SELECT agency, year, table_name, row_key, col_key, value::text AS value, raw FROM report_cells
      ORDER BY agency, year, table_name, row_key, col_key`,
  );
  return rows.map((r) => Object.values(r).join('|'));
}

describe('export --warc / ingest --warc', () => {
  let a: GongkaiStore;
  const lines: WarcIngestLine[] = [];
  beforeAll(async () => {
    a = (await freshStore()).store;
    const sum = await ingestWarc(a, PINGTAN_WARC, (l) => lines.push(l));
    expect(sum).toMatchObject({ records: 11, reports: 8, failed: 3, skipped: 0 });
  });

  it('the recorded Pingtan portal ingests: its reports, each at its golden values', async () => {
    expect(lines.filter((l) => l.outcome.startsWith('new report'))).toHaveLength(8);
    for (const year of [2019, 2020, 2021, 2023, 2024, 2025]) {
      const golden = JSON.parse(
        fs.readFileSync(path.join(FIXTURES, `realportals/pingtan/golden/${year}.json`), 'utf8'),
      );
      const rows = await a.db.query<{ table_name: string; row_key: string; col_key: string; value: string | null }>(
        `SELECT table_name, row_key, col_key, value FROM report_cells WHERE agency = '平潭综合实验区管委会' AND year = $1`,
        [year],
      );
      const stored: Record<string, Record<string, Record<string, number | null>>> = {};
      for (const r of rows)
        ((stored[r.table_name] ??= {})[r.row_key] ??= {})[r.col_key] = r.value === null ? null : Number(r.value);
      expect(goldenMismatches(golden, stored), String(year)).toEqual([]);
    }
  });

  it('round trip: a WARC written by export --warc gives identical reports in a fresh database', async () => {
    const out = path.join(tmp, 'export.warc.gz');
    expect(await exportWarc(a, out)).toBe(11);
    const { store: b } = await freshStore();
    const sum = await ingestWarc(b, out, () => {});
    expect(sum).toMatchObject({ records: 11, reports: 8, skipped: 0 });
    expect(await cells(b)).toEqual(await cells(a));
    const urls = (s: GongkaiStore) =>
      s.db.query<{ source_url: string; fetched_at: Date }>(
        'SELECT source_url, fetched_at FROM documents ORDER BY source_url',
      );
    expect(await urls(b)).toEqual(await urls(a));
    // Ingesting the same WARC again: nothing lost, nothing doubled.
    const again: WarcIngestLine[] = [];
    await ingestWarc(b, out, (l) => again.push(l));
    expect(again.filter((l) => l.outcome.startsWith('unchanged'))).toHaveLength(8);
    expect(await cells(b)).toEqual(await cells(a));
  });

  it('--since and --site narrow the export; an unknown site is one clear error', async () => {
    expect(await exportWarc(a, path.join(tmp, 'none.warc.gz'), { since: new Date('2099-01-01') })).toBe(0);
    await expect(exportWarc(a, path.join(tmp, 'x.warc.gz'), { siteId: 'nosuch' })).rejects.toThrow(
      '--site nosuch: no such site in the store',
    );
  });

  it('bad records are reported and skipped; the good ones around them load', async () => {
    const file = path.join(tmp, 'bad.warc.gz');
    const records = [
      WARCRecord.create({ type: 'response', warcVersion: 'WARC/1.1', statusline: 'HTTP/1.1 200 OK', httpHeaders: {} }, [
        new TextEncoder().encode('<p>no target URI</p>'),
      ]),
      WARCRecord.create(
        {
          url: 'https://www.pingtan.gov.cn/missing.htm',
          type: 'response',
          warcVersion: 'WARC/1.1',
          statusline: 'HTTP/1.1 404 Not Found',
          httpHeaders: { 'Content-Type': 'text/html' },
        },
        [new TextEncoder().encode('not found')],
      ),
      WARCRecord.create(
        {
          url: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm',
          type: 'response',
          warcVersion: 'WARC/1.1',
          statusline: 'HTTP/1.1 200 OK',
          httpHeaders: { 'Content-Type': 'text/html; charset=utf-8' },
        },
        [fs.readFileSync(path.join(FIXTURES, 'realdata/pingtan-2023.html'))],
      ),
    ];
    const parts: Uint8Array[] = [];
    for (const r of records) parts.push(await WARCSerializer.serialize(r, { gzip: true }));
    fs.writeFileSync(file, Buffer.concat(parts));
    const { store } = await freshStore();
    const seen: WarcIngestLine[] = [];
    const sum = await ingestWarc(store, file, (l) => seen.push(l));
    expect(sum).toMatchObject({ records: 3, reports: 1, skipped: 2 });
    expect(seen.map((l) => l.outcome)).toEqual([
      'skipped: no WARC-Target-URI',
      'skipped: HTTP 404',
      'new report 平潭综合实验区管委会 2023',
    ]);
  });

  it('a file cut off inside a record: the records before it load, the cut one is reported, not stored short', async () => {
    const cut = path.join(tmp, 'cut.warc.gz');
    fs.writeFileSync(cut, fs.readFileSync(PINGTAN_WARC).subarray(0, 100_000));
    const { store } = await freshStore();
    const seen: WarcIngestLine[] = [];
    const sum = await ingestWarc(store, cut, (l) => seen.push(l));
    expect(sum.skipped).toBe(1);
    expect(seen.at(-1)?.outcome).toMatch(/^skipped: truncated: \d+ of \d+ payload bytes$/);
    expect(sum.records).toBe(seen.length);
    expect(sum.reports + sum.failed).toBe(seen.length - 1);
  });

  it('a WARC written by wget --warc-file against a local server is ingested (gongkai ingest --warc)', async () => {
    const page = fs.readFileSync(path.join(FIXTURES, 'realdata/pingtan-2023.html'));
    const server = http.createServer((req, res) => {
      if (req.url === '/zfxxgknb/')
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<a href="202403/t20240308_87885.htm">平潭综合实验区2023年度政府信息公开工作年度报告</a>');
      else if (req.url === '/zfxxgknb/202403/t20240308_87885.htm')
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const prefix = path.join(tmp, 'wget');
      await promisify(execFile)(
        'wget',
        [
          '-q',
          '-r',
          '-l',
          '1',
          '-np',
          '-P',
          path.join(tmp, 'wget-files'),
          `--warc-file=${prefix}`,
          `${base}/zfxxgknb/`,
        ],
        { timeout: 60_000 },
      ).catch((err: { code?: number }) => {
        if (err.code !== 8) throw err; // 8: some URL answered 404 (robots.txt)
      });
      const warc = `${prefix}.warc.gz`;
      expect(fs.existsSync(warc)).toBe(true);
      const { db } = await freshStore();
      const run = await runGongkai(['ingest', '--warc', warc], { DATABASE_URL: db.url, REDIS_URL: undefined });
      expect(run.stderr).toMatch(/records: 1 reports/);
      expect(run.stdout).toContain(`${base}/zfxxgknb/202403/t20240308_87885.htm: new report 平潭综合实验区管委会 2023`);
      expect(run.code).toBe(0);
    } finally {
      server.close();
    }
  });
});
