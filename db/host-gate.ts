// The SQL of the per-host politeness gate on PostgreSQL or PGlite (crawlers/fetch/host-gate-pg.ts): a row per host
// with the time its next slot opens. One INSERT … ON CONFLICT DO UPDATE … WHERE takes the row lock, so concurrent
// workers serialize on it and exactly one gets each slot.
const TABLE = 'gongkai_host_gate';

export const HOST_GATE_SCHEMA = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  host text PRIMARY KEY,
  next_at timestamptz NOT NULL
)`;

export const HOST_GATE_TAKE = `INSERT INTO ${TABLE} AS g (host, next_at)
VALUES ($1, clock_timestamp() + $2::double precision * interval '1 millisecond')
ON CONFLICT (host) DO UPDATE
  SET next_at = clock_timestamp() + $2::double precision * interval '1 millisecond'
  WHERE g.next_at <= clock_timestamp()
RETURNING host`;

export const HOST_GATE_WAIT = `SELECT GREATEST(0, EXTRACT(EPOCH FROM (next_at - clock_timestamp())) * 1000)::double precision AS wait_ms
FROM ${TABLE} WHERE host = $1`;

export const HOST_GATE_EXTEND = `UPDATE ${TABLE}
SET next_at = GREATEST(next_at, clock_timestamp() + $2::double precision * interval '1 millisecond')
WHERE host = $1`;
