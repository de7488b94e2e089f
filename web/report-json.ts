// A stored report in the JSON shape of `gongkai parse --json` (parsers/json.ts), plus where it came from.
import type { StoredReport } from '../db/explorer.js';
import { type ReportJson, reportToJson } from '../parsers/json.js';
import type { Format, TableName } from '../parsers/schema.js';
import type { Cell, Finding, Report, Table } from '../parsers/types.js';

export interface ReportWithProvenance extends ReportJson {
  provenance: {
    source_url: string | null;
    document: StoredReport['document'] & { download: string };
    revision: StoredReport['revision'];
    revisions: StoredReport['revisions'];
  };
}

/** Tables as stored: a table with no cells was null in the parse (absent or printed without numbers). */
export function tablesOf(r: StoredReport): Record<TableName, Table | null> {
  const out: Record<TableName, Table | null> = { active: null, requests: null, review: null };
  for (const c of r.cells) {
    const t = c.table_name as TableName;
    if (!(t in out)) continue;
    const table = (out[t] ??= {});
    const cell: Cell = { value: c.value, raw: c.raw };
    if (c.blank) cell.blank = true;
    if (c.note) cell.note = c.note;
    if (c.inferred) cell.inferred = true;
    (table[c.row_key] ??= {})[c.col_key] = cell;
  }
  return out;
}

export function storedReportJson(r: StoredReport): ReportWithProvenance {
  const report: Report = {
    agency: r.agency,
    year: r.year,
    title: r.title,
    publishedDate: r.published_date,
    format: r.format as Format | null,
    tableFormats: r.table_formats as Report['tableFormats'],
    ...tablesOf(r),
    findings: r.findings as unknown as Finding[],
  };
  return {
    ...reportToJson(report),
    provenance: {
      source_url: r.source_url,
      document: { ...r.document, download: `/document/${r.document.document_id}` },
      revision: r.revision,
      revisions: r.revisions,
    },
  };
}
