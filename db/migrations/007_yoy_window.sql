-- yoy with a window over each agency's years instead of a lookup of the previous report per cell: one agency's yoy
-- reads its ~200 cells per year once (the agency and metric filters are pushed into the window's partitions).
-- prev_value is the same cell of year - 1, null when the agency has no report for year - 1.
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
