-- Faster national aggregates over report_cells (measured by bench/store.ts with 100,000 reports):
-- 1. reports found by current revision with year and agency in the index itself (index-only scans);
-- 2. report_cells joins agencies with LEFT JOIN (every report has an agency, so the rows are the same), which lets
--    the planner drop the join when a query does not use the agency column.
CREATE UNIQUE INDEX reports_current_cover_idx ON reports (current_revision_id) INCLUDE (year, agency_id);
DROP INDEX reports_current_revision_idx;

CREATE OR REPLACE VIEW report_cells AS
SELECT
  a.name AS agency,
  r.year,
  k.table_name,
  k.row_key,
  k.col_key,
  c.value,
  c.raw,
  c.inferred,
  c.blank,
  c.note,
  k.id AS key_order
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
JOIN cells c ON c.revision_id = r.current_revision_id
JOIN cell_keys k ON k.id = c.key_id;
