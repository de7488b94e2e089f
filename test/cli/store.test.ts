// The store's CLI commands, spawned as a user runs them (the built command, node dist/scripts/gongkai.js …), against a fresh PostgreSQL
// database (DATABASE_URL) and against embedded PGlite (GONGKAI_HOME).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GongkaiStore, openStore } from '../../db/index.js';
import { readMigrations } from '../../db/migrate.js';
import { queryFindings } from '../../db/queries.js';
import { jsonCellValue } from '../../parsers/json.js';
import { csvField, toCsv } from '../../scripts/commands/store.js';
import { type CliRun, runGongkai } from '../helpers/cli.js';
import { createTempHome, createTestDatabase } from '../helpers/db.js';
import { loadGoldens } from '../helpers/golden.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const seeds = loadGoldens().filter((g) => g.set === 'seed');
const HONGZE = '淮安市洪泽区人民政府';
const hongzePdfs = ['hongze-2023.pdf', 'hongze-2024.pdf'].map((f) => path.join(ROOT, 'test/fixtures/realdata', f));

function gongkai(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return runGongkai(args, { DATABASE_URL: undefined, ...env });
}

/** Minimal RFC 4180 reader for checking our own output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  return rows;
}

describe('CSV output', () => {
  it('quotes commas, quotes, line breaks and surrounding spaces', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    const text = toCsv(
      [
        { a: 'x,y', b: 'q"q' },
        { a: null, b: 'line\r\nbreak' },
      ],
      ['a', 'b'],
    );
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x,y', 'q"q'],
      ['', 'line\r\nbreak'],
    ]);
  });
});

const backends = [
  {
    name: 'postgres',
    async setup() {
      const db = await createTestDatabase();
      const tmp = createTempHome();
      return {
        env: { DATABASE_URL: db.url, GONGKAI_HOME: tmp.home },
        settings: { databaseUrl: db.url, home: tmp.home },
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
      return {
        env: { GONGKAI_HOME: tmp.home },
        settings: { databaseUrl: undefined, home: tmp.home },
        cleanup: async () => tmp.remove(),
      };
    },
  },
];

describe.each(backends)('gongkai store commands on $name', (backend) => {
  let ctx: Awaited<ReturnType<(typeof backends)[number]['setup']>>;
  // A store is opened only between CLI runs (PGlite allows one process at a time on a data directory).
  async function withStore<T>(fn: (s: GongkaiStore) => Promise<T>): Promise<T> {
    const s = await openStore(ctx.settings);
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }

  beforeAll(async () => {
    ctx = await backend.setup();
  });
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('migrate applies the migrations once', async () => {
    const first = await gongkai(['migrate'], ctx.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied 001_schema/);
    expect(first.stdout).toMatch(/applied 004_wide_views/);
    const again = await gongkai(['migrate'], ctx.env);
    expect(again.stdout).toContain(`schema is up to date (${readMigrations().length} migrations)`);
  });

  it('ingest stores local documents and says what happened to each', async () => {
    const files = [...seeds.map((g) => g.sourcePath), ...hongzePdfs, path.join(ROOT, 'no-such-file.txt')];
    const run = await gongkai(['ingest', '--agency', HONGZE, ...files], ctx.env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(files.length);
    for (const [i, g] of seeds.entries())
      expect(lines[i]).toContain(`: new report ${g.golden.agency} ${g.golden.year}`);
    expect(lines[seeds.length]).toContain(`: new report ${HONGZE} 2023`);
    expect(lines[seeds.length + 1]).toContain(`: new report ${HONGZE} 2024`);
    expect(lines.at(-1)).toMatch(/no-such-file\.txt: failed: cannot read the file \(no such file\)/);

    await withStore(async (s) => {
      for (const g of seeds) {
        const [row] = await s.db.query<{ v: string }>(
          `SELECT value AS v FROM report_cells WHERE agency = $1 AND year = $2 AND table_name = 'requests' AND row_key = 'new_received' AND col_key = 'total'`,
          [g.golden.agency, g.golden.year],
        );
        expect(Number(row.v), g.name).toBe(jsonCellValue(g.golden.requests!.new_received.total));
      }
    });

    const again = await gongkai(['ingest', seeds[0].sourcePath], ctx.env);
    expect(again.stdout).toContain(`: unchanged ${seeds[0].golden.agency}`);
    const junk = path.join(ctx.settings.home, 'junk.bin');
    fs.writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]));
    const failed = await gongkai(['ingest', junk], ctx.env);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(/junk\.bin: failed: .+/);
    await withStore(async (s) => {
      const [f] = await s.db.query<{ code: string; reason: string }>(
        `SELECT f.code, f.reason FROM parse_failures f JOIN documents d ON d.id = f.document_id WHERE d.source_url LIKE '%junk.bin'`,
      );
      expect(f.reason.length).toBeGreaterThan(0);
    });
    const listed = await gongkai(['failures'], ctx.env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/junk\.bin\s+\S+\s+unsupported\s+binary data/);
    const listedJson = JSON.parse((await gongkai(['failures', '--json'], ctx.env)).stdout) as {
      sourceUrl: string;
      code: string;
      reason: string;
    }[];
    expect(listedJson.find((f) => f.sourceUrl.endsWith('junk.bin'))).toMatchObject({
      code: 'unsupported',
      reason: failed.stdout.match(/junk\.bin: failed: (.+)/)![1],
    });
    const none = await gongkai(['ingest', '/nonexistent/a.pdf', '/nonexistent/b.pdf'], ctx.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/none of the files could be read/);
  }, 180_000);

  it('query yoy prints a readable table', async () => {
    const run = await gongkai(['query', 'yoy', '--agency', HONGZE, '--metric', 'new_received.total'], ctx.env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['metric', 'year', 'value', 'prev', 'change', 'pct']);
    expect(lines[2].split(/\s+/)).toEqual(['requests.new_received.total', '2023', '21']);
    expect(lines[3].split(/\s+/)).toEqual(['requests.new_received.total', '2024', '95', '21', '+74', '+352.4%']);
    const whole = await gongkai(['query', 'yoy', '--agency', HONGZE], ctx.env);
    expect(whole.stdout).toMatch(/requests\.carried_forward\.total\s+2024/);
    const unknown = await gongkai(['query', 'yoy', '--agency', '洪泽区'], ctx.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no agency "洪泽区" is stored \(did you mean: 淮安市洪泽区人民政府\?\)/);
    // A metric that does not exist is named as such; the agency typed is never suggested back.
    const foo = await gongkai(['query', 'yoy', '--agency', HONGZE, '--metric', 'foo.bar'], ctx.env);
    expect(foo.code).toBe(1);
    expect(foo.stderr).toMatch(/^gongkai: unknown metric "foo\.bar" in table requests \(e\.g\. new_received\.total/);
    expect(foo.stderr).not.toContain('did you mean');
    const bad = await gongkai(['query', 'yoy', '--agency', HONGZE, '--metric', 'total'], ctx.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--metric must be row\.col/);
  }, 120_000);

  it('findings lists the findings of the current reports', async () => {
    const expected = await withStore((s) => queryFindings(s.db, { agency: HONGZE }));
    const run = await gongkai(['findings', '--agency', HONGZE], ctx.env);
    expect(run.code, run.stderr).toBe(0);
    if (expected.length === 0) expect(run.stdout.trim()).toBe('no findings');
    else {
      expect(run.stdout).toContain(`${expected.length} finding${expected.length === 1 ? '' : 's'}`);
      for (const f of expected) expect(run.stdout).toContain(f.rule);
    }
  });

  it('export writes views as quoted CSV or JSON, and only documented views', async () => {
    const out = path.join(ctx.settings.home, 'requests.csv');
    const csv = await gongkai(['export', '--view', 'requests_wide', '--format', 'csv', '--out', out], ctx.env);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parseCsv(fs.readFileSync(out, 'utf8'));
    const header = rows[0];
    expect(header.slice(0, 3)).toEqual(['agency', 'year', 'source_url']);
    const reports = await withStore(async (s) =>
      Number((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports'))[0].n),
    );
    expect(rows.length - 1).toBe(reports);
    const h24 = rows.find((r) => r[0] === HONGZE && r[1] === '2024')!;
    expect(h24[header.indexOf('new_received_total')]).toBe('95');

    const json = await gongkai(['export', '--view', 'yoy', '--format', 'json'], ctx.env);
    expect(json.code, json.stderr).toBe(0);
    const yoy = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(
      yoy.find((r) => r.agency === HONGZE && r.year === 2024 && r.row_key === 'new_received' && r.col_key === 'total'),
    ).toMatchObject({ value: 95, prev_value: 21, change: 74 });

    const mism = await gongkai(['export', '--view', 'carryover_mismatches'], ctx.env);
    expect(mism.stdout).toBe('agency,year,carried_over,prev_year,prev_carried_forward\r\n');
    const bad = await gongkai(['export', '--view', 'documents'], ctx.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown view "documents"/);
  }, 120_000);

  it('reparse re-runs the parser and records a new revision only where the output changed', async () => {
    // Make one stored revision look like the output of an older parser.
    await withStore((s) =>
      s.db.query(
        `UPDATE revisions SET output_hash = 'older-parser' WHERE id = (SELECT r.current_revision_id FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.name = $1 AND r.year = 2024)`,
        [HONGZE],
      ),
    );
    const run = await gongkai(['reparse'], ctx.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /reparsed \d+ documents with parser [\w.]+: 1 new revisions, 0 new reports, \d+ unchanged, 1 failed/,
    );
    const again = await gongkai(['reparse'], ctx.env);
    expect(again.stdout).toMatch(/: 0 new revisions, 0 new reports, \d+ unchanged, 1 failed/);
    const history = await withStore((s) =>
      s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM revisions rv JOIN reports r ON r.id = rv.report_id JOIN agencies a ON a.id = r.agency_id WHERE a.name = $1 AND r.year = 2024`,
        [HONGZE],
      ),
    );
    expect(Number(history[0].n)).toBe(2);
  }, 180_000);
});

describe('gongkai store commands', () => {
  it('every command has --help (it opens no database)', async () => {
    const runs = await Promise.all(
      [['migrate'], ['ingest'], ['query', 'yoy'], ['findings'], ['failures'], ['export'], ['reparse']].map((cmd) =>
        gongkai([...cmd, '--help'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: gongkai /);
    }
  }, 120_000);
});

describe('embedded database lock', () => {
  it('refuses a second process on the same PGlite data, and takes over a stale lock', async () => {
    const tmp = createTempHome();
    try {
      const store = await openStore({ databaseUrl: undefined, home: tmp.home });
      try {
        const busy = await gongkai(['findings'], { GONGKAI_HOME: tmp.home });
        expect(busy.code).toBe(1);
        expect(busy.stderr).toMatch(new RegExp(`the embedded database .*pgdata is in use by process ${process.pid} `));
      } finally {
        await store.close();
      }
      expect(fs.existsSync(path.join(tmp.home, 'pgdata.lock'))).toBe(false);
      // A lock left by a process that no longer exists does not block.
      fs.writeFileSync(path.join(tmp.home, 'pgdata.lock'), '999999999\nnode gone\n');
      const free = await gongkai(['findings'], { GONGKAI_HOME: tmp.home });
      expect(free.code, free.stderr).toBe(0);
      expect(free.stdout.trim()).toBe('no findings');
    } finally {
      tmp.remove();
    }
  }, 120_000);
});
