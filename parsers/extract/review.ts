// Part 四 (行政复议、行政诉讼): fifteen numbers in reading order, three groups of five.
import { REVIEW_COLUMNS, REVIEW_GROUPS } from '../schema.js';
import type { Finding, Table } from '../types.js';
import { cellFromTok, nullCell, type TableResult, unreadableFinding, unreadableIn } from './cells.js';
import type { Line, Tok } from './lines.js';
import { collectRuns, pickValues } from './runs.js';
import type { Range } from './sections.js';

const COUNT = REVIEW_GROUPS.length * REVIEW_COLUMNS.length;
const HEADER_WORDS = /结果维持|结果纠正|尚未审结|行政复议|行政诉讼/;

export function extractReview(lines: Line[], range: Range | null): TableResult {
  const findings: Finding[] = [];
  if (!range) {
    findings.push({
      rule: 'table.missing',
      severity: 'error',
      table: 'review',
      message: 'part 四 (行政复议、行政诉讼情况) was not found: its cells are null',
    });
    return { table: null, findings };
  }
  const values: Tok[] = [];
  const runs = collectRuns(lines, range);
  // A grid row or a text run of exactly 5 or 15 keeps its blanks; otherwise blanks are layout.
  for (const run of runs) {
    const want = run.values.length >= COUNT ? COUNT : run.values.length >= 10 ? 10 : 5;
    const picked = pickValues(run, want);
    values.push(...picked.values);
  }
  if (values.every((t) => t.value!.empty)) {
    let headers = false;
    for (let i = range.start; i < range.end && !headers; i++)
      headers = lines[i]!.toks.some((t) => HEADER_WORDS.test(t.key) && t.key.length < 30);
    findings.push(
      headers
        ? {
            rule: 'table.empty',
            severity: 'error',
            table: 'review',
            message: 'part 四 prints its headers but no numbers: its cells are null, not zeros',
          }
        : {
            rule: 'table.missing',
            severity: 'error',
            table: 'review',
            message: 'part 四 has no table: its cells are null',
          },
    );
    return { table: null, findings };
  }
  if (values.length !== COUNT) {
    findings.push({
      rule: 'table.incomplete',
      severity: 'error',
      table: 'review',
      expected: COUNT,
      actual: values.length,
      message: `part 四 gives ${values.length} numbers where the table has ${COUNT}; its cells are null`,
    });
    return { table: null, findings };
  }
  const table: Table = {};
  REVIEW_GROUPS.forEach((g, gi) => {
    table[g] = {};
    const group = values.slice(gi * REVIEW_COLUMNS.length, (gi + 1) * REVIEW_COLUMNS.length);
    const bad = unreadableIn(group);
    if (bad) findings.push(unreadableFinding('review', g, bad));
    REVIEW_COLUMNS.forEach((c, ci) => (table[g]![c] = bad ? nullCell() : cellFromTok(group[ci]!)));
  });
  return { table, findings };
}
