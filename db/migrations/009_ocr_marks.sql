-- Reports read by OCR (issue 16). A revision whose source_kind is 'ocr' was read from pictures of its tables and
-- stored only because every identity held, so each of its cells is an OCR'd cell. A cell OCR misread and the
-- identities corrected is named by the revision's 'ocr.corrected' finding (its raw text keeps what OCR read).
-- report_cells shows both marks; its earlier columns are unchanged.
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
  k.id AS key_order,
  (v.source_kind = 'ocr') AS ocr,
  (v.source_kind = 'ocr' AND v.findings @> jsonb_build_array(jsonb_build_object(
    'rule', 'ocr.corrected', 'table', k.table_name, 'row', k.row_key, 'column', k.col_key))) AS ocr_corrected
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
JOIN revisions v ON v.id = r.current_revision_id
JOIN cells c ON c.revision_id = r.current_revision_id
JOIN cell_keys k ON k.id = c.key_id;
