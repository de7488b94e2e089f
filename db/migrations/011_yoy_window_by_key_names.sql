-- Back to the window of migration 007, partitioned by the key's table, row and column: filters on them are then
-- pushed into the window, which a national query of one metric needs (with 010's key-id partition such a query
-- computed the window over every cell of every report: 74 s instead of well under a second on 100,000 reports).
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
  WINDOW w AS (PARTITION BY a.name, k.table_name, k.row_key, k.col_key ORDER BY r.year)
) AS by_year;
