// What a crawl left in the store, in a form two runs can be compared by: every report with its current numbers,
// how many revisions it has, and the totals; plus the checks for half-written or duplicated reports.
import pg from 'pg';

export interface StoreSnapshot {
  reports: { agency: string; year: number; output_hash: string; revisions: number; cells: number; cells_md5: string }[];
  totals: { reports: number; revisions: number; cells: number; documents: number; parse_failures: number };
  /** Revisions without a single cell (a half-written load), and (agency, year) pairs stored twice. */
  halfWritten: number;
  duplicates: number;
}

export async function snapshotStore(databaseUrl: string): Promise<StoreSnapshot> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const reports = (
      await c.query(`
      SELECT a.name AS agency, r.year, v.output_hash,
             (SELECT count(*)::int FROM revisions x WHERE x.report_id = r.id) AS revisions,
             (SELECT count(*)::int FROM cells k WHERE k.revision_id = r.current_revision_id) AS cells,
             (SELECT md5(string_agg(k.key_id || ':' || coalesce(k.value::text, '') || ':' || k.raw, ',' ORDER BY k.key_id))
                FROM cells k WHERE k.revision_id = r.current_revision_id) AS cells_md5
        FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN revisions v ON v.id = r.current_revision_id
       ORDER BY a.name, r.year`)
    ).rows;
    const [totals] = (
      await c.query(`SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM revisions) AS revisions,
      (SELECT count(*)::int FROM cells) AS cells, (SELECT count(*)::int FROM documents) AS documents,
      (SELECT count(*)::int FROM parse_failures) AS parse_failures`)
    ).rows;
    const [half] = (
      await c.query(
        'SELECT count(*)::int AS n FROM revisions v WHERE NOT EXISTS (SELECT 1 FROM cells k WHERE k.revision_id = v.id)',
      )
    ).rows;
    const [dup] = (
      await c.query(
        'SELECT count(*)::int AS n FROM (SELECT agency_id, year FROM reports GROUP BY 1, 2 HAVING count(*) > 1) d',
      )
    ).rows;
    return { reports, totals, halfWritten: half.n, duplicates: dup.n };
  } finally {
    await c.end();
  }
}
