-- Faster loads and yoy (README "The store", Speed): the load takes the caller's hints, so a load is one statement
-- with or without them; failures are one statement too; document bytes compress with lz4 where the server has it;
-- yoy sorts on integers.

-- The hints of a stored document (agency/year the caller knew, kept for reparse). Rewrites the row only when a hint
-- changes it: most loads give the hints the document already has. (PL/pgSQL keeps the plan of its UPDATE for the
-- session; a LANGUAGE sql function called from PL/pgSQL would be planned again on every call.)
CREATE FUNCTION gongkai_remember_hints(p_document_id integer, p_agency_hint text, p_year_hint integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE documents SET agency_hint = COALESCE(p_agency_hint, agency_hint), year_hint = COALESCE(p_year_hint, year_hint)
   WHERE id = p_document_id
     AND (agency_hint IS DISTINCT FROM COALESCE(p_agency_hint, agency_hint)
          OR year_hint IS DISTINCT FROM COALESCE(p_year_hint, year_hint));
END $$;

-- A document that could not be read as a report (or has no agency/year): its reason, and the hints it was loaded with.
CREATE FUNCTION gongkai_record_failure(
  p_document_id integer, p_parser_version text, p_code text, p_reason text, p_agency_hint text, p_year_hint integer
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_agency_hint IS NOT NULL OR p_year_hint IS NOT NULL THEN
    PERFORM gongkai_remember_hints(p_document_id, p_agency_hint, p_year_hint);
  END IF;
  INSERT INTO parse_failures (document_id, parser_version, code, reason) VALUES (p_document_id, p_parser_version, p_code, p_reason)
  ON CONFLICT (document_id, parser_version) DO UPDATE SET code = EXCLUDED.code, reason = EXCLUDED.reason, failed_at = now();
END $$;

-- gongkai_load_report as in migration 005 (same rules: see there), plus the hints, and less work per load: the site
-- row is written only when an agency row is about to refer to it, and the result is one row, not a set.
DROP FUNCTION gongkai_load_report(text, integer, text, integer, text, text, jsonb, text, text, text, date, text, jsonb,
                                  text, smallint[], numeric[], text[], boolean[], boolean[], text[]);

CREATE FUNCTION gongkai_load_report(
  p_agency text, p_year integer, p_site_id text, p_document_id integer, p_parser_version text, p_status text,
  p_findings jsonb, p_output_hash text, p_source_kind text, p_title text, p_published_date date, p_format text,
  p_table_formats jsonb, p_source_url text, p_agency_hint text, p_year_hint integer,
  p_key_ids smallint[], p_values numeric[], p_raws text[], p_inferred boolean[], p_blanks boolean[], p_notes text[],
  OUT load_status text, OUT report_id integer, OUT revision_id integer
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_agency integer;
  v_site text;
  v_report integer;
  v_current integer;
  v_current_hash text;
  v_current_url text;
  v_same integer;
  v_revision integer;
BEGIN
  IF p_agency_hint IS NOT NULL OR p_year_hint IS NOT NULL THEN
    PERFORM gongkai_remember_hints(p_document_id, p_agency_hint, p_year_hint);
  END IF;
  PERFORM pg_advisory_xact_lock(7303, hashtext(p_agency || '|' || p_year));
  -- Look up before inserting: an upsert would write a new version of the agency row on every load.
  SELECT a.id, a.site_id INTO v_agency, v_site FROM agencies a WHERE a.name = p_agency;
  IF v_agency IS NULL THEN
    IF p_site_id IS NOT NULL THEN
      INSERT INTO sites (id) VALUES (p_site_id) ON CONFLICT (id) DO NOTHING;
    END IF;
    INSERT INTO agencies (name, site_id) VALUES (p_agency, p_site_id)
    ON CONFLICT (name) DO NOTHING RETURNING id INTO v_agency;
    IF v_agency IS NULL THEN
      SELECT a.id INTO v_agency FROM agencies a WHERE a.name = p_agency;
    END IF;
  ELSIF v_site IS NULL AND p_site_id IS NOT NULL THEN
    INSERT INTO sites (id) VALUES (p_site_id) ON CONFLICT (id) DO NOTHING;
    UPDATE agencies SET site_id = p_site_id WHERE id = v_agency AND site_id IS NULL;
  END IF;

  SELECT r.id, r.current_revision_id, cur.output_hash, cur.source_url INTO v_report, v_current, v_current_hash, v_current_url
    FROM reports r LEFT JOIN revisions cur ON cur.id = r.current_revision_id
   WHERE r.agency_id = v_agency AND r.year = p_year;
  IF v_report IS NOT NULL THEN
    IF v_current_hash = p_output_hash THEN
      load_status := 'unchanged'; report_id := v_report; revision_id := v_current;
      RETURN;
    END IF;
    SELECT max(o.id) INTO v_same FROM revisions o
     WHERE o.report_id = v_report AND o.document_id = p_document_id AND o.output_hash = p_output_hash;
    IF v_same IS NOT NULL THEN
      load_status := 'unchanged'; report_id := v_report; revision_id := v_same;
      RETURN;
    END IF;
    load_status := 'new_revision';
  ELSE
    INSERT INTO reports (agency_id, year) VALUES (v_agency, p_year) RETURNING id INTO v_report;
    load_status := 'new_report';
  END IF;

  INSERT INTO revisions (report_id, document_id, parser_version, status, findings, output_hash, source_kind, title,
                         published_date, format, table_formats, source_url)
  VALUES (v_report, p_document_id, p_parser_version, p_status, p_findings, p_output_hash, p_source_kind, p_title,
          p_published_date, p_format, p_table_formats, p_source_url)
  RETURNING id INTO v_revision;

  INSERT INTO cells (revision_id, key_id, value, raw, inferred, blank, note)
  SELECT v_revision, u.key_id, u.value, u.raw, u.inferred, u.blank, u.note
    FROM unnest(p_key_ids, p_values, p_raws, p_inferred, p_blanks, p_notes)
         AS u(key_id, value, raw, inferred, blank, note);

  report_id := v_report;
  revision_id := v_revision;
  IF v_current IS NOT NULL AND v_current_url IS DISTINCT FROM p_source_url
     AND (SELECT count(*) FROM unnest(p_values) AS v WHERE v IS NOT NULL)
       < (SELECT count(*) FROM cells c WHERE c.revision_id = v_current AND c.value IS NOT NULL) THEN
    load_status := 'kept_current';
    RETURN;
  END IF;

  UPDATE reports SET current_revision_id = v_revision, title = p_title, source_url = p_source_url,
         published_date = p_published_date, format = p_format, updated_at = now()
   WHERE id = v_report;
END $$;

-- yoy as in migration 003, with the same columns, computed faster: the window sorts one agency's cells by the
-- integer ids (agency, key) and year, and the integer columns lead the rows being sorted, so comparisons read them
-- without walking past text. The text columns stay in PARTITION BY (they never decide the order: the key id does)
-- because a filter on a column is pushed into the window only when every partition list names it.
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
    k.id AS key_order,
    r.agency_id,
    r.year,
    c.value,
    a.name AS agency,
    k.table_name,
    k.row_key,
    k.col_key,
    CASE WHEN lag(r.year) OVER w = r.year - 1 THEN lag(c.value) OVER w END AS prev_value
  FROM reports r
  JOIN agencies a ON a.id = r.agency_id
  JOIN cells c ON c.revision_id = r.current_revision_id
  JOIN cell_keys k ON k.id = c.key_id
  WINDOW w AS (PARTITION BY r.agency_id, k.id, a.name, k.table_name, k.row_key, k.col_key ORDER BY r.year)
) AS by_year;

-- Document bytes: lz4 costs a fraction of the default pglz's CPU per stored document. PGlite is built without lz4
-- and keeps pglz; so does a server built without it.
DO $$
BEGIN
  ALTER TABLE documents ALTER COLUMN bytes SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
