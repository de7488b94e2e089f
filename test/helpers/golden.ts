// Golden files and a cell-by-cell comparison that every parser test (text, HTML, PDF, DOCX, store) can share.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CellJson, jsonCellValue, type ReportJson, reportToJson } from '../../parsers/json.js';
import type { Report } from '../../parsers/types.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A golden file as stored: the report's keys plus free-form notes. Cells are plain numbers (or objects with value). */
export interface Golden {
  source: string;
  agency: string | null;
  year: number | null;
  format: '2019' | '2021' | null;
  active: Record<string, Record<string, CellJson>> | null;
  requests: Record<string, Record<string, CellJson>> | null;
  review: Record<string, Record<string, CellJson>> | null;
  notes?: string[];
  expected_findings?: string[];
  [key: string]: unknown;
}

export interface GoldenCase {
  /** File name without .json, e.g. "000_9a0889932f31a8f7" or "pingtan-2023". */
  name: string;
  /** 'seed' for test/fixtures/golden, 'realdata' for test/fixtures/realdata/golden. */
  set: 'seed' | 'realdata';
  goldenPath: string;
  /** Absolute path of the document the golden describes. */
  sourcePath: string;
  golden: Golden;
}

function loadDir(dir: string, sourceDir: string, set: GoldenCase['set']): GoldenCase[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const goldenPath = join(dir, f);
      const golden = JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden;
      return { name: f.replace(/\.json$/, ''), set, goldenPath, sourcePath: join(sourceDir, golden.source), golden };
    });
}

/** Every golden file: the five seeds and the real documents (pingtan HTML, hongze PDFs). */
export function loadGoldens(): GoldenCase[] {
  return [
    ...loadDir(join(FIXTURES, 'golden'), join(FIXTURES, 'seeds'), 'seed'),
    ...loadDir(join(FIXTURES, 'realdata', 'golden'), join(FIXTURES, 'realdata'), 'realdata'),
  ];
}

/** One golden case by name (e.g. 'pingtan-2023'); throws when there is none. */
export function goldenCase(name: string): GoldenCase {
  const found = loadGoldens().find((g) => g.name === name || g.golden.source === name);
  if (!found) throw new Error(`no golden file named ${name}`);
  return found;
}

function isReport(x: Report | ReportJson): x is Report {
  return 'publishedDate' in x || 'tableFormats' in x;
}

type TableJson = Record<string, Record<string, CellJson>> | null;

function compareTable(
  name: string,
  actual: TableJson | undefined,
  expected: TableJson | undefined,
  out: string[],
): void {
  const exp = expected ?? null;
  const act = actual ?? null;
  if (exp === null) {
    if (act !== null) out.push(`${name}: expected null (table absent or without numbers), got a table`);
    return;
  }
  if (act === null) {
    out.push(`${name}: expected a table, got null`);
    return;
  }
  for (const [row, cols] of Object.entries(exp)) {
    const actRow = act[row];
    if (!actRow) {
      out.push(`${name}.${row}: row missing`);
      continue;
    }
    for (const [col, cell] of Object.entries(cols)) {
      const want = jsonCellValue(cell);
      const got = jsonCellValue(actRow[col]);
      if (got === undefined) out.push(`${name}.${row}.${col}: cell missing (expected ${want})`);
      else if (got !== want) out.push(`${name}.${row}.${col}: expected ${want}, got ${got}`);
    }
    for (const col of Object.keys(actRow)) if (!(col in cols)) out.push(`${name}.${row}.${col}: unexpected column`);
  }
  for (const row of Object.keys(act)) if (!(row in exp)) out.push(`${name}.${row}: unexpected row`);
}

/** Every difference between a parsed report (Report or its JSON) and a golden file, one readable line each;
 *  [] when every cell of active/requests/review, the agency, year and format agree. */
export function compareToGolden(reportOrJson: Report | ReportJson, golden: Golden): string[] {
  const json = isReport(reportOrJson) ? reportToJson(reportOrJson) : reportOrJson;
  const out: string[] = [];
  if (json.agency !== golden.agency) out.push(`agency: expected ${golden.agency}, got ${json.agency}`);
  if (json.year !== golden.year) out.push(`year: expected ${golden.year}, got ${json.year}`);
  if (json.format !== golden.format) out.push(`format: expected ${golden.format}, got ${json.format}`);
  compareTable('active', json.active, golden.active, out);
  compareTable('requests', json.requests, golden.requests, out);
  compareTable('review', json.review, golden.review, out);
  return out;
}
