-- cells is the one big table (about 200 rows per report). Its two foreign keys cost two trigger-run lookups per cell
-- on every load (400 per report), most of the load time. They are dropped: cells are written only by
-- gongkai_load_report, in the same transaction that creates their revision and with key ids taken from cell_keys,
-- and neither revisions nor cell_keys rows are ever deleted. The primary key (revision_id, key_id) stays.
ALTER TABLE cells DROP CONSTRAINT cells_revision_id_fkey;
ALTER TABLE cells DROP CONSTRAINT cells_key_id_fkey;
