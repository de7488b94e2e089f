-- The per-host politeness gate (crawlers/fetch/host-gate-pg.ts, SQL in db/host-gate.ts): when each host's next
-- request slot opens, and which request holds the host while it is on its way (NULL: nobody; the slot simply opens
-- at next_at). Earlier versions created the table on first use, without `holder`: both are handled here.
CREATE TABLE IF NOT EXISTS gongkai_host_gate (
  host text PRIMARY KEY,
  next_at timestamptz NOT NULL
);
ALTER TABLE gongkai_host_gate ADD COLUMN IF NOT EXISTS holder text;
