// Store benchmark (npm run bench:store -- [--reports N] [--load N] [--pglite-load N] [--concurrency N] [--keep]).
//  1. Loading: golden reports re-labelled for made-up agencies (unique bytes each) go through the real path,
//     Store.saveDocument + Store.loadReport (one transaction per report; with a site and agency/year hints, as the
//     crawl pipeline loads), into a fresh PostgreSQL database and into embedded PGlite in a temp dir. Prints
//     reports/s and the CPU per report here and in the PostgreSQL server.
//  2. Queries at scale: --reports synthetic reports (default 100,000: 20,000 agencies × 2019–2023) bulk-inserted in
//     SQL as copies of the golden reports' cells with values scaled by a per-report factor 0.5–1.5 (db/synthetic.ts),
//     each report's cells together as a load writes them. Prints the latency of `yoy` for one agency (through
//     store.db, which prepares statements, and as a one-off statement) and of a by-year national aggregate.
// PostgreSQL: a database named gongkai_bench_<random> is created on BENCH_PG_ADMIN_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end unless --keep.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type GongkaiStore, openStore } from '../db/index.js';
import {
  createCellsSecondaryIndex,
  dropCellsSecondaryIndex,
  insertSyntheticReports,
  syntheticAgencyName,
} from '../db/synthetic.js';
import { reportFromJson } from '../parsers/json.js';
import type { Report } from '../parsers/types.js';
import { PARSER_VERSION } from '../parsers/version.js';
import { cpuSecondsOf } from './cpu.js';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    load: { type: 'string', default: '2000' },
    'pglite-load': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'usage: npm run bench:store -- [--reports 100000] [--load 2000] [--pglite-load 300] [--concurrency 8] [--keep]',
  );
  process.exit(0);
}
const intArg = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
};
const N_REPORTS = intArg('reports', args.reports);
const N_LOAD = intArg('load', args.load);
const N_PGLITE = intArg('pglite-load', args['pglite-load']);
const CONCURRENCY = Math.max(1, intArg('concurrency', args.concurrency));
const YEARS = [2019, 2020, 2021, 2022, 2023] as const;
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'test', 'fixtures');
interface Template {
  report: Report;
  bytes: Buffer;
}
function templates(): Template[] {
  const out: Template[] = [];
  for (const [goldenDir, srcDir] of [
    ['golden', 'seeds'],
    ['realdata/golden', 'realdata'],
  ]) {
    for (const f of fs
      .readdirSync(path.join(FIXTURES, goldenDir))
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, goldenDir, f), 'utf8'));
      out.push({ report: reportFromJson(json), bytes: fs.readFileSync(path.join(FIXTURES, srcDir, json.source)) });
    }
  }
  return out;
}

const fmt = (n: number, d = 1) => n.toFixed(d);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Load the templates as they are (so they can serve as templates for the bulk phase). */
async function loadTemplates(store: GongkaiStore, ts: Template[]): Promise<void> {
  for (const t of ts) {
    const doc = await store.saveDocument({
      bytes: t.bytes,
      contentType: null,
      sourceUrl: `bench:template/${t.report.agency}/${t.report.year}`,
      fetchedAt: new Date(),
    });
    await store.loadReport(
      doc.documentId,
      { ok: true, report: t.report, source: 'text' },
      { sourceUrl: `bench:template`, parserVersion: PARSER_VERSION },
    );
  }
}

/** CPU seconds used so far by the given local processes (missing processes count 0). */
function cpuSecondsOfAll(pids: number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuSecondsOf(pid) ?? 0]));
}

