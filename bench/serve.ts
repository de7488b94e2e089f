// Explorer benchmark (npm run bench:serve -- [--reports 100000] [--requests 400] [--concurrency 4]
//   [--embedded-home DIR] [--database-url URL] [--skip-pg] [--skip-embedded] [--keep]).
// --database-url: measure a database built before (by --keep) instead of building one.
// Latency (p50/p95) and requests/s of the agency page, the report page and a national aggregate, served by
// `gongkai serve` in its own process (as a user runs it), asked by this process over HTTP keep-alive:
//  1. PostgreSQL at --reports synthetic reports (the store bench's data: db/synthetic.ts, 20,000 agencies × 5 years
//     at the default 100,000), in a fresh database gongkai_bench_serve_* dropped at the end unless --keep;
//  2. embedded PGlite on the demo database (`gongkai demo` crawled into a temp home, or --embedded-home DIR).
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Agent, request } from 'undici';
import { aggregateByYear, cellKeys } from '../db/explorer.js';
import { openStore } from '../db/index.js';
import { openReadOnly } from '../db/read-only.js';
import {
  createCellsSecondaryIndex,
  dropCellsSecondaryIndex,
  insertSyntheticReports,
  syntheticAgencyName,
} from '../db/synthetic.js';
import { reportFromJson } from '../parsers/json.js';
import { PARSER_VERSION } from '../parsers/version.js';
import { cpuSecondsOf } from './cpu.js';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '4' },
    'embedded-home': { type: 'string' },
    'database-url': { type: 'string' },
    'skip-pg': { type: 'boolean', default: false },
    'skip-embedded': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'usage: npm run bench:serve -- [--reports 100000] [--requests 400] [--concurrency 4] [--embedded-home DIR] [--database-url URL] [--skip-pg] [--skip-embedded] [--keep]',
  );
  process.exit(0);
}
const intArg = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${v}"`);
  return n;
};
const N_REPORTS = intArg('reports', args.reports);
const N_REQUESTS = intArg('requests', args.requests);
const CONCURRENCY = intArg('concurrency', args.concurrency);
const YEARS = [2019, 2020, 2021, 2022, 2023] as const;
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');

const fmt = (n: number, d = 1) => n.toFixed(d);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

// ---------------------------------------------------------------------------------------------------------------
// The server in its own process, and the load.

interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/gongkai.ts'), 'serve', '--port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`gongkai serve did not start in 120 s: ${err}`)), 120_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /explorer on (http:\/\/\S+?)\/? /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gongkai serve exited (${code}): ${err}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

interface Measured {
  name: string;
  p50: number;
  p95: number;
  rps: number;
  serverCpuMs: number;
  bytes: number;
}

async function measure(s: Served, name: string, paths: () => string, n = N_REQUESTS): Promise<Measured> {
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  const get = async (p: string) => {
    const res = await request(`${s.url}${p}`, { dispatcher: agent });
    const body = await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`${p}: HTTP ${res.statusCode}`);
    return body.byteLength;
  };
  for (let i = 0; i < Math.min(20, n); i++) await get(paths()); // warm-up: prepared statements, JIT
  const latencies: number[] = [];
  let bytes = 0;
  let next = 0;
  const cpu0 = cpuSecondsOf(s.child.pid ?? 0) ?? 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        const p = paths();
        const t = performance.now();
        const size = await get(p);
        bytes += size;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = (cpuSecondsOf(s.child.pid ?? 0) ?? 0) - cpu0;
  await agent.close();
  return {
    name,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    rps: n / secs,
    serverCpuMs: (1000 * cpu) / n,
    bytes: bytes / n,
  };
}

function printTable(title: string, rows: Measured[]): void {
  console.log(`\n${title} (${N_REQUESTS} requests each, ${CONCURRENCY} at a time; server CPU from /proc):`);
  console.log('page                              p50 ms   p95 ms   req/s   server CPU ms/req   bytes');
  for (const r of rows)
    console.log(
      `${r.name.padEnd(32)} ${fmt(r.p50).padStart(7)} ${fmt(r.p95).padStart(8)} ${fmt(r.rps).padStart(7)} ${fmt(r.serverCpuMs, 2).padStart(19)} ${String(Math.round(r.bytes)).padStart(7)}`,
    );
}

