-- Loading in one round trip: each function is one statement, hence one transaction, on the server.
-- (db/loader.ts and db/documents.ts call them; every value arrives as a parameter.)

-- Store raw bytes content-addressed and point the URL at them. Returns the document and whether it is new.
CREATE FUNCTION gongkai_save_document(
  p_sha256 text, p_bytes bytea, p_content_type text, p_source_url text, p_fetched_at timestamptz,
  p_etag text, p_last_modified text, p_site_id text, p_parent_document_id integer
) RETURNS TABLE (document_id integer, is_new boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_id integer;
  v_new boolean := false;
BEGIN
  IF p_site_id IS NOT NULL THEN
    INSERT INTO sites (id) VALUES (p_site_id) ON CONFLICT (id) DO NOTHING;
  END IF;
  INSERT INTO documents (sha256, bytes, size, content_type, source_url, fetched_at, etag, last_modified, site_id,
                         parent_document_id)
  VALUES (p_sha256, p_bytes, octet_length(p_bytes), p_content_type, p_source_url, p_fetched_at, p_etag,
          p_last_modified, p_site_id, p_parent_document_id)
  ON CONFLICT (sha256) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    -- A new statement, a new snapshot: sees a racing loader's committed row.
    SELECT d.id INTO v_id FROM documents d WHERE d.sha256 = p_sha256;
  ELSE
    v_new := true;
  END IF;
  INSERT INTO url_latest AS u (url, document_id, etag, last_modified, fetched_at)
  VALUES (p_source_url, v_id, p_etag, p_last_modified, p_fetched_at)
  ON CONFLICT (url) DO UPDATE SET document_id = EXCLUDED.document_id, etag = EXCLUDED.etag,
    last_modified = EXCLUDED.last_modified, fetched_at = EXCLUDED.fetched_at
  WHERE u.fetched_at <= EXCLUDED.fetched_at;
  RETURN QUERY SELECT v_id, v_new;
END $$;

-- Load one parsed report for a stored document. Idempotent: 'unchanged' when the current revision has the same
-- output hash, or when this document already produced exactly this output; otherwise a new revision made current
-- ('new_report' when the agency had no report for the year). A revision from another URL that carries fewer
-- numbers than the current one (a truncated copy, a summary page) is kept but does not replace it ('kept_current');
-- from the current revision's own URL it always does (the publisher changed the document). Loaders of the same
-- agency+year are serialized by an advisory lock held until commit; others run in parallel.
CREATE FUNCTION gongkai_load_report(
  p_agency text, p_year integer, p_site_id text, p_document_id integer, p_parser_version text, p_status text,
  p_findings jsonb, p_output_hash text, p_source_kind text, p_title text, p_published_date date, p_format text,
  p_table_formats jsonb, p_source_url text,
  p_key_ids smallint[], p_values numeric[], p_raws text[], p_inferred boolean[], p_blanks boolean[], p_notes text[]
) RETURNS TABLE (load_status text, report_id integer, revision_id integer)
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
  v_status text := 'new_revision';
BEGIN
  PERFORM pg_advisory_xact_lock(7303, hashtext(p_agency || '|' || p_year));
  IF p_site_id IS NOT NULL THEN
    INSERT INTO sites (id) VALUES (p_site_id) ON CONFLICT (id) DO NOTHING;
  END IF;
  -- Look up before inserting: an upsert would write a new version of the agency row on every load.
  SELECT a.id, a.site_id INTO v_agency, v_site FROM agencies a WHERE a.name = p_agency;
  IF v_agency IS NULL THEN
    INSERT INTO agencies (name, site_id) VALUES (p_agency, p_site_id)
    ON CONFLICT (name) DO NOTHING RETURNING id INTO v_agency;
    IF v_agency IS NULL THEN
      SELECT a.id INTO v_agency FROM agencies a WHERE a.name = p_agency;
    END IF;
  ELSIF v_site IS NULL AND p_site_id IS NOT NULL THEN
    UPDATE agencies SET site_id = p_site_id WHERE id = v_agency AND site_id IS NULL;
  END IF;

  SELECT r.id, r.current_revision_id, cur.output_hash, cur.source_url INTO v_report, v_current, v_current_hash, v_current_url
    FROM reports r LEFT JOIN revisions cur ON cur.id = r.current_revision_id
   WHERE r.agency_id = v_agency AND r.year = p_year;
  IF v_report IS NOT NULL THEN
    IF v_current_hash = p_output_hash THEN
      RETURN QUERY SELECT 'unchanged'::text, v_report, v_current;
      RETURN;
    END IF;
    SELECT max(o.id) INTO v_same FROM revisions o
     WHERE o.report_id = v_report AND o.document_id = p_document_id AND o.output_hash = p_output_hash;
    IF v_same IS NOT NULL THEN
      RETURN QUERY SELECT 'unchanged'::text, v_report, v_same;
      RETURN;
    END IF;
  ELSE
    INSERT INTO reports (agency_id, year) VALUES (v_agency, p_year) RETURNING id INTO v_report;
    v_status := 'new_report';
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

  IF v_current IS NOT NULL AND v_current_url IS DISTINCT FROM p_source_url
     AND (SELECT count(*) FROM unnest(p_values) AS v WHERE v IS NOT NULL)
       < (SELECT count(*) FROM cells c WHERE c.revision_id = v_current AND c.value IS NOT NULL) THEN
    RETURN QUERY SELECT 'kept_current'::text, v_report, v_revision;
    RETURN;
  END IF;

  UPDATE reports SET current_revision_id = v_revision, title = p_title, source_url = p_source_url,
         published_date = p_published_date, format = p_format, updated_at = now()
   WHERE id = v_report;
  RETURN QUERY SELECT v_status, v_report, v_revision;
END $$;
