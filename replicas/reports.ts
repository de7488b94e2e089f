// The documents the replica portals publish: the seed reports (real text, golden values), the real reports of
// test/fixtures/realdata, and clearly marked synthetic years for fictional agencies.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTraditional, toSimplified } from '../parsers/normalize/chinese.js';
import {
  ACTIVE_ROWS,
  type Format,
  REQUEST_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  requestRows,
} from '../parsers/schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// The replicas serve the real and seed reports the tests also use: one copy of each, in test/fixtures (at the
// package root, also when this module runs built from dist/replicas/).
export const FIXTURES = path.resolve(here, import.meta.url.endsWith('.ts') ? '..' : '../..', 'test/fixtures');

export type Values = Record<string, Record<string, number | null>>;

/** A report in the golden files' shape: what the page shows and what a correct parse must give back. */
export interface GoldenReport {
  agency: string;
  year: number;
  format: Format;
  active: Values | null;
  requests: Values | null;
  review: Values | null;
}

export interface ReportDoc {
  /** Stable key: seed file stem, realdata name, or `syn-{agency}-{year}`. */
  key: string;
  agency: string;
  year: number;
  title: string;
  /** YYYY-MM-DD */
  publishedDate: string;
  synthetic: boolean;
  golden: GoldenReport;
  /** Narrative paragraphs of parts 一 (before the tables) and 五/六 (after them). */
  intro: string[];
  outro: string[];
  /** Files of the same report (PDF/DOCX/DOC) to serve as attachments, when they exist. */
  attachments: { name: string; file: string }[];
  /** Bumped by a revision on a replica (changes the bytes). */
  revision: number;
  revisionNote?: string;
}

export const SEEDS = {
  szns: '000_9a0889932f31a8f7',
  cqna: '001_036455f488ab67f2',
  sz: '002_9fd4f163df564d66',
  hrbng: '003_80c8b29adc514181',
  gzns: '004_2e72bb84fb1e0d34',
} as const;

/** The six part headings (simplified or traditional); rows like 一、本年新收… inside table 三 are not headings. */
const HEADING =
  /^[\s#]*([一二三四五六])、\s*(?:总体|總體|主动公开|主動公開|收到和处理|收到和處理|.{0,8}行政复议|.{0,8}行政復議|存在|其他需要)/;

function readGolden(file: string): GoldenReport {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const plain = (t: unknown): Values | null => {
    if (!t) return null;
    const out: Values = {};
    for (const [row, cols] of Object.entries(t as Record<string, Record<string, unknown>>)) {
      out[row] = {};
      for (const [col, cell] of Object.entries(cols)) {
        out[row][col] =
          cell === null ? null : typeof cell === 'number' ? cell : ((cell as { value: number | null }).value ?? null);
      }
    }
    return out;
  };
  return {
    agency: json.agency as string,
    year: json.year as number,
    format: json.format as Format,
    active: plain(json.active),
    requests: plain(json.requests),
    review: plain(json.review),
  };
}

/** Split a seed's text into the narrative before part 二 and from part 五 on; the tables are rendered from values. */
function narrative(text: string): { intro: string[]; outro: string[] } {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/^#+\s*/, '').trim());
  const intro: string[] = [];
  const outro: string[] = [];
  let part = 0; // 0 = title, 1 = 一, 2..4 tables, 5/6 outro
  let sawTitle = false;
  for (const line of lines) {
    if (!line) continue;
    const m = HEADING.exec(line);
    if (m) part = '一二三四五六'.indexOf(m[1]) + 1;
    if (part === 0) {
      if (!sawTitle)
        sawTitle = true; // the title line is rendered separately
      else intro.push(line);
    } else if (part === 1) intro.push(line);
    else if (part >= 5) outro.push(line);
  }
  return { intro, outro };
}

function generatedAttachments(stem: string): { name: string; file: string }[] {
  const dir = path.join(FIXTURES, 'generated');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(stem + '.') && /^[^.]+\.(pdf|docx|doc)$/i.test(f))
    .sort()
    .map((f) => ({ name: f, file: path.join(dir, f) }));
}

export function seedReport(stem: string, publishedDate: string, title?: string): ReportDoc {
  const golden = readGolden(path.join(FIXTURES, 'golden', `${stem}.json`));
  // A seed that came through a traditional-character mirror is shown in simplified characters, as the real
  // portals publish it (the tables are rendered in simplified labels too).
  const text = fs.readFileSync(path.join(FIXTURES, 'seeds', `${stem}.txt`), 'utf8');
  const { intro, outro } = narrative(hasTraditional(text) ? toSimplified(text) : text);
  return {
    key: stem,
    agency: golden.agency,
    year: golden.year,
    title: title ?? `${golden.agency}${golden.year}年政府信息公开工作年度报告`,
    publishedDate,
    synthetic: false,
    golden,
    intro,
    outro,
    attachments: generatedAttachments(stem),
    revision: 0,
  };
}

