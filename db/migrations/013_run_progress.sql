-- Crawl runs that show how they go and how they end: live progress written by every job as it happens, a status
-- (a run whose site is unreachable ends 'failed' with its reason), typed failures that can be counted, URLs
-- skipped on purpose (robots.txt) apart from failures. Documents remember that they were listing pages, so that
-- reparse never reads one as a report.

ALTER TABLE crawl_runs
  ADD COLUMN status          text NOT NULL DEFAULT 'running',  -- running | completed | failed
  ADD COLUMN reason          text,                             -- a failure code when status = 'failed' (e.g. unreachable)
  ADD COLUMN skipped         integer NOT NULL DEFAULT 0,       -- URLs not fetched on purpose (robots.txt disallows them)
  ADD COLUMN retries         integer NOT NULL DEFAULT 0,       -- attempts that failed and were tried again
  ADD COLUMN last_error      text,                             -- the latest failure, as it happened
  ADD COLUMN errors          jsonb NOT NULL DEFAULT '[]',      -- [{ code, url, message }], the first ones
  ADD COLUMN failure_counts  jsonb NOT NULL DEFAULT '{}',      -- failure code → how many
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now();

UPDATE crawl_runs SET status = 'completed' WHERE finished_at IS NOT NULL;

CREATE INDEX crawl_runs_running_idx ON crawl_runs (id) WHERE status = 'running';

ALTER TABLE documents ADD COLUMN role text;  -- 'listing' for a site's listing pages; null for everything else
