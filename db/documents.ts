// Raw documents (content-addressed), the URL → latest document map, and crawl runs.
import crypto from 'node:crypto';
import { endCrawlRun } from './crawl-runs.js';
import type { Db } from './db.js';
import type { CrawlCounters, StoredDocument, StoredDocumentInput, Validators } from './store.js';

export async function ensureSite(db: Db, siteId: string): Promise<void> {
  await db.query('INSERT INTO sites (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [siteId]);
}

// One statement (gongkai_save_document, migration 005): content-addressed insert + URL → latest document.
// node-pg sends a Buffer as binary bytea, as it is. PGlite's own bytea serializer works byte by byte in JS, so there
// the bytes travel as hex (Buffer's native encoder) and the server decodes them.
const SAVE_BYTES = 'SELECT * FROM gongkai_save_document($1, $2, $3, $4, $5, $6, $7, $8, $9)';
const SAVE_HEX = `SELECT * FROM gongkai_save_document($1, decode($2, 'hex'), $3, $4, $5, $6, $7, $8, $9)`;

export async function saveDocument(db: Db, doc: StoredDocumentInput): Promise<StoredDocument> {
  const sha256 = crypto.createHash('sha256').update(doc.bytes).digest('hex');
  const bytes = Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.byteLength);
  const binary = db.kind === 'postgres';
  const [row] = await db.query<{ document_id: number; is_new: boolean }>(binary ? SAVE_BYTES : SAVE_HEX, [
    sha256,
    binary ? bytes : bytes.toString('hex'),
    doc.contentType,
    doc.sourceUrl,
    doc.fetchedAt,
    doc.etag ?? null,
    doc.lastModified ?? null,
    doc.siteId ?? null,
    doc.parentDocumentId ?? null,
  ]);
  return { documentId: Number(row.document_id), sha256, isNew: row.is_new === true };
}

export async function getValidators(db: Db, url: string): Promise<Validators | null> {
  return (await validatorsFor(db, [url])).get(url) ?? null;
}

export async function validatorsFor(db: Db, urls: string[]): Promise<Map<string, Validators>> {
  const rows =
    urls.length === 0
      ? []
      : await db.query<{ url: string; etag: string | null; last_modified: string | null; document_id: number }>(
          'SELECT url, etag, last_modified, document_id FROM url_latest WHERE url = ANY($1::text[])',
          [urls],
        );
  return new Map(
    rows.map((r) => [r.url, { etag: r.etag, lastModified: r.last_modified, documentId: Number(r.document_id) }]),
  );
}

export async function startCrawlRun(db: Db, siteId: string, trigger: string): Promise<number> {
  await ensureSite(db, siteId);
  const [{ id }] = await db.query<{ id: number }>(
    'INSERT INTO crawl_runs (site_id, trigger) VALUES ($1, $2) RETURNING id',
    [siteId, trigger],
  );
  return Number(id);
}

export async function finishCrawlRun(db: Db, runId: number, c: CrawlCounters, error?: string): Promise<void> {
  await endCrawlRun(db, runId, c, error ?? null, { status: 'completed' });
}

/** A listing page is kept (the nightly sentinel) but is never a report: reparse passes it by. */
export async function markListing(db: Db, documentId: number): Promise<void> {
  await db.query(`UPDATE documents SET role = 'listing' WHERE id = $1 AND role IS DISTINCT FROM 'listing'`, [
    documentId,
  ]);
}

export interface ReparseDocument {
  id: number;
  sourceUrl: string;
  contentType: string | null;
  siteId: string | null;
  /** What the caller said when the document was stored (ingest --agency/--year). */
  agencyHint: string | null;
  yearHint: number | null;
  /** What the document's latest revision found. */
  reportAgency: string | null;
  reportYear: number | null;
  title: string | null;
}

/** The documents reparse reads: those read as reports before (a revision or a failure), never a listing page,
 *  with the caller's hints and what their latest revision found (agency, year, title). */
export async function documentsToReparse(db: Db): Promise<ReparseDocument[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT d.id, d.source_url, d.content_type, d.site_id,
            d.agency_hint, d.year_hint, last.agency AS report_agency, last.year AS report_year, last.title
       FROM documents d
       LEFT JOIN LATERAL (
         SELECT a.name AS agency, rp.year, r.title FROM revisions r
           JOIN reports rp ON rp.id = r.report_id JOIN agencies a ON a.id = rp.agency_id
          WHERE r.document_id = d.id ORDER BY r.id DESC LIMIT 1) last ON true
      WHERE d.role IS DISTINCT FROM 'listing'
        AND (last.agency IS NOT NULL OR EXISTS (SELECT 1 FROM parse_failures f WHERE f.document_id = d.id))
      ORDER BY d.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sourceUrl: String(r.source_url),
    contentType: (r.content_type as string | null) ?? null,
    siteId: (r.site_id as string | null) ?? null,
    agencyHint: (r.agency_hint as string | null) ?? null,
    yearHint: r.year_hint === null || r.year_hint === undefined ? null : Number(r.year_hint),
    reportAgency: (r.report_agency as string | null) ?? null,
    reportYear: r.report_year === null || r.report_year === undefined ? null : Number(r.report_year),
    title: (r.title as string | null) ?? null,
  }));
}