/** A real report of test/fixtures/realdata whose document is served as an attachment. */
export function realdataReport(name: string, publishedDate: string): ReportDoc {
  const golden = readGolden(path.join(FIXTURES, 'realdata', 'golden', `${name}.json`));
  const files = fs
    .readdirSync(path.join(FIXTURES, 'realdata'))
    .filter((f) => f.startsWith(name + '.'))
    .map((f) => ({ name: f, file: path.join(FIXTURES, 'realdata', f) }));
  return {
    key: name,
    agency: golden.agency,
    year: golden.year,
    title: `${golden.agency}${golden.year}年政府信息公开工作年度报告`,
    publishedDate,
    synthetic: false,
    golden,
    intro: [],
    outro: [],
    attachments: files,
    revision: 0,
  };
}

// ---- synthetic years -------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32) so replicas are identical from run to run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

const APPLICANTS = REQUEST_COLUMNS.filter((c) => c !== 'total');

/** Split n into k non-negative parts. */
function split(n: number, k: number, rnd: () => number): number[] {
  const cuts = Array.from({ length: k - 1 }, () => Math.floor(rnd() * (n + 1))).sort((a, b) => a - b);
  const parts: number[] = [];
  let prev = 0;
  for (const c of cuts) {
    parts.push(c - prev);
    prev = c;
  }
  parts.push(n - prev);
  return parts;
}

/**
 * One synthetic year. Every identity of docs/SCHEMA.md holds, and `carriedOver` (the previous year's
 * carried_forward, per applicant column) chains the years.
 */
export function syntheticValues(
  agency: string,
  year: number,
  carriedOver: Record<string, number> | null,
  scale = 1,
): GoldenReport {
  const rnd = prng(hashSeed(`${agency}/${year}`));
  const int = (max: number) => Math.floor(rnd() * (max * scale + 1));
  const format: Format = year >= 2021 ? '2021' : '2019';
  const otherDetailed = format === '2021';
  const rows = requestRows(otherDetailed);
  const resultRows = rows.filter(
    (r) => !['new_received', 'carried_over', 'total_processed', 'carried_forward'].includes(r),
  );
  const requests: Values = Object.fromEntries(rows.map((r) => [r, {} as Record<string, number | null>]));
  for (const col of APPLICANTS) {
    const weight = col === 'natural_person' ? 1 : col === 'commercial' ? 0.3 : 0.05;
    const nr = Math.floor(int(200) * weight);
    const co = carriedOver ? (carriedOver[col] ?? 0) : Math.floor(int(20) * weight);
    const open = nr + co;
    const forward = Math.floor(open * 0.1 * rnd());
    const processed = open - forward;
    // Most applications are granted; spread the rest over a few result rows.
    const parts = split(processed, 6, rnd);
    const targets = [
      'granted',
      'partially_granted',
      'denied.third_party_rights',
      'unable.not_held',
      'not_processed.duplicate',
      otherDetailed ? 'other.other' : 'other',
    ];
    for (const r of resultRows) requests[r][col] = 0;
    parts.forEach((p, i) => (requests[targets[i]][col] = p));
    requests.new_received[col] = nr;
    requests.carried_over[col] = co;
    requests.total_processed[col] = processed;
    requests.carried_forward[col] = forward;
  }
  for (const r of rows) requests[r].total = APPLICANTS.reduce((s, c) => s + (requests[r][c] ?? 0), 0);

  const review: Values = {};
  for (const g of REVIEW_GROUPS) {
    const v = { upheld: int(6), corrected: int(2), other: int(2), pending: int(3) };
    review[g] = { ...v, total: v.upheld + v.corrected + v.other + v.pending };
  }
  void REVIEW_COLUMNS;

  const active: Values = {};
  for (const [row, fields] of Object.entries(ACTIVE_ROWS[format])) {
    active[row] = {};
    for (const f of fields) {
      active[row][f] =
        f === 'change' ? int(40) - 20 : f === 'amount_yuan' ? int(500) * 10000 : row === 'regulations' ? 0 : int(300);
    }
  }
  return { agency, year, format, active, requests, review };
}

/** Marks every synthetic title: synthetic data must never pass for a real agency's. */
export const SYNTHETIC_MARK = '（合成测试数据）';

/** Several chained synthetic years of one fictional agency. */
export function syntheticSeries(
  agency: string,
  years: number[],
  publish: (year: number) => string,
  scale = 1,
): ReportDoc[] {
  const out: ReportDoc[] = [];
  let carried: Record<string, number> | null = null;
  for (const year of [...years].sort((a, b) => a - b)) {
    const golden = syntheticValues(agency, year, carried, scale);
    carried = Object.fromEntries(APPLICANTS.map((c) => [c, golden.requests!.carried_forward[c] ?? 0]));
    out.push({
      key: `syn-${agency}-${year}`,
      agency,
      year,
      title: `${agency}${year}年政府信息公开工作年度报告${SYNTHETIC_MARK}`,
      publishedDate: publish(year),
      synthetic: true,
      golden,
      intro: [
        `本报告为测试用合成数据，${agency}为虚构机构，所有数字均为程序生成，不代表任何真实机构。`,
        `${year}年，${agency}按照《中华人民共和国政府信息公开条例》要求，持续推进政务公开工作。`,
      ],
      outro: [
        '五、存在的主要问题及改进情况',
        '本报告为合成测试数据，无实际问题与改进情况。',
        '六、其他需要报告的事项',
        '本机关本年度未收取信息处理费。',
      ],
      attachments: [],
      revision: 0,
    });
  }
  return out;
}
