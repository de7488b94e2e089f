// WARC in and out: `gongkai export --warc FILE [--site ID] [--since DATE]` writes every stored document as a
// request/response pair (headers, fetch time, payload digest); `gongkai ingest --warc FILE` reads a WARC written by
// any crawler (Browsertrix, wget --warc-file, our own export) record by record and loads every report in it.
import path from 'node:path';
import { readWarc } from '../../crawlers/warc/read.js';
import { WarcWriter } from '../../crawlers/warc/write.js';
import type { GongkaiStore } from '../../db/index.js';
import type { LoadResult } from '../../db/store.js';
import { documentsForExport, siteExists } from '../../db/warc-export.js';
import { PARSER_VERSION } from '../../parsers/version.js';

export interface WarcExportOptions {
  siteId?: string;
  since?: Date;
}

/** Write the store's documents to `file`; returns how many. */
export async function exportWarc(store: GongkaiStore, file: string, opts: WarcExportOptions = {}): Promise<number> {
  if (opts.siteId && !(await siteExists(store.db, opts.siteId)))
    throw new Error(`--site ${opts.siteId}: no such site in the store`);
  const w = await WarcWriter.open(file, 'gongkai export --warc', {
    ...(opts.siteId ? { 'gongkai-site': opts.siteId } : {}),
    ...(opts.since ? { 'gongkai-since': opts.since.toISOString() } : {}),
  });
  let n = 0;
  try {
    for await (const d of documentsForExport(store.db, opts)) {
      const headers: Record<string, string> = { 'Content-Type': d.contentType ?? 'application/octet-stream' };
      if (d.etag) headers.ETag = d.etag;
      if (d.lastModified) headers['Last-Modified'] = d.lastModified;
      await w.add({ url: d.sourceUrl, date: d.fetchedAt, status: 200, headers, body: d.bytes });
      n++;
    }
  } finally {
    await w.close();
  }
  return n;
}

export interface WarcIngestLine {
  url: string | null;
  /** new report / new revision / unchanged / kept current / failed: reason / skipped: reason */
  outcome: string;
}

export interface WarcIngestSummary {
  records: number;
  reports: number;
  failed: number;
  skipped: number;
}

/** Load every response of `file` as `ingest` loads a file; `report` gets one line per record. */
export async function ingestWarc(
  store: GongkaiStore,
  file: string,
  report: (line: WarcIngestLine) => void,
  hints: { agency?: string; year?: number } = {},
): Promise<WarcIngestSummary> {
  const { parseDocument } = await import('../../parsers/index.js');
  const sum: WarcIngestSummary = { records: 0, reports: 0, failed: 0, skipped: 0 };
  for await (const e of readWarc(file)) {
    sum.records++;
    if (e.kind === 'skipped') {
      sum.skipped++;
      report({ url: e.url, outcome: `skipped: ${e.reason}` });
      continue;
    }
    if (e.status !== 200) {
      sum.skipped++;
      report({ url: e.url, outcome: `skipped: HTTP ${e.status}` });
      continue;
    }
    try {
      const contentType = e.headers['content-type'] ?? null;
      const doc = await store.saveDocument({
        bytes: e.body,
        contentType,
        sourceUrl: e.url,
        fetchedAt: e.date ? new Date(e.date) : new Date(),
        etag: e.headers.etag ?? null,
        lastModified: e.headers['last-modified'] ?? null,
      });
      const outcome = await parseDocument({
        bytes: e.body,
        contentType: contentType ?? undefined,
        fileName: path.posix.basename(new URL(e.url).pathname) || 'index.html',
        hints,
      });
      const res = await store.loadReport(doc.documentId, outcome, {
        sourceUrl: e.url,
        parserVersion: PARSER_VERSION,
        agencyHint: hints.agency,
        yearHint: hints.year,
      });
      if (res.status === 'failed') sum.failed++;
      else sum.reports++;
      const r = outcome.ok ? outcome.report : null;
      report({ url: e.url, outcome: describe(res, r ? `${r.agency ?? ''} ${r.year ?? ''}`.trim() : '') });
    } catch (err) {
      sum.failed++;
      report({ url: e.url, outcome: `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` });
    }
  }
  return sum;
}

function describe(r: LoadResult, what: string): string {
  const w = what ? ` ${what}` : '';
  switch (r.status) {
    case 'new_report':
      return `new report${w}`;
    case 'new_revision':
      return `new revision${w}`;
    case 'kept_current':
      return `kept current${w}`;
    case 'unchanged':
      return `unchanged${w}`;
    default:
      return `failed: ${r.reason ?? 'not a report'}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The command-line side (`ingest --warc`, `export --warc` in scripts/commands/store.ts call these).

async function withOpenStore<T>(fn: (store: GongkaiStore) => Promise<T>): Promise<T> {
  const [{ loadSettings }, { openStore }] = await Promise.all([
    import('../../config/settings.js'),
    import('../../db/index.js'),
  ]);
  const store = await openStore(loadSettings());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `gongkai ingest --warc FILE`: one line per record, then a summary on stderr; exit 1 when nothing was a report. */
export async function ingestWarcCommand(file: string, hints: { agency?: string; year?: number }): Promise<void> {
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const sum = await withOpenStore((store) =>
    ingestWarc(store, file, (l) => console.log(`${l.url ?? '(no url)'}: ${l.outcome}`), hints),
  );
  console.error(
    `${file}: ${sum.records} records: ${sum.reports} reports, ${sum.failed} not reports or failed, ${sum.skipped} skipped`,
  );
  if (sum.reports === 0) process.exitCode = 1;
}

/** `gongkai export --warc FILE [--site ID] [--since DATE]`. */
export async function exportWarcCommand(file: string, opts: { site?: string; since?: string }): Promise<void> {
  let since: Date | undefined;
  if (opts.since !== undefined) {
    since = new Date(opts.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(opts.since) || Number.isNaN(since.getTime()))
      throw new Error(`--since ${opts.since}: not a date (YYYY-MM-DD)`);
  }
  const n = await withOpenStore((store) => exportWarc(store, file, { siteId: opts.site, since }));
  console.error(`wrote ${n} documents to ${file}`);
}
