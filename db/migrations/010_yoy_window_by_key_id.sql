-- yoy's window partitioned by the cell key's id instead of its three text columns: the sort behind the window then
-- compares integers, not collated strings (one agency's yoy: 2.2 → 1.2 ms on 10,000 reports). Filters on table,
-- row or column are applied after the window (on the agency's ~1,000 cells); the agency filter is still pushed down.
CREATE OR REPLACE VIEW yoy AS
SELECT
  agency,
  year,
  table_name,
  row_key,
  col_key,
  value,
  prev_value,
  value - prev_value AS change,
  CASE WHEN prev_value <> 0 THEN round(100 * (value - prev_value) / prev_value, 2) END AS pct_change,
  key_order
FROM (
  SELECT
    a.name AS agency,
    r.year,
    k.table_name,
    k.row_key,
    k.col_key,
    c.value,
    CASE WHEN lag(r.year) OVER w = r.year - 1 THEN lag(c.value) OVER w END AS prev_value,
    k.id AS key_order
  FROM reports r
  JOIN agencies a ON a.id = r.agency_id
  JOIN cells c ON c.revision_id = r.current_revision_id
  JOIN cell_keys k ON k.id = c.key_id
  WINDOW w AS (PARTITION BY a.name, c.key_id ORDER BY r.year)
) AS by_year;
