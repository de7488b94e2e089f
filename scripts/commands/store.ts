// The store's commands: migrate, ingest, query yoy, findings, failures, export, reparse.
// The database drivers and the parsers load inside the actions, so `gongkai --help` does not pay for them.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { loadSettings, type Settings } from '../../config/settings.js';
import type { GongkaiStore } from '../../db/index.js';
import {
  agenciesLike,
  agencyExists,
  EXPORTABLE_VIEWS,
  isExportableView,
  listFailures,
  metricsOf,
  queryFindings,
  queryYoy,
  readView,
  splitMetric,
  viewColumns,
} from '../../db/queries.js';
import type { LoadResult } from '../../db/store.js';
import { PARSER_VERSION } from '../../parsers/version.js';
import { formatTable, toCsv } from '../output/format.js';

export { csvField, formatTable, toCsv } from '../output/format.js';

const show = (n: number | null, digits?: number): string =>
  n === null ? '' : digits === undefined ? String(n) : n.toFixed(digits);
const signed = (n: number | null): string => (n === null ? '' : n > 0 ? `+${n}` : String(n));

/** Columns of the views that hold text; every other column is numeric (sent as strings by the drivers). */
const TEXT_COLUMNS = new Set([
  'agency',
  'source_url',
  'title',
  'published_date',
  'format',
  'table_format',
  'table_name',
  'row_key',
  'col_key',
  'raw',
  'note',
  'rule',
  'message',
  'severity',
]);

function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'string' && !TEXT_COLUMNS.has(k) && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

function parseYear(v: string): number {
  const n = Number(v);
  if (!/^\d{4}$/.test(v) || n < 1990 || n > 2100) throw new InvalidArgumentError('a four-digit year, e.g. 2023');
  return n;
}

async function withStore<T>(fn: (store: GongkaiStore, settings: Settings) => Promise<T>): Promise<T> {
  const settings = loadSettings();
  const { openStore } = await import('../../db/index.js');
  const store = await openStore(settings);
  try {
    return await fn(store, settings);
  } finally {
    await store.close();
  }
}

function describeResult(r: LoadResult, agency: string | null, year: number | null): string {
  const what = agency ? ` ${agency} ${year ?? ''}`.trimEnd() : '';
  switch (r.status) {
    case 'new_report':
      return `new report${what} (revision ${r.revisionId})`;
    case 'new_revision':
      return `new revision${what} (revision ${r.revisionId})`;
    case 'kept_current':
      return `new revision${what} kept beside the current one (revision ${r.revisionId}: fewer numbers, from another URL)`;
    case 'unchanged':
      return `unchanged${what}`;
    case 'failed':
      return `failed: ${r.reason}`;
  }
}

/** Why `query yoy` found nothing: an agency that is not stored (with the names it may have meant), or one with
 *  no values of that table/metric. */
async function whyNoYoy(store: GongkaiStore, agency: string, table: string, metric?: string): Promise<string> {
  if (!(await agencyExists(store.db, agency))) {
    const like = await agenciesLike(store.db, agency);
    return `no agency "${agency}" is stored${like.length ? ` (did you mean: ${like.join(', ')}?)` : ' (see `gongkai export --view requests_wide`)'}`;
  }
  return `agency "${agency}" has no ${metric ?? table} values stored (no current report with that table)`;
}

async function unknownMetric(store: GongkaiStore, table: string, metric: string): Promise<string> {
  const known = await metricsOf(store.db, table);
  const row = metric.slice(0, metric.lastIndexOf('.'));
  const near = known.filter((k) => k.startsWith(`${row}.`) || k.endsWith(metric.slice(metric.lastIndexOf('.'))));
  const totals = known.filter((k) => k.endsWith('.total'));
  const examples = near.length ? near : totals.length ? totals : known;
  return `unknown metric "${metric}" in table ${table} (e.g. ${examples.slice(0, 4).join(', ')}; keys of docs/SCHEMA.md)`;
}

/** pdf.js refuses Buffers; the parsers get a plain Uint8Array. */
const plainBytes = (b: Uint8Array): Uint8Array => (Buffer.isBuffer(b) ? new Uint8Array(b) : b);

// ---------------------------------------------------------------------------------------------------------------
// Commands.

/** `export`: a view as CSV/JSON, or (--warc) the stored documents as a WARC file. */
interface ExportOptions {
  view?: string;
  format: string;
  out?: string;
  warc?: string;
  site?: string;
  since?: string;
  agency?: string;
  region?: string;
  year?: number;
  labels?: string;
}