const q = (p: string, params: Record<string, string | number>) =>
  `${p}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;

// ---------------------------------------------------------------------------------------------------------------
// 1. PostgreSQL with synthetic reports.

/** A fresh database with the templates and --reports synthetic reports; returns its URL. */
async function buildDatabase(dbName: string, home: string): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const store = await openStore({ databaseUrl: url.toString(), home });
  try {
    const templateRevs: number[] = [];
    for (const f of fs.readdirSync(path.join(FIXTURES, 'golden')).filter((x) => x.endsWith('.json'))) {
      const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'golden', f), 'utf8'));
      const doc = await store.saveDocument({
        bytes: fs.readFileSync(path.join(FIXTURES, 'seeds', json.source)),
        contentType: 'text/plain; charset=utf-8',
        sourceUrl: `bench:template/${f}`,
        fetchedAt: new Date(),
      });
      const res = await store.loadReport(
        doc.documentId,
        { ok: true, report: reportFromJson(json), source: 'text' },
        { sourceUrl: `bench:template/${f}`, parserVersion: PARSER_VERSION },
      );
      if (res.revisionId) templateRevs.push(res.revisionId);
    }
    const doc = await store.saveDocument({
      bytes: Buffer.from('synthetic reports generated by bench/serve.ts'),
      contentType: 'text/plain',
      sourceUrl: 'bench:synthetic',
      fetchedAt: new Date(),
    });
    const agencies = Math.ceil(N_REPORTS / YEARS.length);
    const t0 = performance.now();
    await dropCellsSecondaryIndex(store.db);
    let inserted = 0;
    for (let from = 1; from <= agencies; from += 2000) {
      inserted += await insertSyntheticReports(store.db, {
        from,
        to: Math.min(agencies, from + 1999),
        years: YEARS,
        templateRevisionIds: templateRevs,
        documentId: doc.documentId,
      });
      process.stderr.write(`bulk insert: ${inserted}/${agencies * YEARS.length} reports\n`);
    }
    await createCellsSecondaryIndex(store.db);
    await store.db.exec('VACUUM ANALYZE');
    await store.db.exec('CHECKPOINT').catch(() => {});
    console.log(`built ${dbName}: ${inserted} synthetic reports in ${fmt((performance.now() - t0) / 1000)} s`);
  } finally {
    await store.close();
  }
  return url.toString();
}

async function postgresBench(): Promise<void> {
  const dbName = `gongkai_bench_serve_${crypto.randomBytes(5).toString('hex')}`;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-serve-'));
  const given = args['database-url'];
  let built = false;
  let served: Served | undefined;
  try {
    const url = given ?? (await buildDatabase(dbName, home));
    built = !given;
    const ro = await openReadOnly({ databaseUrl: url, home }, 2);
    const { reports, agencies, size } = await ro.read(async (db) => {
      const [r] = await db.query<{ reports: string; agencies: string; size: string }>(
        `SELECT (SELECT count(*) FROM reports) AS reports,
                (SELECT count(*) FROM agencies WHERE name LIKE '合成%区人民政府') AS agencies,
                pg_size_pretty(pg_database_size(current_database())) AS size`,
      );
      return { reports: Number(r.reports), agencies: Number(r.agencies), size: r.size };
    });
    console.log(`PostgreSQL: ${reports} reports, ${agencies} synthetic agencies, database ${size}`);

    // The aggregate queries themselves, uncached (the explorer keeps their results until the data changes).
    const keys = await ro.read((db) => cellKeys(db));
    const one = keys.filter((k) => k.table === 'requests' && k.row === 'new_received' && k.col === 'total');
    const denied = keys.filter((k) => k.table === 'requests' && k.row.startsWith('denied.') && k.col === 'total');
    for (const [name, ids, n] of [
      ['national aggregate query, one cell', one.map((k) => k.id), 15],
      ['national aggregate query, denied (8 cells)', denied.map((k) => k.id), 5],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await ro.read((db) => aggregateByYear(db, [...ids]));
        times.push(performance.now() - t);
      }
      console.log(
        `${name}, uncached: p50 ${fmt(quantile(times, 0.5))} ms, max ${fmt(Math.max(...times))} ms (${n} runs)`,
      );
    }
    await ro.close();

    served = await serve({ DATABASE_URL: url, GONGKAI_HOME: home });
    let k = 0;
    const agency = () => syntheticAgencyName(1 + ((k++ * 7919) % agencies));
    const rows = [
      await measure(served, 'agency page', () => q('/agency', { name: agency() })),
      await measure(served, 'report page', () => q('/report', { agency: agency(), year: YEARS[k % YEARS.length] })),
      await measure(served, 'national aggregate page', () =>
        q('/aggregate', { metric: 'requests.new_received.total' }),
      ),
      await measure(served, 'national aggregate page (denied)', () => q('/aggregate', { metric: 'denied' })),
      await measure(served, 'API yoy (one cell)', () =>
        q('/api/yoy', { agency: agency(), metric: 'requests.new_received.total' }),
      ),
    ];
    printTable(`PostgreSQL, ${reports} reports (targets: agency page p95 < 50 ms, aggregate p95 < 250 ms)`, rows);
  } finally {
    await served?.stop();
    fs.rmSync(home, { recursive: true, force: true });
    if (built && !args.keep) {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    } else if (built) console.log(`kept database ${dbName} (measure it again: --database-url)`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Embedded PGlite on the demo database.

async function embeddedBench(): Promise<void> {
  let home = args['embedded-home'];
  const temp = !home;
  if (!home) {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-demo-'));
    console.log(`\nembedded: crawling the replicas into ${home} (gongkai demo) …`);
    const [{ runDemo }, { needsBrowser }] = await Promise.all([
      import('../scripts/commands/demo-run.js'),
      import('../crawlers/spider.js'),
    ]);
    await runDemo({ home, keep: true, needsBrowser, log: () => {} });
  }
  let served: Served | undefined;
  try {
    served = await serve({ DATABASE_URL: '', GONGKAI_HOME: home });
    const agencies = (
      (await (await request(`${served.url}/api/agencies?per_page=200`)).body.json()) as {
        items: { agency: string; years: number[] }[];
      }
    ).items;
    if (agencies.length === 0) throw new Error(`no agencies in ${home}`);
    let k = 0;
    const pick = () => agencies[k++ % agencies.length];
    const rows = [
      await measure(served, 'agency page', () => q('/agency', { name: pick().agency })),
      await measure(served, 'report page', () => {
        const a = pick();
        return q('/report', { agency: a.agency, year: a.years[k % a.years.length] });
      }),
      await measure(served, 'national aggregate page', () =>
        q('/aggregate', { metric: 'requests.new_received.total' }),
      ),
    ];
    const reports = agencies.reduce((n, a) => n + a.years.length, 0);
    printTable(`embedded PGlite, the demo database (${agencies.length} agencies, ${reports} reports)`, rows);
  } finally {
    await served?.stop();
    if (temp) fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `serve benchmark: Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  if (!args['skip-pg']) await postgresBench();
  if (!args['skip-embedded']) await embeddedBench();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:serve: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
