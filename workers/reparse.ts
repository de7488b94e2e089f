// Reparse: every stored document that was read as a report, through the same parse → load path as a fetch job
// (the parser pool, the same hints), never a listing page. New revisions only where the output changed.
import { sites } from '../config/registry.js';
import { documentsToReparse, type ReparseDocument } from '../db/documents.js';
import type { GongkaiStore } from '../db/index.js';
import { documentBytes } from '../db/queries.js';
import type { LoadResult } from '../db/store.js';
import { parseAndLoad } from './parse-and-load.js';
import { ParsePool } from './parse-pool.js';

export interface ReparseCounts extends Record<LoadResult['status'], number> {}

export async function reparseStored(
  store: GongkaiStore,
  opts: { onStart?: (total: number) => void; onDocument?: (doc: ReparseDocument, result: LoadResult) => void } = {},
): Promise<{ total: number; counts: ReparseCounts }> {
  const docs = await documentsToReparse(store.db);
  opts.onStart?.(docs.length);
  const counts: ReparseCounts = { new_report: 0, new_revision: 0, kept_current: 0, unchanged: 0, failed: 0 };
  const parsePool = new ParsePool();
  try {
    for (const d of docs) {
      const region = sites().find((s) => s.id === d.siteId)?.region;
      const { loaded } = await parseAndLoad(
        { store, parsePool },
        {
          documentId: d.id,
          bytes: await documentBytes(store.db, d.id),
          contentType: d.contentType,
          url: d.sourceUrl,
          siteId: d.siteId,
          // As a fetch job tells them: the parser gets the title and year (and the caller's agency, if any);
          // the loader the agency and year the report was loaded under.
          hints: {
            agency: d.agencyHint ?? undefined,
            year: d.yearHint ?? d.reportYear ?? undefined,
            title: d.title ?? undefined,
            region,
          },
          agencyHint: d.agencyHint ?? d.reportAgency ?? undefined,
          yearHint: d.yearHint ?? d.reportYear ?? undefined,
        },
      );
      // parseAndLoad loads whenever no beforeLoad hook says otherwise.
      const result = loaded!;
      counts[result.status]++;
      opts.onDocument?.(d, result);
    }
  } finally {
    await parsePool.close();
  }
  return { total: docs.length, counts };
}
