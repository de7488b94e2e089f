// What the explorer can chart: one stored cell (`requests.new_received.total`) or a key figure that sums several
// cells of a report (all 不予公开 rows, say). A figure is null for a report that has none of its cells.
import type { CellKeyInfo } from '../db/explorer.js';

export class BadRequest extends Error {}

export interface Metric {
  id: string;
  label: string;
  keyIds: number[];
}

interface FigureDef {
  id: string;
  label: string;
  /** Which cells add up to the figure. */
  matches: (k: CellKeyInfo) => boolean;
}

const total = (table: string, row: string) => (k: CellKeyInfo) =>
  k.table === table && k.row === row && k.col === 'total';
const group = (prefix: string) => (k: CellKeyInfo) =>
  k.table === 'requests' && k.row.startsWith(`${prefix}.`) && k.col === 'total';

/** The agency page's key figures, in display order. */
export const KEY_FIGURES: readonly FigureDef[] = [
  { id: 'new_received', label: '本年新收申请', matches: total('requests', 'new_received') },
  { id: 'granted', label: '予以公开', matches: total('requests', 'granted') },
  { id: 'denied', label: '不予公开', matches: group('denied') },
  { id: 'unable', label: '无法提供', matches: group('unable') },
  { id: 'not_processed', label: '不予处理', matches: group('not_processed') },
  { id: 'carried_forward', label: '结转下年度', matches: total('requests', 'carried_forward') },
  { id: 'reviews', label: '行政复议', matches: total('review', 'review') },
  {
    id: 'lawsuits',
    label: '行政诉讼',
    matches: (k) =>
      k.table === 'review' &&
      (k.row === 'litigation_direct' || k.row === 'litigation_after_review') &&
      k.col === 'total',
  },
  { id: 'corrected', label: '复议诉讼结果纠正', matches: (k) => k.table === 'review' && k.col === 'corrected' },
];

export const DEFAULT_METRIC = 'requests.new_received.total';

export function cellLabel(k: CellKeyInfo): string {
  return `${k.rowLabel ?? k.row}（${k.colLabel ?? k.col}）`;
}

/** The keys and their labels, loaded once; resolves metric names from URLs. */
export class MetricCatalog {
  private readonly byName = new Map<string, CellKeyInfo>();
  constructor(readonly keys: CellKeyInfo[]) {
    for (const k of keys) this.byName.set(`${k.table}.${k.row}.${k.col}`, k);
  }

  figures(): Metric[] {
    return KEY_FIGURES.map((f) => ({ id: f.id, label: f.label, keyIds: this.keys.filter(f.matches).map((k) => k.id) }));
  }

  /** A key figure's id or a cell's `table.row.col`; a clear error otherwise. */
  resolve(id: string): Metric {
    const figure = KEY_FIGURES.find((f) => f.id === id);
    if (figure) return { id, label: figure.label, keyIds: this.keys.filter(figure.matches).map((k) => k.id) };
    const key = this.byName.get(id);
    if (!key)
      throw new BadRequest(`未知指标 metric "${id}"：应为关键指标名（如 denied）或 表.行.列（如 ${DEFAULT_METRIC}）`);
    return { id, label: cellLabel(key), keyIds: [key.id] };
  }

  /** Every metric a form can offer: the key figures, then each requests total and each review cell. */
  choices(): { id: string; label: string }[] {
    const cells = this.keys
      .filter((k) => k.id < 1000 && ((k.table === 'requests' && k.col === 'total') || k.table === 'review'))
      .map((k) => ({ id: `${k.table}.${k.row}.${k.col}`, label: `${cellLabel(k)} ${k.table}.${k.row}.${k.col}` }));
    return [...KEY_FIGURES.map((f) => ({ id: f.id, label: `关键指标：${f.label}` })), ...cells];
  }
}

/** The sum of a metric's cells in one report (null when none of them holds a number). */
export function metricValue(metric: Metric, cells: Map<number, number | null> | undefined): number | null {
  if (!cells) return null;
  let sum: number | null = null;
  for (const id of metric.keyIds) {
    const v = cells.get(id);
    if (v !== null && v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum === null ? null : tidy(sum);
}

/** Sums and differences of decimals (万元 amounts) without binary noise: 0.1 + 0.2 is 0.3. */
export function tidy(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export interface YoyPoint {
  year: number;
  value: number | null;
  prev_value: number | null;
  change: number | null;
  pct_change: number | null;
}

/** Year-over-year as the yoy view computes it: against the year just before, a percentage rounded to 2 places. */
export function yoySeries(values: Map<number, number | null>): YoyPoint[] {
  const years = [...values.keys()].sort((a, b) => a - b);
  return years.map((year) => {
    const value = values.get(year) ?? null;
    const prev = values.has(year - 1) ? (values.get(year - 1) ?? null) : null;
    const change = value !== null && prev !== null ? tidy(value - prev) : null;
    const pct = change !== null && prev !== null && prev !== 0 ? Math.round((10000 * change) / prev) / 100 : null;
    return { year, value, prev_value: prev, change, pct_change: pct };
  });
}
