// Group a table's tokens into runs: the labels that name a row, then the values printed for it.
import type { Line, Tok } from './lines.js';
import type { Range } from './sections.js';

export interface Run {
  /** Label keys since the previous run, in reading order (the row's name is usually the last that matches). */
  labels: string[];
  /** Value tokens, empties included (see pickValues). */
  values: Tok[];
  /** From a true grid: empty cells are cells. */
  grid: boolean;
}

export function collectRuns(lines: Line[], range: Range): Run[] {
  const runs: Run[] = [];
  let labels: string[] = [];
  let values: Tok[] = [];
  let grid = false;
  const close = () => {
    if (values.some((v) => !v.value?.empty)) {
      runs.push({ labels, values, grid });
      labels = [];
    }
    values = [];
  };
  for (let i = range.start; i < range.end; i++) {
    const line = lines[i]!;
    if (line.grid) {
      close();
      let last = -1;
      line.toks.forEach((t, j) => {
        if (t.value === null) last = j;
      });
      for (let j = 0; j <= last; j++) if (line.toks[j]!.value === null) labels.push(line.toks[j]!.key);
      const vals = line.toks.slice(last + 1);
      // A labelled grid row whose value cells are all empty is a row of blanks (0), not a header.
      if (vals.some((v) => !v.value?.empty) || (last >= 0 && vals.length > 0)) {
        runs.push({ labels, values: vals, grid: true });
        labels = [];
      }
      continue;
    }
    grid = false;
    for (const t of line.toks) {
      if (t.value === null) {
        if (values.length) close();
        labels.push(t.key);
      } else values.push(t);
    }
    if (line.table) close();
  }
  close();
  return runs;
}

export interface Picked {
  /** Exactly `n` tokens when the run gives `n` values; fewer when cells were lost. */
  values: Tok[];
  /** The run gave more values than the row has columns; the first `n` were kept. */
  extra: number;
}

/** The run's values for a row of `n` columns: empties are layout unless they are needed to make up the row. */
export function pickValues(run: Run, n: number): Picked {
  const all = run.values;
  if (run.grid) {
    if (all.length === n) return { values: all, extra: 0 };
    const filled = all.filter((t) => !t.value?.empty);
    if (filled.length === n) return { values: filled, extra: 0 };
    if (all.length > n) {
      // Leading empties are usually label slots that were not spanned.
      let s = 0;
      while (all.length - s > n && all[s]!.value?.empty) s++;
      if (all.length - s === n) return { values: all.slice(s), extra: 0 };
    }
  }
  const filled = all.filter((t) => !t.value?.empty);
  if (filled.length === n) return { values: filled, extra: 0 };
  let s = 0;
  let e = all.length;
  while (s < e && all[s]!.value?.empty) s++;
  while (e > s && all[e - 1]!.value?.empty) e--;
  const trimmed = all.slice(s, e);
  if (trimmed.length === n) return { values: trimmed, extra: 0 };
  if (filled.length > n) return { values: filled.slice(0, n), extra: filled.length - n };
  return { values: filled, extra: 0 };
}
