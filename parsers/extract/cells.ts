import { convertMoney, type Unit } from '../normalize/number.js';
import type { TableName } from '../schema.js';
import type { Cell, Finding, Table } from '../types.js';
import type { Tok } from './lines.js';

export function cellFromTok(t: Tok, money?: Unit): Cell {
  const v = t.value!;
  const cell: Cell = { value: money ? convertMoney(v.value, v.unit, money) : v.value, raw: t.text };
  if (v.blank) cell.blank = true;
  if (v.note) cell.note = v.note;
  return cell;
}

export const nullCell = (): Cell => ({ value: null, raw: '' });

/** A table with every cell null: the table is absent or printed without numbers. */
export function nullTable(rows: Record<string, readonly string[]>): Table {
  const t: Table = {};
  for (const [row, cols] of Object.entries(rows)) {
    t[row] = {};
    for (const c of cols) t[row][c] = nullCell();
  }
  return t;
}

export interface TableResult {
  table: Table | null;
  findings: Finding[];
}

/** The first value of a row that cannot be read (see CellValue.unreadable), if any. */
export function unreadableIn(values: Tok[]): Tok | undefined {
  return values.find((t) => t.value?.unreadable);
}

/** The error finding of a row made null because one of its cells cannot be read. */
export function unreadableFinding(table: TableName, row: string, bad: Tok): Finding {
  return {
    rule: 'cell.unreadable',
    severity: 'error',
    table,
    row,
    message: `${table}.${row}: a cell cannot be read (${bad.value!.unreadable}); the row is null rather than rounded or shifted`,
  };
}
