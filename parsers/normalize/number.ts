// A table cell's text → its number. Rules of docs/SCHEMA.md "Cell values".
import { toHalfWidth } from './chinese.js';

export type Unit = 'yuan' | '10k_yuan' | '100m_yuan';

export interface CellValue {
  value: number;
  /** "/", "—", "-", "无" or an empty cell: 0. */
  blank?: boolean;
  /** The text was empty. */
  empty?: boolean;
  /** An annotation beside the number: "92(含撤销件)" → "含撤销件". */
  note?: string;
  /** A money unit written after the number. */
  unit?: Unit;
  /** The text is a number that cannot be kept exactly (more digits than a double holds) or a run of digits no
   *  cell holds: why. `value` is then NaN and the row it is in becomes null (never a rounded or shifted value). */
  unreadable?: string;
}

/** Significant digits a double keeps exactly for any decimal (integers: up to 2^53). */
const EXACT_DIGITS = 15;

/** Why a number written with these digits cannot be kept exactly, or undefined when it can. */
function inexact(intDigits: string, fraction: string): string | undefined {
  const int = intDigits.replace(/^0+/, '');
  if (fraction === '') {
    if (int.length <= EXACT_DIGITS || Number.isSafeInteger(Number(int))) return undefined;
    return `a number of ${int.length} digits, beyond 2^53: it cannot be kept exactly`;
  }
  const significant = (int + fraction).replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length <= EXACT_DIGITS) return undefined;
  return `a number of ${significant.length} significant digits, beyond the ${EXACT_DIGITS} kept exactly`;
}

/** A cell value that cannot be read as a number (see `unreadable`). */
export const unreadableValue = (why: string): CellValue => ({ value: Number.NaN, unreadable: why });

const BLANK = /^(?:\/+|\\|-+|—+|–+|－+|―+|─+|_+|无|無|空|x|X|×|\*)$/;
const NUMBER =
  /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|亿元|元|万|件|条|个|宗|项|次|人|家|%)?(?:[([【]([^)\]】]*)[)\]】])?$/;
const UNITS: Record<string, Unit> = { 元: 'yuan', 万元: '10k_yuan', 万: '10k_yuan', 亿元: '100m_yuan' };

/** The value of a cell's text, or null when the text is not a value (a label, a sentence). */
const DIGITS = /^\d{1,15}$/;

export function parseCellValue(raw: string): CellValue | null {
  if (DIGITS.test(raw)) return { value: Number(raw) };
  const h = toHalfWidth(raw);
  const s = /\s/.test(h) ? h.replace(/\s+/g, '') : h;
  if (s === '') return { value: 0, blank: true, empty: true };
  if (BLANK.test(s)) return { value: 0, blank: true };
  const m = NUMBER.exec(s);
  if (!m) return null;
  if (m[4] === '%') return null;
  const intDigits = m[2]!.replace(/,/g, '');
  const why = inexact(intDigits, m[3]?.slice(1) ?? '');
  if (why) return unreadableValue(why);
  const value = Number(`${m[1]}${intDigits}${m[3] ?? ''}`);
  if (!Number.isFinite(value)) return null;
  const out: CellValue = { value };
  if (m[4] && UNITS[m[4]]) out.unit = UNITS[m[4]];
  if (m[5] !== undefined && m[5].trim() !== '') out.note = m[5].trim();
  return out;
}

const TO_YUAN: Record<Unit, number> = { yuan: 1, '10k_yuan': 1e4, '100m_yuan': 1e8 };

/** Convert a money value to the unit a field is kept in, rounding away binary noise. */
export function convertMoney(value: number, from: Unit | undefined, to: Unit): number {
  if (!from || from === to) return value;
  const v = (value * TO_YUAN[from]) / TO_YUAN[to];
  return Math.round(v * 1e6) / 1e6;
}
