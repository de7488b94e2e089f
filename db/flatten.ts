// A report as rows for the cells table, and the hash that tells whether a parse's output changed.
import crypto from 'node:crypto';
import { reportToJson } from '../parsers/json.js';
import { TABLE_NAMES } from '../parsers/schema.js';
import type { Report } from '../parsers/types.js';

/** Column arrays, ready to be passed as parameters to one INSERT … SELECT FROM unnest(…). */
export interface CellColumns {
  tables: string[];
  rows: string[];
  cols: string[];
  values: (string | null)[];
  raws: string[];
  inferred: boolean[];
  blanks: boolean[];
  notes: (string | null)[];
}

export function flattenCells(report: Report): CellColumns {
  const out: CellColumns = {
    tables: [],
    rows: [],
    cols: [],
    values: [],
    raws: [],
    inferred: [],
    blanks: [],
    notes: [],
  };
  for (const table of TABLE_NAMES) {
    const t = report[table];
    if (!t) continue;
    for (const [row, cols] of Object.entries(t)) {
      for (const [col, cell] of Object.entries(cols)) {
        out.tables.push(table);
        out.rows.push(row);
        out.cols.push(col);
        // Numbers go as text so that the numeric column keeps exactly what the parser read (7730.28 stays 7730.28).
        out.values.push(cell.value === null || !Number.isFinite(cell.value) ? null : String(cell.value));
        out.raws.push(cell.raw ?? '');
        out.inferred.push(cell.inferred === true);
        out.blanks.push(cell.blank === true);
        out.notes.push(cell.note ?? null);
      }
    }
  }
  return out;
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** sha256 of the report's canonical JSON (keys sorted): equal hashes ⇔ the same numbers, texts and findings. */
export function outputHash(report: Report): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(stable(reportToJson(report))))
    .digest('hex');
}
