// The fetcher's per-host politeness gate (workers/fetch/host-gate.ts) on PostgreSQL or PGlite (the no-Redis mode):
// a row per host with the time its next slot opens. One INSERT … ON CONFLICT DO UPDATE … WHERE takes the row lock, so
// concurrent workers serialize on it and exactly one gets each slot. Works with any `query(sql, params)` (pg Pool/Client
// or PGlite).
import type { GateDecision, HostGate } from '../workers/fetch/host-gate.js';

export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const TABLE = 'gongkai_host_gate';

export const HOST_GATE_SCHEMA = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  host text PRIMARY KEY,
  next_at timestamptz NOT NULL
)`;

const TAKE = `INSERT INTO ${TABLE} AS g (host, next_at)
VALUES ($1, clock_timestamp() + $2::double precision * interval '1 millisecond')
ON CONFLICT (host) DO UPDATE
  SET next_at = clock_timestamp() + $2::double precision * interval '1 millisecond'
  WHERE g.next_at <= clock_timestamp()
RETURNING host`;

const WAIT = `SELECT GREATEST(0, EXTRACT(EPOCH FROM (next_at - clock_timestamp())) * 1000)::double precision AS wait_ms
FROM ${TABLE} WHERE host = $1`;

const EXTEND = `UPDATE ${TABLE}
SET next_at = GREATEST(next_at, clock_timestamp() + $2::double precision * interval '1 millisecond')
WHERE host = $1`;

export class PgHostGate implements HostGate {
  private ready: Promise<void> | null = null;

  constructor(private readonly query: Query) {}

  /** Creates the table if needed (also done on first use). */
  ensureSchema(): Promise<void> {
    this.ready ??= this.query(HOST_GATE_SCHEMA).then(() => undefined);
    return this.ready;
  }

  async tryAcquire(host: string, intervalMs: number): Promise<GateDecision> {
    await this.ensureSchema();
    const h = host.toLowerCase();
    const taken = await this.query(TAKE, [h, intervalMs]);
    if (taken.rows.length > 0) return { go: true };
    const r = await this.query(WAIT, [h]);
    const wait = Number(r.rows[0]?.wait_ms ?? 0);
    return { go: false, waitMs: Math.max(1, Math.ceil(wait)) };
  }

  async extend(host: string, intervalMs: number): Promise<void> {
    await this.ensureSchema();
    await this.query(EXTEND, [host.toLowerCase(), intervalMs]);
  }
}
