// The canonical cell keys of parsers/schema.ts in display order, both templates (2019 and 2021) together.

import type { TableName } from '../parsers/schema.js';
import {
  ACTIVE_ROWS,
  OTHER_ROW_SINGLE,
  OTHER_ROWS_DETAILED,
  REQUEST_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  requestRows,
} from '../parsers/schema.js';

export interface CellKey {
  table: TableName;
  row: string;
  col: string;
}

function activeKeys(): CellKey[] {
  const seen = new Set<string>();
  const out: CellKey[] = [];
  for (const format of ['2021', '2019'] as const) {
    for (const [row, cols] of Object.entries(ACTIVE_ROWS[format])) {
      for (const col of cols) {
        if (seen.has(`${row}.${col}`)) continue;
        seen.add(`${row}.${col}`);
        out.push({ table: 'active', row, col });
      }
    }
  }
  // Group each row's fields together (the 2019 fields of `regulations` next to its 2021 ones).
  const rowOrder = [...new Set(out.map((k) => k.row))];
  return rowOrder.flatMap((row) => out.filter((k) => k.row === row));
}

/** Both shapes of （六）其他处理: the single 2019 row first, then the three 2021 rows. */
export function allRequestRows(): string[] {
  const detailed = requestRows(true);
  const at = detailed.indexOf(OTHER_ROWS_DETAILED[0]);
  return [...detailed.slice(0, at), OTHER_ROW_SINGLE, ...detailed.slice(at)];
}

export function canonicalCellKeys(): CellKey[] {
  return [
    ...activeKeys(),
    ...allRequestRows().flatMap((row) => REQUEST_COLUMNS.map((col) => ({ table: 'requests' as const, row, col }))),
    ...REVIEW_GROUPS.flatMap((row) => REVIEW_COLUMNS.map((col) => ({ table: 'review' as const, row, col }))),
  ];
}

/** The wide views' column name of a cell: `{row}_{col}` with dots as underscores. */
export function wideColumnName(key: Pick<CellKey, 'row' | 'col'>): string {
  return `${key.row}_${key.col}`.replace(/\./g, '_');
}
