// Output helpers shared by the commands: aligned tables for people, CSV for machines.

/** Display width of a string in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A plain aligned table; columns whose cells are all numbers (or empty) are right-aligned. */
export function formatTable(headers: string[], rows: string[][]): string {
  const last = headers.length - 1;
  const numeric = headers.map((_, i) => rows.every((r) => /^[-+]?[\d.,]*%?$/.test(r[i] ?? '')));
  // A last column of text is not padded, so a long message does not widen the rule line.
  const widths = headers.map((h, i) =>
    i === last && !numeric[i]
      ? displayWidth(h)
      : Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], numeric[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// CSV lives with the explorer (web/ may not import from scripts/); the commands use the same writer.
export { csvField, toCsv } from '../../web/csv.js';
