// Browsing the store without SQL: serve (the web explorer and its JSON API), agencies, reports, show.
// The database drivers, Fastify and the parsers load inside the actions, so `gongkai --help` does not pay for them.
import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { loadSettings, loadSettingsWith, type Settings } from '../../config/settings.js';
import type { ReadOnlyDb } from '../../db/read-only.js';
import { formatTable } from '../output/format.js';

const port = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number, 0–65535');
  return n;
};

const year = (v: string): number => {
  if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('a four-digit year, e.g. 2023');
  return Number(v);
};

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive whole number');
  return n;
};

async function withReadOnly<T>(fn: (db: ReadOnlyDb) => Promise<T>, settings: Settings = loadSettings()): Promise<T> {
  const { openReadOnly } = await import('../../db/read-only.js');
  const db = await openReadOnly(settings);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export interface ServeOptions {
  host: string;
  port: number;
  settings?: Settings;
  say?: (line: string) => void;
}

/** Serve the explorer until SIGINT/SIGTERM (also the end of `gongkai demo --serve`). */
export async function serveUntilStopped(o: ServeOptions): Promise<void> {
  const settings = o.settings ?? loadSettings();
  const say = o.say ?? ((line: string) => console.log(line));
  const [{ openReadOnly }, { startExplorer }] = await Promise.all([
    import('../../db/read-only.js'),
    import('../../web/server.js'),
  ]);
  const db = await openReadOnly(settings);
  let running: Awaited<ReturnType<typeof startExplorer>>;
  try {
    running = await startExplorer(db, { host: o.host, port: o.port, logger: true });
  } catch (err) {
    await db.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new Error(`port ${o.port} on ${o.host} is in use; choose another with --port`);
    if (e.code === 'EADDRNOTAVAIL') throw new Error(`cannot listen on ${o.host}: no such local address`);
    throw err;
  }
  say(`gongkai explorer on ${running.url}/ (read-only, store: ${db.location}); Ctrl-C stops`);
  if (o.host !== '127.0.0.1' && o.host !== 'localhost' && o.host !== '::1')
    say(`note: listening on ${o.host}, reachable from other machines`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  await db.close();
}

export function registerExploreCommands(program: Command): void {
  program
    .command('serve')
    .description('open the store in a browser: a read-only web explorer with year-over-year charts and a JSON API')
    .option('--port <n>', 'port to listen on', port, 8080)
    .option('--host <addr>', 'address to bind (default: this machine only)', '127.0.0.1')
    .action(async (o: { port: number; host: string }) => {
      await serveUntilStopped({ host: o.host, port: o.port });
    });

  program
    .command('agencies')
    .description('agencies with stored reports and the years available')
    .option('--search <text>', 'a fragment of the name (汉字), e.g. 洪泽')
    .option('--region <text>', 'a region, e.g. 福建省 or 深圳市')
    .option('--limit <n>', 'at most this many', positive, 200)
    .option('--json', 'machine-readable output')
    .action(async (o: { search?: string; region?: string; limit: number; json?: boolean }) => {
      const { searchAgencies } = await import('../../db/explorer.js');
      const res = await withReadOnly((db) =>
        db.read((d) => searchAgencies(d, { q: o.search, region: o.region }, { page: 1, perPage: o.limit })),
      );
      if (o.json) return void console.log(JSON.stringify(res, null, 1));
      if (res.total === 0) return void console.log('no agencies found');
      console.log(
        formatTable(
          ['agency', 'region', 'years'],
          res.items.map((a) => [a.agency, a.region ?? '', a.years.join(' ')]),
        ),
      );
      console.log(
        `${res.total} agenc${res.total === 1 ? 'y' : 'ies'}${res.total > res.items.length ? ` (first ${res.items.length} shown)` : ''}`,
      );
    });

  program
    .command('reports')
    .description('stored reports: agency, year, title, template, validation status, findings')
    .option('--agency <name>', 'only this agency (full name)')
    .option('--year <n>', 'only this year', year)
    .option('--limit <n>', 'at most this many', positive, 500)
    .option('--json', 'machine-readable output')
    .action(async (o: { agency?: string; year?: number; limit: number; json?: boolean }) => {
      const { listReports } = await import('../../db/explorer.js');
      const res = await withReadOnly((db) =>
        db.read((d) => listReports(d, { agency: o.agency, year: o.year }, { page: 1, perPage: o.limit })),
      );
      if (o.json) return void console.log(JSON.stringify(res, null, 1));
      if (res.total === 0) return void console.log('no reports found');
      console.log(
        formatTable(
          ['agency', 'year', 'format', 'status', 'findings', 'title'],
          res.items.map((r) => [
            r.agency,
            String(r.year),
            r.format ?? '',
            r.status ?? '',
            String(r.findings),
            r.title ?? '',
          ]),
        ),
      );
      console.log(
        `${res.total} report${res.total === 1 ? '' : 's'}${res.total > res.items.length ? ` (first ${res.items.length} shown)` : ''}`,
      );
    });

  program
    .command('show')
    .description('one stored report: the three tables, the findings, provenance; --save writes the original document')
    .argument('<agency>', 'agency name as stored')
    .argument('<year>', 'report year', year)
    .option('--json', 'the report as `gongkai parse --json` prints it, plus provenance')
    .option('--save <file>', 'write the stored original document (as fetched) to this file')
    .action(async (agency: string, y: number, o: { json?: boolean; save?: string }) => {
      const [{ storedReport, documentForDownload }, { storedReportJson }] = await Promise.all([
        import('../../db/explorer.js'),
        import('../../web/report-json.js'),
      ]);
      await withReadOnly(async (db) => {
        const r = await db.read((d) => storedReport(d, agency, y));
        if (!r) throw new Error(`no report of "${agency}" for ${y} is stored (gongkai agencies --search … lists them)`);
        if (o.save) {
          const doc = await db.read((d) => documentForDownload(d, r.document.document_id));
          if (!doc) throw new Error(`document ${r.document.document_id} is gone`);
          fs.writeFileSync(o.save, doc.bytes);
          console.error(`wrote ${doc.bytes.length} bytes (${doc.contentType ?? 'unknown type'}) to ${o.save}`);
        }
        if (o.json) return void console.log(JSON.stringify(storedReportJson(r), null, 1));
        console.log(`${r.agency} ${r.year}: ${r.title ?? ''}`);
        console.log(`template ${r.format ?? '?'}${r.published_date ? `, published ${r.published_date}` : ''}`);
        console.log(`source ${r.source_url ?? ''}`);
        console.log(
          `document ${r.document.document_id} (${r.document.content_type ?? 'unknown type'}, ${r.document.size} bytes, fetched ${r.document.fetched_at ?? '?'})`,
        );
        console.log(
          `revision ${r.revision.revision_id} by parser ${r.revision.parser_version} (${r.revisions.length} revision${r.revisions.length === 1 ? '' : 's'})`,
        );
        for (const table of ['active', 'requests', 'review']) {
          const cells = r.cells.filter((c) => c.table_name === table);
          console.log(`\n${table}${cells.length === 0 ? ': (not in the report)' : ''}`);
          if (cells.length === 0) continue;
          console.log(
            formatTable(
              ['row', 'col', 'label', 'value', 'raw', 'marks'],
              cells.map((c) => [
                c.row_key,
                c.col_key,
                `${c.row_label ?? ''} ${c.col_label ?? ''}`.trim(),
                c.value === null ? '' : String(c.value),
                c.value !== null && c.raw === String(c.value) ? '' : c.raw,
                [c.blank ? 'blank' : '', c.inferred ? 'inferred' : '', c.note ? `note: ${c.note}` : '']
                  .filter(Boolean)
                  .join(' '),
              ]),
            ),
          );
        }
        console.log(`\nfindings (${r.findings.length})`);
        for (const f of r.findings)
          console.log(`  ${String(f.severity ?? '')} ${String(f.rule)}: ${String(f.message)}`);
      });
    });
}

/** The end of `gongkai demo --serve`: the explorer on the demo's store; a temporary home is removed afterwards. */
export async function serveDemo(home: string, o: { port: number; removeAfter: boolean }): Promise<void> {
  const settings = loadSettingsWith({ GONGKAI_HOME: home });
  // The demo has closed its pipeline: its Ctrl-C handler has nothing left to close, the explorer's takes over.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  console.log('\n5. The result in the web explorer (Ctrl-C ends the demo):');
  try {
    await serveUntilStopped({ host: '127.0.0.1', port: o.port, settings });
  } finally {
    if (o.removeAfter) fs.rmSync(home, { recursive: true, force: true });
  }
}
