// DocModel → Report: the one extractor behind every front end (text, HTML, PDF, DOCX, DOC).
import { DocumentError } from '../errors.js';
import type { DocModel, Finding, ParseInput, Report } from '../types.js';
import { validateReport } from '../validate.js';
import { extractActive } from './active.js';
import { type Line, simplifyModel, toLines } from './lines.js';
import { extractMeta } from './meta.js';
import { extractRequests } from './requests.js';
import { extractReview } from './review.js';
import { findSections } from './sections.js';

const REPORT_TITLE_WORDS = /(?:政府|政务)信息公开.{0,8}年度?报告/;

/** A label run into its numbers ("行政规范性文件10/27", "申请数量58927/2/2620"): a table flattened to text. */
const RUN_TOGETHER = /[\u4e00-\u9fff)）][\d/]{3,}$/;

function cellsRunTogether(lines: Line[]): boolean {
  let n = 0;
  for (const l of lines)
    for (const t of l.toks) if (t.value === null && RUN_TOGETHER.test(t.key) && ++n >= 3) return true;
  return false;
}

function unreadableCells(): DocumentError {
  return new DocumentError(
    'cells_unreadable',
    'the tables are there but their cells run together (a flattened text copy): their numbers cannot be told apart',
  );
}

function runningText(lines: Line[]): string {
  const parts: string[] = [];
  for (const l of lines) if (!l.table) for (const t of l.toks) if (t.value === null) parts.push(t.text);
  return parts.join('\n');
}

export function extractReport(input: DocModel, hints?: ParseInput['hints']): Report {
  const model = simplifyModel(input);
  const lines = toLines(model);
  if (lines.length === 0) throw new DocumentError('empty', 'the document has no text');
  const sections = findSections(lines);
  if (!sections.active && !sections.requests && !sections.review) {
    if (cellsRunTogether(lines)) throw unreadableCells();
    const titled =
      lines.slice(0, 80).some((l) => l.toks.some((t) => REPORT_TITLE_WORDS.test(t.key))) ||
      REPORT_TITLE_WORDS.test(model.title ?? '');
    throw new DocumentError(
      'not_a_report',
      titled
        ? 'titled as an annual report, but parts 二, 三, 四 (its tables) are not in it: they may be images or in an attachment'
        : 'no 政府信息公开工作年度报告 tables (parts 二, 三, 四) were found',
    );
  }
  const body = runningText(lines);
  const meta = extractMeta(lines, body, { title: model.title, publishedDate: model.publishedDate }, hints);
  const fallbackFormat = meta.year !== null && meta.year <= 2020 ? '2019' : '2021';
  const active = extractActive(lines, sections.active, fallbackFormat);
  const format = active.table ? active.format : sections.active ? active.format : fallbackFormat;
  const requests = extractRequests(lines, sections.requests, format);
  const review = extractReview(lines, sections.review);
  if (!active.table && !requests.table && !review.table && cellsRunTogether(lines)) throw unreadableCells();
  if (!active.table && !requests.table && !review.table && !meta.title) {
    throw new DocumentError('not_a_report', 'no numbers in the annual-report tables and no report title');
  }
  const findings: Finding[] = [...meta.findings, ...active.findings, ...requests.findings, ...review.findings];
  const report: Report = {
    agency: meta.agency,
    year: meta.year,
    title: meta.title,
    publishedDate: meta.publishedDate,
    format,
    tableFormats: {
      active: format,
      requests: requests.detailedOther ? '2021' : '2019',
      review: format,
    },
    active: active.table,
    requests: requests.table,
    review: review.table,
    findings,
  };
  report.findings.push(...validateReport(report, body));
  return report;
}
