// The store on real PostgreSQL (a fresh database per run) and on embedded PGlite (a temp dir): golden reports load
// and the views return their numbers; idempotency; revision history; yoy and carry-over across years; failures;
// racing loaders.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, type GongkaiStore, openStore, storeOnDb } from '../../db/index.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import {
  documentBytes,
  listFailures,
  queryCarryoverMismatches,
  queryFindings,
  queryYoy,
  readView,
  reportHistory,
} from '../../db/queries.js';
import { jsonCellValue, reportFromJson } from '../../parsers/json.js';
import type { ParseOutcome, Report } from '../../parsers/types.js';
import { PARSER_VERSION } from '../../parsers/version.js';
import { createTempHome, createTestDatabase, type TempHome, type TestDatabase } from '../helpers/db.js';
import { type GoldenCase, goldenCase, loadGoldens } from '../helpers/golden.js';

const ok = (report: Report): ParseOutcome => ({ ok: true, report, source: 'text' });
const goldenReport = (g: GoldenCase): Report => reportFromJson(g.golden as never);

async function saveBytes(store: GongkaiStore, bytes: Uint8Array, url: string) {
  return store.saveDocument({ bytes, contentType: null, sourceUrl: url, fetchedAt: new Date() });
}

async function loadGolden(store: GongkaiStore, g: GoldenCase) {
  const doc = await saveBytes(store, fs.readFileSync(g.sourcePath), `file://${g.sourcePath}`);
  const res = await store.loadReport(doc.documentId, ok(goldenReport(g)), {
    sourceUrl: `file://${g.sourcePath}`,
    parserVersion: PARSER_VERSION,
  });
  return { doc, res };
}

async function count(store: GongkaiStore, table: string): Promise<number> {
  const [{ n }] = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(n);
}

/** A golden report for a made-up agency with its requests table changed (a "different document"). */
function variant(base: Report, agency: string, year: number, edit: (r: Report) => void): Report {
  const r: Report = structuredClone(base);
  r.agency = agency;
  r.year = year;
  edit(r);
  return r;
}

function setCell(r: Report, table: 'requests', row: string, col: string, value: number) {
  r[table]![row][col] = { value, raw: String(value) };
}

/** The same database, counting the statements sent through it. */
function countingDb(db: Db): { db: Db; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    db: {
      kind: db.kind,
      location: db.location,
      query: <T>(sql: string, params?: readonly unknown[]) => (sent.push(sql), db.query<T>(sql, params)),
      exec: (sql: string) => (sent.push(sql), db.exec(sql)),
      transaction: <T>(fn: Parameters<Db['transaction']>[0]) => db.transaction(fn) as Promise<T>,
      close: async () => {}, // the store under test owns the connection
    },
  };
}

interface Backend {
  name: string;
  setup(): Promise<{ databaseUrl: string | undefined; home: string; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'postgres',
    async setup() {
      const db: TestDatabase = await createTestDatabase();
      const tmp: TempHome = createTempHome();
      return {
        databaseUrl: db.url,
        home: tmp.home,
        cleanup: async () => {
          await db.drop();
          tmp.remove();
        },
      };
    },
  },
  {
    name: 'pglite',
    async setup() {
      const tmp = createTempHome();
      return { databaseUrl: undefined, home: tmp.home, cleanup: async () => tmp.remove() };
    },
  },
];

