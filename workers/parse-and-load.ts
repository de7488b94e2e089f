// The one parse → load path: a stored document parsed by the parser pool, then loaded as a report (or stored as a
// failure with its reason). A fetch job and `gongkai reparse` both go through it.
import type { LoadResult, Store } from '../db/store.js';
import type { ParseInput, ParseOutcome } from '../parsers/types.js';
import { PARSER_VERSION } from '../parsers/version.js';
import type { ParsePool } from './parse-pool.js';

export interface StoredDocumentToRead {
  documentId: number;
  bytes: Uint8Array;
  contentType: string | null;
  /** The real URL the bytes came from (its path is the parser's file-name hint). */
  url: string;
  siteId?: string | null;
  /** What the parser is told (used when the document does not say). */
  hints: NonNullable<ParseInput['hints']>;
  /** What the loader is told when the parsed report names no agency or year. */
  agencyHint?: string;
  yearHint?: number;
}

export interface ParseAndLoadDeps {
  store: Pick<Store, 'loadReport'>;
  parsePool: Pick<ParsePool, 'parse'>;
}

/**
 * Parse the document, then load the outcome — unless `beforeLoad` (given the outcome) says the report is to come
 * from elsewhere (a report page whose tables are in an attachment): then nothing is loaded and `loaded` is null.
 */
export async function parseAndLoad(
  deps: ParseAndLoadDeps,
  doc: StoredDocumentToRead,
  beforeLoad?: (outcome: ParseOutcome) => Promise<boolean>,
): Promise<{ outcome: ParseOutcome; loaded: LoadResult | null }> {
  let fileName: string | undefined;
  try {
    fileName = new URL(doc.url).pathname;
  } catch {
    fileName = undefined;
  }
  // pdf.js refuses Buffers: the parsers get a plain Uint8Array.
  const bytes = Buffer.isBuffer(doc.bytes) ? new Uint8Array(doc.bytes) : doc.bytes;
  const outcome = await deps.parsePool.parse({
    bytes,
    contentType: doc.contentType ?? undefined,
    fileName,
    hints: doc.hints,
  });
  if (beforeLoad && !(await beforeLoad(outcome))) return { outcome, loaded: null };
  const loaded = await deps.store.loadReport(doc.documentId, outcome, {
    sourceUrl: doc.url,
    siteId: doc.siteId ?? null,
    parserVersion: PARSER_VERSION,
    agencyHint: doc.agencyHint,
    yearHint: doc.yearHint,
  });
  return { outcome, loaded };
}

/** Whether a parse found any of the three tables. */
export function hasTables(o: ParseOutcome): boolean {
  return o.ok && !!(o.report.active || o.report.requests || o.report.review);
}

/** The agency as a report's title names it: what precedes the year. */
export function agencyFromTitle(title: string | undefined): string | undefined {
  const m = title ? /^(.*?)\s*(?:19|20)\d{2}\s*年/.exec(title) : null;
  return m && m[1].length >= 2 ? m[1] : undefined;
}