export function registerStoreCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done automatically on first use)')
    .action(async () => {
      const [{ openDb }, { migrate }] = await Promise.all([import('../../db/db.js'), import('../../db/migrate.js')]);
      const settings = loadSettings();
      const db = await openDb(settings);
      try {
        const applied = await migrate(db).catch((err: Error) => {
          throw new Error(`cannot migrate ${db.location}: ${err.message}`);
        });
        const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
        if (applied.length === 0) console.log(`${db.location}: schema is up to date (${n} migrations)`);
        for (const m of applied) console.log(`${db.location}: applied ${String(m.version).padStart(3, '0')}_${m.name}`);
      } finally {
        await db.close();
      }
    });

  program
    .command('ingest')
    .description('parse local documents and store them (new report / new revision / unchanged / failed: reason)')
    .argument('[file...]', 'documents to ingest (HTML, text, PDF, DOCX, DOC)')
    .option('--warc <file>', 'a WARC file (wget --warc-file, Browsertrix, export --warc): load every report in it')
    .option('--agency <name>', 'agency name, used when a document does not name its agency')
    .option('--year <n>', 'report year, used when a document does not give its year', parseYear)
    .action(async (files: string[], opts: { agency?: string; year?: number; warc?: string }) => {
      if (opts.warc)
        return (await import('./warc.js')).ingestWarcCommand(opts.warc, { agency: opts.agency, year: opts.year });
      if (files.length === 0) throw new Error('say what to ingest: FILE… or --warc FILE');
      let readable = 0;
      const { parseDocument } = await import('../../parsers/index.js');
      await withStore(async (store) => {
        for (const file of files) {
          let bytes: Uint8Array;
          try {
            bytes = new Uint8Array(fs.readFileSync(file));
            readable++;
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            console.log(
              `${file}: failed: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message})`,
            );
            continue;
          }
          const sourceUrl = pathToFileURL(path.resolve(file)).toString();
          try {
            const doc = await store.saveDocument({ bytes, contentType: null, sourceUrl, fetchedAt: new Date() });
            const outcome = await parseDocument({
              bytes: plainBytes(bytes),
              fileName: path.basename(file),
              hints: { agency: opts.agency, year: opts.year },
            });
            const res = await store.loadReport(doc.documentId, outcome, {
              sourceUrl,
              parserVersion: PARSER_VERSION,
              agencyHint: opts.agency,
              yearHint: opts.year,
            });
            const report = outcome.ok ? outcome.report : null;
            console.log(
              `${file}: ${describeResult(res, report?.agency ?? opts.agency ?? null, report?.year ?? opts.year ?? null)}`,
            );
          } catch (err) {
            console.log(`${file}: failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
          }
        }
      });
      if (readable === 0) {
        console.error('gongkai ingest: none of the files could be read');
        process.exitCode = 1;
      }
    });

  const query = program.command('query').description('query the stored reports');
  query
    .command('yoy')
    .description('year-over-year values of one agency (default: the total column of every requests row)')
    .requiredOption('--agency <name>', 'agency name as stored (e.g. 淮安市洪泽区人民政府)')
    .option('--metric <row.col>', 'one cell, e.g. new_received.total or denied.state_secret.total')
    .option('--table <name>', 'requests | active | review', 'requests')
    .action(async (opts: { agency: string; metric?: string; table: string }) => {
      if (!['requests', 'active', 'review'].includes(opts.table))
        throw new Error(`--table must be requests, active or review, not "${opts.table}"`);
      if (opts.metric) splitMetric(opts.metric);
      await withStore(async (store) => {
        if (opts.metric && !(await metricsOf(store.db, opts.table)).includes(opts.metric))
          throw new Error(await unknownMetric(store, opts.table, opts.metric));
        const rows = await queryYoy(store.db, {
          agency: opts.agency,
          table: opts.table,
          metric: opts.metric,
          col: !opts.metric && opts.table === 'requests' ? 'total' : undefined,
        });
        if (rows.length === 0) throw new Error(await whyNoYoy(store, opts.agency, opts.table, opts.metric));
        console.log(
          formatTable(
            ['metric', 'year', 'value', 'prev', 'change', 'pct'],
            rows.map((r) => [
              `${r.table_name}.${r.row_key}.${r.col_key}`,
              String(r.year),
              show(r.value),
              show(r.prev_value),
              signed(r.change),
              r.pct_change === null ? '' : `${r.pct_change > 0 ? '+' : ''}${r.pct_change.toFixed(1)}%`,
            ]),
          ),
        );
      });
    });

  program
    .command('findings')
    .description('validation findings of the current reports')
    .option('--agency <name>', 'only this agency')
    .option('--year <n>', 'only this year', parseYear)
    .action(async (opts: { agency?: string; year?: number }) => {
      await withStore(async (store) => {
        const rows = await queryFindings(store.db, opts);
        if (rows.length === 0) {
          console.log('no findings');
          return;
        }
        console.log(
          formatTable(
            ['agency', 'year', 'severity', 'rule', 'cell', 'expected', 'actual', 'message'],
            rows.map((f) => [
              f.agency,
              String(f.year),
              f.severity ?? '',
              f.rule,
              [f.table_name, f.row_key, f.col_key].filter(Boolean).join('.'),
              show(f.expected),
              show(f.actual),
              f.message,
            ]),
          ),
        );
        console.log(`${rows.length} finding${rows.length === 1 ? '' : 's'}`);
      });
    });

  program
    .command('failures')
    .description('documents that could not be read as reports, with the reason (stored by ingest, crawls and reparse)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const rows = await listFailures(store.db);
        if (opts.json) return void console.log(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return void console.log('no failures');
        console.log(
          formatTable(
            ['document', 'source', 'parser', 'code', 'reason'],
            rows.map((f) => [String(f.documentId), f.sourceUrl, f.parserVersion, f.code, f.reason]),
          ),
        );
        console.log(`${rows.length} failure${rows.length === 1 ? '' : 's'}`);
      });
    });

  program
    .command('export')
    .description(`export a view as CSV or JSON (views: ${EXPORTABLE_VIEWS.join(', ')})`)
    .option('--view <name>', 'the view to export')
    .option('--format <fmt>', 'csv | json | xlsx (one sheet per table; needs --out)', 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--warc <file>', 'write every stored document to this WARC file instead (request + response records)')
    .option('--site <id>', 'with --warc: only this site’s documents')
    .option('--since <date>', 'with --warc: only documents fetched since this date (YYYY-MM-DD)')
    .option('--agency <name>', 'only this agency')
    .option('--region <text>', 'only agencies whose name or region holds this (e.g. 福建省)')
    .option('--year <n>', 'only this year', parseYear)
    .option('--labels <lang>', 'zh: the national template’s Chinese names for columns and keys (CSV with a UTF-8 BOM)')
    .action(async (opts: ExportOptions) => {
      if (opts.warc)
        return (await import('./warc.js')).exportWarcCommand(opts.warc, { site: opts.site, since: opts.since });
      if (!opts.view) throw new Error('say what to export: --view NAME or --warc FILE');
      if (!isExportableView(opts.view))
        throw new Error(`unknown view "${opts.view}"; choose one of ${EXPORTABLE_VIEWS.join(', ')}`);
      if (opts.format !== 'csv' && opts.format !== 'json' && opts.format !== 'xlsx')
        throw new Error(`--format must be csv or json (or xlsx with --out), not "${opts.format}"`);
      const view = opts.view;
      const sheets = await import('./export-sheets.js');
      if (sheets.wantsSheetExport(opts)) return withStore((store) => sheets.exportSheets(store.db, view, opts));
      await withStore(async (store) => {
        const rows = await readView(store.db, view);
        let text: string;
        if (opts.format === 'json') {
          text = `${JSON.stringify(rows.map(jsonRow), null, 1)}\n`;
        } else {
          const columns = rows.length > 0 ? Object.keys(rows[0]) : await viewColumns(store.db, view);
          text = toCsv(rows, columns);
        }
        if (opts.out) {
          fs.writeFileSync(opts.out, text);
          console.error(`wrote ${rows.length} rows of ${view} to ${opts.out}`);
        } else {
          process.stdout.write(text);
        }
      });
    });

  program
    .command('reparse')
    .description(
      're-run the current parser over every stored report document (no fetching; listing pages are never read as reports); new revisions only where the output changed',
    )
    .action(async () => {
      const [{ reparseStored }, { default: cliProgress }] = await Promise.all([
        import('../../workers/reparse.js'),
        import('cli-progress'),
      ]);
      await withStore(async (store) => {
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { format: 'reparse [{bar}] {value}/{total} documents | {eta_formatted} left', stream: process.stderr },
              cliProgress.Presets.shades_classic,
            )
          : null;
        let done = 0;
        let total = 0;
        const { counts } = await reparseStored(store, {
          onStart: (n) => {
            total = n;
            bar?.start(n, 0);
          },
          onDocument: (d, res) => {
            done++;
            if (bar) bar.increment();
            else if (done % 100 === 0) console.error(`reparse: ${done}/${total} documents`);
            if (res.status !== 'unchanged' && !bar) console.log(`${d.sourceUrl}: ${describeResult(res, null, null)}`);
          },
        });
        bar?.stop();
        console.log(
          `reparsed ${total} documents with parser ${PARSER_VERSION}: ${counts.new_revision} new revisions, ` +
            `${counts.new_report} new reports, ${counts.unchanged} unchanged, ${counts.failed} failed` +
            (counts.kept_current ? `, ${counts.kept_current} kept beside a more complete current revision` : ''),
        );
      });
    });
}