describe.each(backends)('store on $name', (backend) => {
  let env: Awaited<ReturnType<Backend['setup']>>;
  let store: GongkaiStore;
  const goldens = loadGoldens();

  beforeAll(async () => {
    env = await backend.setup();
    store = await openStore({ databaseUrl: env.databaseUrl, home: env.home });
  });
  afterAll(async () => {
    await store?.close();
    await env?.cleanup();
  });

  it('has applied every migration, and migrating again applies nothing', async () => {
    const applied = await store.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => Number(r.version))).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(store.db)).toEqual([]);
  });

  it('loads every golden report and report_cells returns its numbers', async () => {
    expect(goldens.length).toBeGreaterThanOrEqual(8);
    for (const g of goldens) {
      const { res } = await loadGolden(store, g);
      expect(res.status, g.name).toBe('new_report');
    }
    for (const g of goldens) {
      const rows = await store.db.query<{ table_name: string; row_key: string; col_key: string; value: string | null }>(
        'SELECT table_name, row_key, col_key, value FROM report_cells WHERE agency = $1 AND year = $2',
        [g.golden.agency, g.golden.year],
      );
      const got = new Map(
        rows.map((r) => [`${r.table_name}/${r.row_key}/${r.col_key}`, r.value === null ? null : Number(r.value)]),
      );
      let expected = 0;
      for (const table of ['active', 'requests', 'review'] as const) {
        for (const [row, cols] of Object.entries(g.golden[table] ?? {})) {
          for (const [col, cell] of Object.entries(cols)) {
            expected++;
            expect(got.get(`${table}/${row}/${col}`), `${g.name} ${table}.${row}.${col}`).toBe(jsonCellValue(cell));
          }
        }
      }
      expect(rows.length, g.name).toBe(expected);
    }
  });

  it('wide views hold one row per report with {row}_{col} columns', async () => {
    const requests = await readView(store.db, 'requests_wide');
    expect(requests.length).toBe(goldens.length);
    const h23 = requests.find((r) => r.agency === '淮安市洪泽区人民政府' && Number(r.year) === 2023)!;
    const g23 = goldenCase('hongze-2023').golden.requests!;
    expect(Number(h23.new_received_total)).toBe(21);
    expect(Number(h23.denied_state_secret_natural_person)).toBe(
      jsonCellValue(g23['denied.state_secret'].natural_person),
    );
    expect(Number(h23.carried_forward_total)).toBe(jsonCellValue(g23.carried_forward.total));
    // hongze prints （六）其他处理 as one row: the three detailed columns stay null.
    expect(Number(h23.other_total)).toBe(jsonCellValue(g23.other.total));
    expect(h23.other_overdue_fee_total).toBeNull();
    const pingtan = requests.find((r) => r.agency === '平潭综合实验区管委会')!;
    expect(Number(pingtan.other_overdue_fee_total)).toBe(
      jsonCellValue(goldenCase('pingtan-2023').golden.requests!['other.overdue_fee'].total),
    );
    expect(pingtan.other_total).toBeNull();
    const nansha = requests.find((r) => r.agency === '广州市南沙区人民政府')!; // a 2019-format report
    const gn = goldenCase('004_2e72bb84fb1e0d34').golden.requests!;
    expect(Number(nansha.other_total)).toBe(jsonCellValue(gn.other.total));

    const active = await readView(store.db, 'active_wide');
    const a23 = active.find((r) => r.agency === '淮安市洪泽区人民政府' && Number(r.year) === 2023)!;
    expect(Number(a23.fees_amount_10k_yuan)).toBe(7730.28);
    expect(Number(a23.punishment_decisions)).toBe(4119);
    const an = active.find((r) => r.agency === '广州市南沙区人民政府')!;
    expect(Number(an.procurement_projects)).toBe(
      jsonCellValue(goldenCase('004_2e72bb84fb1e0d34').golden.active!.procurement.projects),
    );

    const review = await readView(store.db, 'review_wide');
    const r24 = review.find((r) => r.agency === '淮安市洪泽区人民政府' && Number(r.year) === 2024)!;
    const gr = goldenCase('hongze-2024').golden.review!;
    expect(Number(r24.review_total)).toBe(jsonCellValue(gr.review.total));
    expect(Number(r24.litigation_after_review_total)).toBe(jsonCellValue(gr.litigation_after_review.total));
  });

  it('is idempotent: the same document twice changes nothing', async () => {
    const before = {
      reports: await count(store, 'reports'),
      revisions: await count(store, 'revisions'),
      cells: await count(store, 'cells'),
      documents: await count(store, 'documents'),
    };
    for (const g of goldens) {
      const { doc, res } = await loadGolden(store, g);
      expect(doc.isNew).toBe(false);
      expect(res.status).toBe('unchanged');
    }
    expect({
      reports: await count(store, 'reports'),
      revisions: await count(store, 'revisions'),
      cells: await count(store, 'cells'),
      documents: await count(store, 'documents'),
    }).toEqual(before);
  });

  it('shows hongze 2023 → 2024 in yoy: new_received total 21 → 95', async () => {
    const rows = await queryYoy(store.db, { agency: '淮安市洪泽区人民政府', metric: 'new_received.total' });
    expect(rows.map((r) => [r.year, r.value, r.prev_value, r.change])).toEqual([
      [2023, 21, null, null],
      [2024, 95, 21, 74],
    ]);
    expect(rows[1].pct_change).toBeCloseTo(352.38, 2);
    // A dotted row key: the column is after the last dot.
    const denied = await queryYoy(store.db, { agency: '淮安市洪泽区人民政府', metric: 'denied.state_secret.total' });
    expect(denied.map((r) => r.value)).toEqual([
      1,
      jsonCellValue(goldenCase('hongze-2024').golden.requests!['denied.state_secret'].total),
    ]);
  });

  it('finds no carry-over mismatch for hongze, and one for a tampered pair', async () => {
    expect(await queryCarryoverMismatches(store.db, '淮安市洪泽区人民政府')).toEqual([]);
    const base = goldenReport(goldenCase('hongze-2023'));
    const y1 = variant(base, '测试县人民政府', 2022, (r) => setCell(r, 'requests', 'carried_forward', 'total', 5));
    const y2 = variant(base, '测试县人民政府', 2023, (r) => setCell(r, 'requests', 'carried_over', 'total', 3));
    for (const [i, r] of [y1, y2].entries()) {
      const doc = await saveBytes(
        store,
        new TextEncoder().encode(`tampered ${i}`),
        `https://example.org/tampered-${i}`,
      );
      expect(
        (
          await store.loadReport(doc.documentId, ok(r), {
            sourceUrl: `https://example.org/tampered-${i}`,
            parserVersion: PARSER_VERSION,
          })
        ).status,
      ).toBe('new_report');
    }
    expect(await queryCarryoverMismatches(store.db)).toEqual([
      { agency: '测试县人民政府', year: 2023, carried_over: 3, prev_year: 2022, prev_carried_forward: 5 },
    ]);
  });

  it('a less complete copy from another URL is kept as a revision but never replaces the current one', async () => {
    const g = goldenCase('000_9a0889932f31a8f7');
    const agency = g.golden.agency!;
    const current = async () =>
      Number(
        (
          await store.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM report_cells WHERE agency = $1 AND year = 2023 AND value IS NOT NULL`,
            [agency],
          )
        )[0].n,
      );
    const before = await current();
    const truncated = variant(goldenReport(g), agency, 2023, (r) => {
      r.review = null;
    });
    const copy = await saveBytes(
      store,
      new TextEncoder().encode('nanshan truncated copy'),
      'https://mirror.example.org/nanshan-2023',
    );
    const kept = await store.loadReport(copy.documentId, ok(truncated), {
      sourceUrl: 'https://mirror.example.org/nanshan-2023',
      parserVersion: PARSER_VERSION,
    });
    expect(kept.status).toBe('kept_current');
    expect(await current()).toBe(before);
    const history = await reportHistory(store.db, agency, 2023);
    expect(history.find((h) => h.revisionId === kept.revisionId)?.current).toBe(false);
    // From the current revision's own URL the same content is the publisher's change: it becomes current.
    const currentUrl = (
      await store.db.query<{ source_url: string }>(
        `SELECT rv.source_url FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN revisions rv ON rv.id = r.current_revision_id WHERE a.name = $1 AND r.year = 2023`,
        [agency],
      )
    )[0].source_url;
    const edited = await saveBytes(store, new TextEncoder().encode('nanshan edited by its publisher'), currentUrl);
    const replaced = await store.loadReport(edited.documentId, ok(truncated), {
      sourceUrl: currentUrl,
      parserVersion: PARSER_VERSION,
    });
    expect(replaced.status).toBe('new_revision');
    expect(await current()).toBe(before - 15);
  });

  it('keeps every revision: a changed document becomes current, the old one stays', async () => {
    const g = goldenCase('pingtan-2023');
    const changed = variant(goldenReport(g), g.golden.agency!, 2023, (r) =>
      setCell(r, 'requests', 'granted', 'total', 999),
    );
    const doc = await saveBytes(
      store,
      new TextEncoder().encode('pingtan corrected edition'),
      'https://example.org/pingtan-v2',
    );
    const res = await store.loadReport(doc.documentId, ok(changed), {
      sourceUrl: 'https://example.org/pingtan-v2',
      parserVersion: PARSER_VERSION,
    });
    expect(res.status).toBe('new_revision');
    const history = await reportHistory(store.db, g.golden.agency!, 2023);
    expect(history.length).toBe(2);
    expect(history.map((h) => h.current)).toEqual([false, true]);
    expect(history[1].revisionId).toBe(res.revisionId);
    const [cell] = await store.db.query<{ value: string }>(
      `SELECT value FROM report_cells WHERE agency = $1 AND year = 2023 AND table_name = 'requests' AND row_key = 'granted' AND col_key = 'total'`,
      [g.golden.agency],
    );
    expect(Number(cell.value)).toBe(999);
    // The old revision's cells are kept.
    const [old] = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cells WHERE revision_id = $1', [
      history[0].revisionId,
    ]);
    expect(Number(old.n)).toBeGreaterThan(100);
    // Loading the first document again does not flip the current revision back.
    const again = await loadGolden(store, g);
    expect(again.res.status).toBe('unchanged');
    expect((await reportHistory(store.db, g.golden.agency!, 2023)).map((h) => h.current)).toEqual([false, true]);
    // Source URL of the report follows the current revision.
    const [rep] = await store.db.query<{ source_url: string }>(
      'SELECT source_url FROM requests_wide WHERE agency = $1 AND year = 2023',
      [g.golden.agency],
    );
    expect(rep.source_url).toBe('https://example.org/pingtan-v2');
  });

  it('stores a failed parse with its reason and no report', async () => {
    const reportsBefore = await count(store, 'reports');
    const doc = await saveBytes(store, new TextEncoder().encode('%PDF-1.7 broken'), 'https://example.org/broken.pdf');
    const res = await store.loadReport(
      doc.documentId,
      { ok: false, error: { code: 'unreadable', message: 'the PDF is truncated' } },
      {
        sourceUrl: 'https://example.org/broken.pdf',
        parserVersion: PARSER_VERSION,
      },
    );
    expect(res).toEqual({ status: 'failed', reason: 'the PDF is truncated' });
    // No agency in the document and none given: a failure with a clear reason, never a half-written report.
    const nameless = variant(goldenReport(goldenCase('hongze-2023')), '', 2023, () => {});
    nameless.agency = null;
    const doc2 = await saveBytes(store, new TextEncoder().encode('nameless'), 'https://example.org/nameless');
    const res2 = await store.loadReport(doc2.documentId, ok(nameless), {
      sourceUrl: 'https://example.org/nameless',
      parserVersion: PARSER_VERSION,
    });
    expect(res2.status).toBe('failed');
    expect(res2.reason).toMatch(/agency/);
    expect(await count(store, 'reports')).toBe(reportsBefore);
    const failures = await listFailures(store.db);
    expect(failures.map((f) => [f.sourceUrl, f.code])).toEqual([
      ['https://example.org/broken.pdf', 'unreadable'],
      ['https://example.org/nameless', 'no_agency'],
    ]);
    // With a hint the same report loads under the hinted agency.
    const res3 = await store.loadReport(doc2.documentId, ok(nameless), {
      sourceUrl: 'https://example.org/nameless',
      parserVersion: PARSER_VERSION,
      agencyHint: '提示区人民政府',
    });
    expect(res3.status).toBe('new_report');
    const [hint] = await store.db.query<{ agency_hint: string }>('SELECT agency_hint FROM documents WHERE id = $1', [
      doc2.documentId,
    ]);
    expect(hint.agency_hint).toBe('提示区人民政府');
  });

  it('saves a document and loads or fails a report in one statement each, hints and all', async () => {
    const counted = countingDb(store.db);
    const one = await storeOnDb(counted.db);
    const hints = { agencyHint: '一句区人民政府', yearHint: 2022 };
    const doc = await one.saveDocument({
      bytes: new TextEncoder().encode('one statement'),
      contentType: null,
      sourceUrl: 'https://example.org/one',
      fetchedAt: new Date(),
      siteId: 'site-one',
    });
    const broken = await one.saveDocument({
      bytes: new TextEncoder().encode('one statement, broken'),
      contentType: null,
      sourceUrl: 'https://example.org/one-broken',
      fetchedAt: new Date(),
    });
    counted.sent.length = 0;
    const r = variant(goldenReport(goldenCase('hongze-2024')), '一句区人民政府', 2022, () => {});
    const loaded = await one.loadReport(doc.documentId, ok(r), {
      sourceUrl: 'https://example.org/one',
      siteId: 'site-one',
      parserVersion: PARSER_VERSION,
      ...hints,
    });
    expect(loaded.status).toBe('new_report');
    expect(counted.sent).toHaveLength(1);
    const failed = await one.loadReport(
      broken.documentId,
      { ok: false, error: { code: 'unreadable', message: 'truncated' } },
      { sourceUrl: 'https://example.org/one-broken', parserVersion: PARSER_VERSION, ...hints },
    );
    expect(failed.status).toBe('failed');
    expect(counted.sent).toHaveLength(2);
    const [saved, failedDoc] = await store.db.query<{ agency_hint: string; year_hint: number }>(
      'SELECT agency_hint, year_hint FROM documents WHERE id = ANY($1::int[]) ORDER BY id',
      [[doc.documentId, broken.documentId]],
    );
    expect(saved).toEqual({ agency_hint: '一句区人民政府', year_hint: 2022 });
    expect(failedDoc).toEqual({ agency_hint: '一句区人民政府', year_hint: 2022 });
    const [{ site_id }] = await store.db.query<{ site_id: string }>('SELECT site_id FROM agencies WHERE name = $1', [
      '一句区人民政府',
    ]);
    expect(site_id).toBe('site-one');
  });

  it('rewrites a document row for its hints only when they change it', async () => {
    const g = goldenCase('hongze-2023');
    const r = variant(goldenReport(g), '提示不变区人民政府', 2023, () => {});
    const doc = await saveBytes(store, new TextEncoder().encode('hints once'), 'https://example.org/hints-once');
    const version = async () =>
      (await store.db.query<{ v: string }>('SELECT xmin::text AS v FROM documents WHERE id = $1', [doc.documentId]))[0]
        .v;
    const ctx = {
      sourceUrl: 'https://example.org/hints-once',
      parserVersion: PARSER_VERSION,
      agencyHint: '提示不变区人民政府',
      yearHint: 2023,
    };
    expect((await store.loadReport(doc.documentId, ok(r), ctx)).status).toBe('new_report');
    const first = await version();
    expect((await store.loadReport(doc.documentId, ok(r), ctx)).status).toBe('unchanged');
    expect((await store.loadReport(doc.documentId, ok(r), { ...ctx, agencyHint: undefined })).status).toBe('unchanged');
    expect(await version()).toBe(first);
    await store.loadReport(doc.documentId, ok(r), { ...ctx, yearHint: 2024 });
    expect(await version()).not.toBe(first);
    const [hint] = await store.db.query<{ agency_hint: string; year_hint: number }>(
      'SELECT agency_hint, year_hint FROM documents WHERE id = $1',
      [doc.documentId],
    );
    expect(hint).toEqual({ agency_hint: '提示不变区人民政府', year_hint: 2024 });
  });

  it('yoy follows the current revision of the year before, and matches a self-join of report_cells', async () => {
    const agency = '逐年区人民政府';
    const base = goldenReport(goldenCase('hongze-2024'));
    const load = async (year: number, received: number, tag: string) => {
      const r = variant(base, agency, year, (x) => setCell(x, 'requests', 'new_received', 'total', received));
      const url = `https://example.org/yoy-${year}-${tag}`;
      const doc = await saveBytes(store, new TextEncoder().encode(`yoy ${year} ${tag}`), url);
      return (await store.loadReport(doc.documentId, ok(r), { sourceUrl: url, parserVersion: PARSER_VERSION })).status;
    };
    const received = async () =>
      (await queryYoy(store.db, { agency, metric: 'new_received.total' })).map((x) => [
        x.year,
        x.value,
        x.prev_value,
        x.change,
        x.pct_change,
      ]);
    // Loaded out of order, with a gap (no 2023): 2024 has no year before.
    expect(await load(2024, 30, 'a')).toBe('new_report');
    expect(await load(2021, 10, 'a')).toBe('new_report');
    expect(await load(2022, 40, 'a')).toBe('new_report');
    expect(await received()).toEqual([
      [2021, 10, null, null, null],
      [2022, 40, 10, 30, 300],
      [2024, 30, null, null, null],
    ]);
    // A new current revision of 2021 changes 2022's prev_value; 2023 arriving gives 2024 one.
    expect(await load(2021, 20, 'b')).toBe('new_revision');
    expect(await load(2023, 0, 'a')).toBe('new_report');
    expect(await received()).toEqual([
      [2021, 20, null, null, null],
      [2022, 40, 20, 20, 100],
      [2023, 0, 40, -40, -100],
      [2024, 30, 0, 30, null],
    ]);
    // A less complete copy of 2022 from another URL is kept beside the current revision and changes nothing.
    const truncated = variant(base, agency, 2022, (x) => {
      setCell(x, 'requests', 'new_received', 'total', 99);
      x.review = null;
    });
    const copy = await saveBytes(
      store,
      new TextEncoder().encode('yoy 2022 truncated copy'),
      'https://mirror.example.org/yoy-2022',
    );
    expect(
      (
        await store.loadReport(copy.documentId, ok(truncated), {
          sourceUrl: 'https://mirror.example.org/yoy-2022',
          parserVersion: PARSER_VERSION,
        })
      ).status,
    ).toBe('kept_current');
    expect((await received())[1]).toEqual([2022, 40, 20, 20, 100]);

    // Every cell of every agency: the view's window equals the plain definition.
    const [{ differ, cells }] = await store.db.query<{ differ: number; cells: number }>(`
      WITH expected AS (
        SELECT cur.agency, cur.year, cur.table_name, cur.row_key, cur.col_key, cur.value, prev.value AS prev_value,
               cur.value - prev.value AS change,
               CASE WHEN prev.value <> 0 THEN round(100 * (cur.value - prev.value) / prev.value, 2) END AS pct_change,
               cur.key_order
          FROM report_cells cur
          LEFT JOIN report_cells prev ON prev.agency = cur.agency AND prev.year = cur.year - 1 AND prev.key_order = cur.key_order
      ), got AS (SELECT * FROM yoy)
      SELECT (SELECT count(*) FROM ((SELECT * FROM expected EXCEPT ALL SELECT * FROM got)
                                    UNION ALL (SELECT * FROM got EXCEPT ALL SELECT * FROM expected)) d)::int AS differ,
             (SELECT count(*) FROM got)::int AS cells`);
    expect(differ).toBe(0);
    expect(cells).toBeGreaterThan(1000);
  });

  it('keeps any bytes exactly: every byte value, large documents', async () => {
    const every = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    const large = new TextEncoder().encode('<p>政府信息公开工作年度报告 2024</p>\n'.repeat(8000)); // ~300 kB, compressible
    for (const bytes of [every, large]) {
      const doc = await saveBytes(store, bytes, `https://example.org/bytes-${bytes.length}`);
      expect(doc.isNew).toBe(true);
      expect(Buffer.from(await documentBytes(store.db, doc.documentId)).equals(Buffer.from(bytes))).toBe(true);
    }
    if (store.db.kind === 'postgres') {
      const [{ method }] = await store.db.query<{ method: string }>(
        'SELECT pg_column_compression(bytes) AS method FROM documents WHERE source_url = $1',
        [`https://example.org/bytes-${large.length}`],
      );
      expect(method).toBe('lz4');
    }
  });

  it('stores a cell whose key the schema does not know yet (appended to cell_keys)', async () => {
    const r = variant(goldenReport(goldenCase('hongze-2024')), '新键区人民政府', 2024, (x) => {
      x.requests!.new_received.foreign_org = { value: 2, raw: '2' };
    });
    const doc = await saveBytes(store, new TextEncoder().encode('new key'), 'https://example.org/new-key');
    expect(
      (
        await store.loadReport(doc.documentId, ok(r), {
          sourceUrl: 'https://example.org/new-key',
          parserVersion: PARSER_VERSION,
        })
      ).status,
    ).toBe('new_report');
    const [cell] = await store.db.query<{ value: string; key_order: number }>(
      `SELECT value, key_order FROM report_cells WHERE agency = '新键区人民政府' AND row_key = 'new_received' AND col_key = 'foreign_org'`,
    );
    expect(Number(cell.value)).toBe(2);
    expect(Number(cell.key_order)).toBeGreaterThanOrEqual(1000);
  });

  it('records findings and shows them in report_findings', async () => {
    const r = variant(goldenReport(goldenCase('hongze-2024')), '发现区人民政府', 2024, (x) => {
      x.findings = [
        {
          rule: 'identity.row_total',
          severity: 'error',
          table: 'requests',
          row: 'granted',
          column: 'total',
          expected: 10,
          actual: 11,
          message: 'granted: applicant columns add up to 10, total says 11',
        },
      ];
    });
    const doc = await saveBytes(store, new TextEncoder().encode('findings'), 'https://example.org/findings');
    await store.loadReport(doc.documentId, ok(r), {
      sourceUrl: 'https://example.org/findings',
      parserVersion: PARSER_VERSION,
    });
    expect(await queryFindings(store.db, { agency: '发现区人民政府' })).toEqual([
      {
        agency: '发现区人民政府',
        year: 2024,
        rule: 'identity.row_total',
        severity: 'error',
        table_name: 'requests',
        row_key: 'granted',
        col_key: 'total',
        expected: 10,
        actual: 11,
        message: 'granted: applicant columns add up to 10, total says 11',
      },
    ]);
    const [rev] = await store.db.query<{ status: string }>(
      `SELECT rv.status FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN revisions rv ON rv.id = r.current_revision_id WHERE a.name = $1`,
      ['发现区人民政府'],
    );
    expect(rev.status).toBe('has_errors');
  });

  it('keeps documents content-addressed, validators per URL, and crawl runs', async () => {
    const bytes = new TextEncoder().encode('same bytes, two urls');
    const a = await store.saveDocument({
      bytes,
      contentType: 'text/plain',
      sourceUrl: 'https://a.example/x',
      fetchedAt: new Date('2024-01-01'),
      etag: '"a1"',
    });
    const b = await store.saveDocument({
      bytes,
      contentType: 'text/plain',
      sourceUrl: 'https://b.example/y',
      fetchedAt: new Date('2024-01-02'),
      lastModified: 'Tue, 02 Jan 2024 00:00:00 GMT',
      siteId: 'site-b',
      parentDocumentId: a.documentId,
    });
    expect(a.isNew).toBe(true);
    expect(b).toEqual({ documentId: a.documentId, sha256: a.sha256, isNew: false });
    expect(await store.getValidators('https://a.example/x')).toEqual({
      etag: '"a1"',
      lastModified: null,
      documentId: a.documentId,
    });
    expect(await store.getValidators('https://b.example/y')).toEqual({
      etag: null,
      lastModified: 'Tue, 02 Jan 2024 00:00:00 GMT',
      documentId: a.documentId,
    });
    expect(await store.getValidators('https://nowhere.example/')).toBeNull();
    const many = await store.validatorsFor(['https://a.example/x', 'https://nowhere.example/', 'https://b.example/y']);
    expect([...many.keys()].sort()).toEqual(['https://a.example/x', 'https://b.example/y']);
    expect(many.get('https://a.example/x')).toEqual({ etag: '"a1"', lastModified: null, documentId: a.documentId });
    expect(await store.validatorsFor([])).toEqual(new Map());
    const [{ bytes: stored }] = await store.db.query<{ bytes: Uint8Array }>(
      'SELECT bytes FROM documents WHERE id = $1',
      [a.documentId],
    );
    expect(new TextDecoder().decode(stored)).toBe('same bytes, two urls');

    const run = await store.startCrawlRun('site-c', 'test');
    await store.finishCrawlRun(
      run,
      { requests: 10, notModified: 3, newDocuments: 2, newRevisions: 1, failures: 1, reportsFound: 4 },
      'one page timed out',
    );
    const [row] = await store.db.query<Record<string, unknown>>('SELECT * FROM crawl_runs WHERE id = $1', [run]);
    expect(row).toMatchObject({
      site_id: 'site-c',
      trigger: 'test',
      requests: 10,
      not_modified: 3,
      new_documents: 2,
      new_revisions: 1,
      failures: 1,
      reports_found: 4,
      error: 'one page timed out',
    });
    expect(row.finished_at).toBeInstanceOf(Date);

    await store.upsertSite({ id: 'site-c', name: '测试站', baseUrl: 'https://c.example/', platform: 'gkmlpt' });
    const id = await store.upsertAgency({
      name: '测试局',
      region: '测试市',
      level: 'department',
      parentName: '测试市人民政府',
      siteId: 'site-new',
    });
    expect(await store.upsertAgency({ name: '测试局' })).toBe(id); // fields omitted are kept
    const [ag] = await store.db.query<Record<string, unknown>>(
      'SELECT a.id, a.region, a.level, p.name AS parent FROM agencies a JOIN agencies p ON p.id = a.parent_id WHERE a.name = $1',
      ['测试局'],
    );
    expect(ag).toMatchObject({ id, region: '测试市', level: 'department', parent: '测试市人民政府' });
    const [site] = await store.db.query<{ site_id: string }>('SELECT site_id FROM agencies WHERE name = $1', [
      '测试局',
    ]);
    expect(site.site_id).toBe('site-new');
  });

  it('ends with one report when loaders race on the same document', async () => {
    const g = goldenCase('002_9fd4f163df564d66');
    const r = variant(goldenReport(g), '竞速市人民政府', 2023, () => {});
    const doc = await saveBytes(store, new TextEncoder().encode('race'), 'https://example.org/race');
    const ctx = { sourceUrl: 'https://example.org/race', parserVersion: PARSER_VERSION };
    // A second store on the same database (a second process, for PostgreSQL).
    const other = await openStore({ databaseUrl: env.databaseUrl, home: env.home });
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).loadReport(doc.documentId, ok(r), ctx)),
      );
      expect(results.filter((x) => x.status === 'new_report').length).toBe(1);
      expect(results.filter((x) => x.status === 'unchanged').length).toBe(7);
      expect(new Set(results.map((x) => x.reportId)).size).toBe(1);
    } finally {
      await other.close();
    }
    expect(await reportHistory(store.db, '竞速市人民政府', 2023)).toHaveLength(1);
  });

  it('races different reports of one new agency without losing any', async () => {
    const base = goldenReport(goldenCase('hongze-2024'));
    const docs = await Promise.all(
      [2019, 2020, 2021, 2022].map((y) =>
        saveBytes(store, new TextEncoder().encode(`multi ${y}`), `https://example.org/multi-${y}`),
      ),
    );
    const results = await Promise.all(
      docs.map((d, i) =>
        store.loadReport(d.documentId, ok(variant(base, '并发区人民政府', 2019 + i, () => {})), {
          sourceUrl: `https://example.org/multi-${i}`,
          parserVersion: PARSER_VERSION,
        }),
      ),
    );
    expect(results.map((x) => x.status)).toEqual(['new_report', 'new_report', 'new_report', 'new_report']);
    const [{ n }] = await store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.name = '并发区人民政府'`,
    );
    expect(Number(n)).toBe(4);
  });
});

describe('migrations on postgres', () => {
  it('two processes migrating a fresh database at once both succeed, applied once', async () => {
    const db = await createTestDatabase();
    const tmp = createTempHome();
    try {
      const [a, b] = await Promise.all([
        openStore({ databaseUrl: db.url, home: tmp.home }),
        openStore({ databaseUrl: db.url, home: tmp.home }),
      ]);
      const rows = await a.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(Number(rows[0].n)).toBe(readMigrations().length);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await db.drop();
      tmp.remove();
    }
  });
});
