// The stored documents a WARC export writes, read in batches by id (keyset), so a large store is never held in
// memory at once.
import type { Db } from './db.js';

export interface ExportedDocument {
  id: number;
  sourceUrl: string;
  contentType: string | null;
  fetchedAt: Date;
  etag: string | null;
  lastModified: string | null;
  bytes: Uint8Array;
}

export interface ExportFilter {
  siteId?: string;
  /** Only documents fetched at or after this time. */
  since?: Date;
}

const BATCH = 16;

/** Every stored document matching the filter, oldest id first. */
export async function* documentsForExport(db: Db, filter: ExportFilter = {}): AsyncGenerator<ExportedDocument> {
  let after = 0;
  for (;;) {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT id, source_url, content_type, fetched_at, etag, last_modified, encode(bytes, 'hex') AS hex
         FROM documents
        WHERE id > $1 AND ($2::text IS NULL OR site_id = $2) AND ($3::timestamptz IS NULL OR fetched_at >= $3)
        ORDER BY id LIMIT ${BATCH}`,
      [after, filter.siteId ?? null, filter.since?.toISOString() ?? null],
    );
    for (const r of rows) {
      const buf = Buffer.from(String(r.hex), 'hex');
      yield {
        id: Number(r.id),
        sourceUrl: String(r.source_url),
        contentType: (r.content_type as string | null) ?? null,
        fetchedAt: new Date(r.fetched_at as string | Date),
        etag: (r.etag as string | null) ?? null,
        lastModified: (r.last_modified as string | null) ?? null,
        bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
      };
    }
    if (rows.length < BATCH) return;
    after = Number(rows[rows.length - 1].id);
  }
}

/** Whether a site id is known to the store (a clear error for `export --warc --site typo`). */
export async function siteExists(db: Db, siteId: string): Promise<boolean> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sites WHERE id = $1', [siteId]);
  return Number(rows[0]?.n ?? 0) > 0;
}
