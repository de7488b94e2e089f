-- The views users query (documented in README.md, section "views"). All read current revisions only.

-- Every cell of every current report. (LEFT JOIN agencies: every report has one, so the rows are the same, and the
-- planner can drop the join when a query does not use the agency column.)
CREATE VIEW report_cells AS
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

-- Each cell beside the same cell of the same agency's report for the year before (prev_value null when there
-- is none). pct_change is a percentage (100 × change / prev_value), null when prev_value is 0 or null.
-- A window partitioned by the key's table, row and column: filters on them are pushed into the window, so one
-- agency's or one metric's query reads only its own cells.
CREATE VIEW yoy AS
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

-- Validation findings of current reports (identities, missing tables, inferred cells ...).
CREATE VIEW report_findings AS
SELECT
  a.name AS agency,
  r.year,
  f ->> 'rule' AS rule,
  f ->> 'table' AS table_name,
  f ->> 'row' AS row_key,
  f ->> 'column' AS col_key,
  CASE WHEN jsonb_typeof(f -> 'expected') = 'number' THEN (f ->> 'expected')::numeric END AS expected,
  CASE WHEN jsonb_typeof(f -> 'actual') = 'number' THEN (f ->> 'actual')::numeric END AS actual,
  f ->> 'message' AS message,
  f ->> 'severity' AS severity
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN revisions rv ON rv.id = r.current_revision_id
CROSS JOIN LATERAL jsonb_array_elements(rv.findings) AS f;

-- Identity 5 of SCHEMA.md across years: carried_over (total column) of year N must equal carried_forward (total
-- column) of year N-1 for the same agency. Totals only: the applicant columns follow from the same identity per
-- column, but a case can move between applicant categories when re-classified, so only the total is a hard rule.
-- Rows appear only when both totals are known and differ.
CREATE VIEW carryover_mismatches AS
SELECT
  a.name AS agency,
  r.year,
  co.value AS carried_over,
  pr.year AS prev_year,
  cf.value AS prev_carried_forward
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN reports pr ON pr.agency_id = r.agency_id AND pr.year = r.year - 1
JOIN cell_keys kco ON kco.table_name = 'requests' AND kco.row_key = 'carried_over' AND kco.col_key = 'total'
JOIN cell_keys kcf ON kcf.table_name = 'requests' AND kcf.row_key = 'carried_forward' AND kcf.col_key = 'total'
JOIN cells co ON co.revision_id = r.current_revision_id AND co.key_id = kco.id
JOIN cells cf ON cf.revision_id = pr.current_revision_id AND cf.key_id = kcf.id
WHERE co.value <> cf.value;
