// The store's contract with the rest of the pipeline. db/ implements it on PostgreSQL and on embedded PGlite;
// workers and the CLI use only this interface. (Implementation: see the other modules of db/.)
import type { ParseOutcome } from '../parsers/types.js';
import type { CrawlRunRow, RunEnd, RunProgress } from './crawl-runs.js';

export interface StoredDocumentInput {
  bytes: Uint8Array;
  contentType: string | null;
  sourceUrl: string; // the real site's URL, never a replica's
  fetchedAt: Date;
  etag?: string | null;
  lastModified?: string | null;
  siteId?: string | null;
  /** The document this one was found on (an attachment's report page), if any. */
  parentDocumentId?: number | null;
}

export interface StoredDocument {
  documentId: number;
  sha256: string;
  /** false when identical bytes were already stored (content-addressed). */
  isNew: boolean;
}

export interface LoadContext {
  sourceUrl: string;
  siteId?: string | null;
  parserVersion: string;
  /** Used when the document itself does not name them. */
  agencyHint?: string;
  yearHint?: number;
}

/** kept_current: stored as a revision, but the current one stays (it came from another URL with fewer numbers). */
export type LoadStatus = 'new_report' | 'new_revision' | 'kept_current' | 'unchanged' | 'failed';

export interface LoadResult {
  status: LoadStatus;
  reportId?: number;
  revisionId?: number;
  /** For 'failed': the parse error's one-line reason. */
  reason?: string;
}

/** What a conditional GET needs of the document last fetched from a URL. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
  documentId: number;
}

export interface CrawlCounters {
  requests: number;
  notModified: number;
  newDocuments: number;
  newRevisions: number;
  failures: number;
  reportsFound: number;
}

export interface Store {
  saveDocument(doc: StoredDocumentInput): Promise<StoredDocument>;
  /** Load a parse outcome for a stored document: one transaction, idempotent. */
  loadReport(documentId: number, outcome: ParseOutcome, ctx: LoadContext): Promise<LoadResult>;
  /** HTTP validators last seen for a URL, for conditional GET. */
  getValidators(url: string): Promise<Validators | null>;
  /** The same for many URLs in one query (a listing page's reports): only the URLs seen before are in the map. */
  validatorsFor(urls: string[]): Promise<Map<string, Validators>>;
  startCrawlRun(siteId: string, trigger: string): Promise<number>;
  finishCrawlRun(runId: number, counters: CrawlCounters, error?: string): Promise<void>;
  /** Add what a job just did to its run (live progress). */
  recordRunProgress(runId: number, progress: RunProgress): Promise<void>;
  /** End a run: its summed counters, status (completed | failed with a reason) and typed failures. */
  endCrawlRun(runId: number, counters: CrawlCounters, error: string | null, end: RunEnd): Promise<void>;
  /** Runs not finished yet (the run watch: progress in the logs, lost runs ended). */
  runningRuns(): Promise<CrawlRunRow[]>;
  /** Keep a listing page out of reparse. */
  markListing(documentId: number): Promise<void>;
  close(): Promise<void>;
}
