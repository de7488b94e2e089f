// Raw documents (content-addressed), the URL → latest document map, and crawl runs.
import crypto from 'node:crypto';
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
  const rows = await db.query<{ id: number }>(
    `UPDATE crawl_runs SET finished_at = now(), requests = $2, not_modified = $3, new_documents = $4,
            new_revisions = $5, failures = $6, reports_found = $7, error = $8
      WHERE id = $1 RETURNING id`,
    [runId, c.requests, c.notModified, c.newDocuments, c.newRevisions, c.failures, c.reportsFound, error ?? null],
  );
  if (rows.length === 0) throw new Error(`no crawl run ${runId}`);
}
