// The operations side of the store: installed schedules (their time zone for `gongkai runs`) and the facts an
// alert summarises — failed runs, sites that yield nothing night after night, new error findings.
import type { Db } from './db.js';

export async function recordSchedules(db: Db, schedules: { id: string; pattern: string; tz: string | null }[]) {
  for (const s of schedules)
    await db.query(
      `INSERT INTO schedules (id, pattern, tz) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET pattern = EXCLUDED.pattern, tz = EXCLUDED.tz, installed_at = now()`,
      [s.id, s.pattern, s.tz],
    );
}

export async function forgetSchedules(db: Db, ids: string[]): Promise<void> {
  await db.query('DELETE FROM schedules WHERE id = ANY($1::text[])', [ids]);
}

/** The time zone of the installed nightly schedule, if one was installed. */
export async function scheduledTimeZone(db: Db, id: string): Promise<string | null> {
  const [row] = await db.query<{ tz: string | null }>('SELECT tz FROM schedules WHERE id = $1', [id]);
  return row?.tz ?? null;
}

export async function siteKnown(db: Db, siteId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM sites WHERE id = $1', [siteId])).length > 0;
}

export interface FailedRun {
  runId: number;
  siteId: string;
  finishedAt: string;
  failures: number;
  error: string | null;
}

export interface SilentSite {
  siteId: string;
  /** Finished runs in a row, latest first, that found no report and were not simply unchanged. */
  nights: number;
}

export interface NewErrorFinding {
  agency: string;
  year: number;
  rule: string;
  message: string;
}

export interface AlertFacts {
  /** Everything up to here was looked at (the next check starts after it). */
  watermark: Date;
  /** Runs still going: a night is summed up once its runs are done. */
  running: number;
  failedRuns: FailedRun[];
  silentSites: SilentSite[];
  newErrorFindings: NewErrorFinding[];
}

export async function lastAlertWatermark(db: Db): Promise<Date | null> {
  const [row] = await db.query<{ w: string | Date | null }>('SELECT max(watermark) AS w FROM alerts WHERE delivered');
  return row?.w ? new Date(row.w) : null;
}

export async function alertFacts(db: Db, since: Date | null, silentNights: number): Promise<AlertFacts> {
  const [{ now }] = await db.query<{ now: string | Date }>('SELECT clock_timestamp() AS now');
  const watermark = new Date(now);
  const from = since ?? new Date(0);
  const [{ running }] = await db.query<{ running: number }>(
    `SELECT count(*)::int AS running FROM crawl_runs WHERE finished_at IS NULL AND started_at > now() - interval '1 day'`,
  );
  const failed = await db.query<Record<string, unknown>>(
    `SELECT id, site_id, finished_at, failures, error FROM crawl_runs
      WHERE finished_at > $1 AND finished_at <= $2 AND (failures > 0 OR error IS NOT NULL) ORDER BY id`,
    [from, watermark],
  );
  // A site is silent when its last N finished runs all found nothing (and were not just unchanged), and the Nth of
  // them finished after the last alert: one alert per streak, not one every night after.
  const silent = await db.query<{ site_id: string; nights: number }>(
    `WITH ranked AS (
       SELECT site_id, finished_at, reports_found = 0 AND not_modified = 0 AS empty,
              row_number() OVER (PARTITION BY site_id ORDER BY finished_at DESC) AS n
         FROM crawl_runs WHERE finished_at IS NOT NULL AND finished_at <= $2)
     SELECT site_id, count(*)::int AS nights FROM ranked
      WHERE n <= $3 GROUP BY site_id
     HAVING count(*) = $3 AND bool_and(empty) AND max(finished_at) FILTER (WHERE n = $3) > $1
      ORDER BY site_id`,
    [from, watermark, silentNights],
  );
  const findings = await db.query<Record<string, unknown>>(
    `SELECT a.name AS agency, r.year, f ->> 'rule' AS rule, f ->> 'message' AS message
       FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN revisions rv ON rv.id = r.current_revision_id
       CROSS JOIN LATERAL jsonb_array_elements(rv.findings) AS f
      WHERE rv.parsed_at > $1 AND rv.parsed_at <= $2 AND f ->> 'severity' = 'error'
      ORDER BY a.name, r.year, f ->> 'rule'`,
    [from, watermark],
  );
  return {
    watermark,
    running,
    failedRuns: failed.map((r) => ({
      runId: Number(r.id),
      siteId: String(r.site_id),
      finishedAt: new Date(String(r.finished_at)).toISOString(),
      failures: Number(r.failures),
      error: (r.error as string | null) ?? null,
    })),
    silentSites: silent.map((s) => ({ siteId: s.site_id, nights: Number(s.nights) })),
    newErrorFindings: findings.map((f) => ({
      agency: String(f.agency),
      year: Number(f.year),
      rule: String(f.rule),
      message: String(f.message),
    })),
  };
}

export async function recordAlert(
  db: Db,
  a: { watermark: Date; summary: unknown; delivered: boolean; error?: string },
): Promise<void> {
  await db.query('INSERT INTO alerts (watermark, summary, delivered, error) VALUES ($1, $2, $3, $4)', [
    a.watermark,
    JSON.stringify(a.summary),
    a.delivered,
    a.error ?? null,
  ]);
}
