// Small numeric helpers: cluster nearby values, merge overlapping intervals.

/** Sorted representatives of values closer than `tol` to their neighbour (each cluster's mean). */
export function clusterValues(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0;
  let n = 0;
  let last = -Infinity;
  for (const v of sorted) {
    if (n > 0 && v - last > tol) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v;
    n++;
    last = v;
  }
  if (n > 0) out.push(sum / n);
  return out;
}

/** Index of the representative (sorted ascending) nearest to v, or -1 when none is within tol. */
export function nearestSorted(reps: number[], v: number, tol: number): number {
  let lo = 0;
  let hi = reps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reps[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  let bestD = tol;
  for (const i of [lo - 1, lo]) {
    if (i < 0 || i >= reps.length) continue;
    const d = Math.abs(reps[i]! - v);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

export interface Interval {
  from: number;
  to: number;
}

/** Merge intervals that overlap or nearly touch (gap ≤ tol). */
export function mergeIntervals(intervals: Interval[], tol: number): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.from <= last.to + tol) last.to = Math.max(last.to, iv.to);
    else out.push({ ...iv });
  }
  return out;
}
