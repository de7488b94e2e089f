import { convertMoney, type Unit } from '../normalize/number.js';
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