/** The server processes serving this store's connections (the bench's connections carry an application_name). */
async function backendPids(store: GongkaiStore): Promise<number[]> {
  const rows = await store.db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE application_name = current_setting('application_name')`,
  );
  return rows.map((r) => Number(r.pid));
}

interface LoadRates {
  documentsPerSec: number;
  reportsPerSec: number;
  endToEndPerSec: number;
  /** CPU milliseconds per report of loadReport: this process and the local PostgreSQL server processes. */
  clientCpuMs: number;
  serverCpuMs: number;
}

/** n reports with `concurrency` workers: first saveDocument for each (timed), then loadReport for each (timed). */
async function loadThroughput(
  store: GongkaiStore,
  ts: Template[],
  n: number,
  concurrency: number,
  label: string,
  url = '',
): Promise<LoadRates> {
  const docs: number[] = new Array(n);
  const statuses = new Map<string, number>();
  const pool = async (work: (i: number) => Promise<void>): Promise<number> => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) await work(i);
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  const saveSecs = await pool(async (i) => {
    const t = ts[i % ts.length];
    const bytes = Buffer.concat([t.bytes, Buffer.from(`\n<!-- bench ${label} ${i} -->`)]);
    docs[i] = (
      await store.saveDocument({ bytes, contentType: null, sourceUrl: `bench:${label}/${i}`, fetchedAt: new Date() })
    ).documentId;
  });
  const cpu0 = process.cpuUsage();
  const local =
    store.db.kind === 'postgres' && url !== '' && ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  const server0 = local ? cpuSecondsOfAll(await backendPids(store)) : new Map<number, number>();
  const loadSecs = await pool(async (i) => {
    const t = ts[i % ts.length];
    const report: Report = {
      ...t.report,
      agency: `负载${label}${Math.floor(i / YEARS.length)}区人民政府`,
      year: YEARS[i % YEARS.length],
    };
    // With a site and hints, as the crawl pipeline loads (workers/read-document.ts).
    const res = await store.loadReport(
      docs[i],
      { ok: true, report, source: 'text' },
      {
        sourceUrl: `bench:${label}/${i}`,
        siteId: `bench-${label}`,
        parserVersion: PARSER_VERSION,
        agencyHint: report.agency ?? undefined,
        yearHint: report.year ?? undefined,
      },
    );
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  });
  if (statuses.get('new_report') !== n)
    throw new Error(`${label}: expected ${n} new reports, got ${JSON.stringify(Object.fromEntries(statuses))}`);
  const cpu = process.cpuUsage(cpu0);
  let serverSecs = 0;
  if (local)
    for (const [pid, secs] of cpuSecondsOfAll(await backendPids(store))) serverSecs += secs - (server0.get(pid) ?? 0);
  return {
    documentsPerSec: n / saveSecs,
    reportsPerSec: n / loadSecs,
    endToEndPerSec: n / (saveSecs + loadSecs),
    clientCpuMs: (cpu.user + cpu.system) / 1000 / n,
    serverCpuMs: (serverSecs * 1000) / n,
  };
}

const describeRates = (r: LoadRates, server = true) =>
  `loadReport ${fmt(r.reportsPerSec)} reports/s; saveDocument ${fmt(r.documentsPerSec)} documents/s; both ${fmt(r.endToEndPerSec)} reports/s; ` +
  `loadReport CPU per report: ${fmt(r.clientCpuMs, 2)} ms here` +
  (server ? ` + ${fmt(r.serverCpuMs, 2)} ms in PostgreSQL` : '');

type Query = (sql: string, params: unknown[]) => Promise<unknown[]>;

async function timeQuery(
  query: Query,
  sql: string,
  params: () => unknown[],
  runs: number,
): Promise<{ median: number; p95: number; rows: number; clientCpuMs: number }> {
  const times: number[] = [];
  let rows = 0;
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < runs + 3; i++) {
    if (i === 3) cpu0 = process.cpuUsage(); // the first runs warm the cache and plan
    const t0 = performance.now();
    const r = await query(sql, params());
    const ms = performance.now() - t0;
    if (i >= 3) times.push(ms);
    rows = r.length;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    rows,
    clientCpuMs: (cpu.user + cpu.system) / 1000 / runs,
  };
}

async function main(): Promise<void> {
  const ts = templates();
  console.log(
    `store benchmark: ${ts.length} golden reports as templates; Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const dbName = `gongkai_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  url.searchParams.set('application_name', dbName);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  let store: GongkaiStore | undefined;
  try {
    // 1a. PostgreSQL loading.
    store = await openStore({ databaseUrl: url.toString(), home });
    await loadTemplates(store, ts);
    if (N_LOAD > 0) {
      const rates = await loadThroughput(store, ts, N_LOAD, CONCURRENCY, 'pg', url.toString());
      console.log(
        `load into PostgreSQL, ${N_LOAD} reports, ${CONCURRENCY} loaders: ${describeRates(rates)} (target ≥ 500 reports/s)`,
      );
      // The same with asynchronous commit (a server crash may lose the last moments of loads, never consistency).
      const asyncUrl = new URL(url);
      asyncUrl.searchParams.set('options', '-c synchronous_commit=off');
      const asyncStore = await openStore({ databaseUrl: asyncUrl.toString(), home });
      try {
        const r2 = await loadThroughput(asyncStore, ts, N_LOAD, CONCURRENCY, 'pgasync', asyncUrl.toString());
        console.log(`  same with synchronous_commit=off in DATABASE_URL: ${describeRates(r2)}`);
      } finally {
        await asyncStore.close();
      }
    }

    // 1b. PGlite loading (single session: loads queue behind each other).
    if (N_PGLITE > 0) {
      const lite = await openStore({ databaseUrl: undefined, home });
      try {
        const rates = await loadThroughput(lite, ts, N_PGLITE, 4, 'lite');
        console.log(`load into PGlite, ${N_PGLITE} reports: ${describeRates(rates, false)}`);
      } finally {
        await lite.close();
      }
    }

    // 2. Bulk synthetic reports in PostgreSQL.
    if (N_REPORTS > 0) {
      const templateRevs = (
        await store.db.query<{ id: number }>(
          `SELECT r.current_revision_id AS id FROM reports r JOIN revisions rv ON rv.id = r.current_revision_id
          WHERE rv.source_url = 'bench:template' ORDER BY r.id`,
        )
      ).map((r) => Number(r.id));
      const doc = await store.saveDocument({
        bytes: Buffer.from('synthetic reports generated by bench/store.ts'),
        contentType: 'text/plain',
        sourceUrl: 'bench:synthetic',
        fetchedAt: new Date(),
      });
      const agencies = Math.ceil(N_REPORTS / YEARS.length);
      const batch = 2000;
      const t0 = performance.now();
      await dropCellsSecondaryIndex(store.db);
      let inserted = 0;
      for (let from = 1; from <= agencies; from += batch) {
        const to = Math.min(agencies, from + batch - 1);
        inserted += await insertSyntheticReports(store.db, {
          from,
          to,
          years: YEARS,
          templateRevisionIds: templateRevs,
          documentId: doc.documentId,
        });
        // One line rewritten in place on a terminal; a line per step in a log.
        process.stderr.write(
          `${process.stderr.isTTY ? '\r' : ''}bulk insert: ${inserted}/${agencies * YEARS.length} reports${process.stderr.isTTY ? '' : '\n'}`,
        );
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      await createCellsSecondaryIndex(store.db);
      const bulkSecs = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      await store.db.exec('VACUUM ANALYZE');
      // Write out the bulk insert's dirty pages now rather than while the queries are timed (needs the right to
      // CHECKPOINT: superuser or pg_checkpoint; without it the queries share the disk with the checkpointer).
      await store.db.exec('CHECKPOINT').catch(() => {});
      const vacSecs = (performance.now() - t1) / 1000;
      const [{ reports, cells }] = await store.db.query<{ reports: string; cells: string }>(
        'SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM cells) AS cells',
      );
      const [{ size }] = await store.db.query<{ size: string }>(
        'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
      );
      console.log(
        `bulk insert: ${inserted} synthetic reports in ${fmt(bulkSecs)} s incl. building cells_key_idx (+ VACUUM ANALYZE, CHECKPOINT ${fmt(vacSecs)} s); database now ${reports} reports, ${cells} cells, ${size}`,
      );

      let k = 0;
      const pick = () => [syntheticAgencyName(1 + ((k++ * 7919) % agencies))];
      // store.db runs a statement with parameters as a prepared statement (db/db.ts), as gongkai's own queries do;
      // a separate client shows the same query parsed and planned on every run (psql, a one-off statement).
      const viaStore: Query = (sql, params) => store!.db.query(sql, params);
      const oneOff = new pg.Client({ connectionString: url.toString() });
      await oneOff.connect();
      const viaOneOff: Query = async (sql, params) => (await oneOff.query(sql, params)).rows;
      const yoyAllSql = 'SELECT * FROM yoy WHERE agency = $1';
      const yoyOneSql = `SELECT * FROM yoy WHERE agency = $1 AND table_name = 'requests' AND row_key = 'new_received' AND col_key = 'total'`;
      try {
        for (const [how, query] of [
          ['prepared', viaStore],
          ['one-off', viaOneOff],
        ] as const) {
          const yoyAll = await timeQuery(query, yoyAllSql, pick, 200);
          console.log(
            `yoy, one agency, every cell (${yoyAll.rows} rows), ${how}: median ${fmt(yoyAll.median, 2)} ms, p95 ${fmt(yoyAll.p95, 2)} ms, CPU here ${fmt(yoyAll.clientCpuMs, 2)} ms (target < 5 ms)`,
          );
          const yoyOne = await timeQuery(query, yoyOneSql, pick, 200);
          console.log(
            `yoy, one agency, one metric (${yoyOne.rows} rows), ${how}: median ${fmt(yoyOne.median, 2)} ms, p95 ${fmt(yoyOne.p95, 2)} ms`,
          );
        }
      } finally {
        await oneOff.end();
      }
      const national = await timeQuery(
        viaStore,
        `SELECT year, count(*) AS reports, sum(value) AS new_received FROM report_cells
          WHERE table_name = 'requests' AND row_key = 'new_received' AND col_key = 'total' GROUP BY year ORDER BY year`,
        () => [],
        10,
      );
      console.log(
        `national aggregate by year, requests.new_received.total over all current reports (${national.rows} years): median ${fmt(national.median, 1)} ms, p95 ${fmt(national.p95, 1)} ms (target < 200 ms)`,
      );
      const yoyNational = await timeQuery(
        viaStore,
        `SELECT year, sum(value) AS value, sum(prev_value) AS prev_value FROM yoy
          WHERE table_name = 'requests' AND row_key = 'granted' AND col_key = 'total' GROUP BY year ORDER BY year`,
        () => [],
        5,
      );
      console.log(
        `national yoy of requests.granted.total (${yoyNational.rows} years): median ${fmt(yoyNational.median, 1)} ms`,
      );
    }
  } finally {
    await store?.close();
    fs.rmSync(home, { recursive: true, force: true });
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} (other processes share the CPUs)`,
    );
    if (args.keep) console.log(`kept database ${dbName}`);
    else {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`bench:store: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
