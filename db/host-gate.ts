// The SQL of the per-host politeness gate on PostgreSQL or PGlite (crawlers/fetch/host-gate-pg.ts): a row per host
// (table by migration 007) with the time its next slot opens and the token of the request holding it, if any. One
// INSERT … ON CONFLICT DO UPDATE … WHERE takes the row lock, so concurrent workers serialize on it and exactly one
// gets each slot.
const TABLE = 'gongkai_host_gate';

/** $1 host, $2 milliseconds the slot stays taken (the hold, or the interval), $3 the holder's token or NULL. */
export const HOST_GATE_TAKE = `INSERT INTO ${TABLE} AS g (host, next_at, holder)
VALUES ($1, clock_timestamp() + $2::double precision * interval '1 millisecond', $3::text)
ON CONFLICT (host) DO UPDATE
  SET next_at = clock_timestamp() + $2::double precision * interval '1 millisecond', holder = $3::text
  WHERE g.next_at <= clock_timestamp()
RETURNING host`;

export const HOST_GATE_WAIT = `SELECT GREATEST(0, EXTRACT(EPOCH FROM (next_at - clock_timestamp())) * 1000)::double precision AS wait_ms,
  holder IS NOT NULL AS held
FROM ${TABLE} WHERE host = $1`;

/** $1 host, $2 interval ms, $3 token: the holder reopens the host an interval from now; anyone else only delays it. */
export const HOST_GATE_RELEASE = `UPDATE ${TABLE}
SET next_at = CASE WHEN holder = $3::text THEN clock_timestamp() + $2::double precision * interval '1 millisecond'
                   ELSE GREATEST(next_at, clock_timestamp() + $2::double precision * interval '1 millisecond') END,
    holder = CASE WHEN holder = $3::text THEN NULL ELSE holder END
WHERE host = $1`;
