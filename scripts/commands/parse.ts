// `gongkai parse <file> [--json]`: one document → the canonical report, as JSON or as readable tables.
// The parsers (pdf.js, mammoth …) load when the command runs, not for `gongkai --help`; documents are parsed
// through the parser pool (workers/parse-pool.ts), as the workers parse them.
import { readFileSync, statSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { REQUEST_COLUMNS, REVIEW_COLUMNS } from '../../parsers/schema.js';
import type { Cell, Finding, ParseInput, Report, Table } from '../../parsers/types.js';
import { displayWidth } from '../output/format.js';

interface ParseOptions {
  json?: boolean;
  contentType?: string;
  agency?: string;
  year?: number;
  region?: string;
}

function align(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return rows
    .map((r) =>
      r
        .map((c, i) =>
          i === 0 ? c + ' '.repeat(widths[i]! - displayWidth(c)) : ' '.repeat(widths[i]! - displayWidth(c)) + c,
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A cell for people: the number; [raw] when printed otherwise; * when inferred; ? when missing. */
export function showCell(cell: Cell | undefined): string {
  if (!cell || cell.value === null) return '?';
  let s = String(cell.value);
  if (cell.raw !== s && cell.raw !== '') s += ` [${cell.raw}]`;
  if (cell.blank && cell.raw === '') s += ' [blank]';
  if (cell.inferred) s += '*';
  return s;
}

function showTable(name: string, table: Table | null, columns?: readonly string[]): string {
  if (!table) return `${name}: none (absent or printed without numbers)`;
  const cols = columns ?? [...new Set(Object.values(table).flatMap((r) => Object.keys(r)))];
  const rows = [['', ...cols]];
  for (const [row, cells] of Object.entries(table)) {
    rows.push([row, ...cols.map((c) => (c in cells ? showCell(cells[c]) : ''))]);
  }
  return `${name}:\n${align(rows).replace(/^/gm, '  ')}`;
}

function showActive(table: Table | null): string {
  if (!table) return showTable('active', null);
  const rows: string[][] = [];
  for (const [row, cells] of Object.entries(table)) {
    rows.push([
      row,
      Object.entries(cells)
        .map(([c, v]) => `${c}=${showCell(v)}`)
        .join('  '),
    ]);
  }
  return `active:\n${rows.map(([r, v]) => `  ${r.padEnd(22)}${v}`).join('\n')}`;
}

function showFinding(f: Finding): string {
  return `  ${f.severity.padEnd(7)} ${f.rule.padEnd(24)} ${f.message}`;
}

export function formatReport(report: Report): string {
  const out = [
    `title:     ${report.title ?? '?'}`,
    `agency:    ${report.agency ?? '?'}`,
    `year:      ${report.year ?? '?'}`,
    `published: ${report.publishedDate ?? '?'}`,
    `format:    ${report.format ?? '?'} (${Object.entries(report.tableFormats)
      .map(([t, f]) => `${t} ${f}`)
      .join(', ')})`,
    '',
    showActive(report.active),
    '',
    showTable('requests', report.requests, REQUEST_COLUMNS),
    '',
    showTable('review', report.review, REVIEW_COLUMNS),
    '',
    report.findings.length
      ? `findings (${report.findings.length}):\n${report.findings.map(showFinding).join('\n')}`
      : 'findings: none',
    '',
    'cells: [raw] as printed when it differs from the number ("/" and blanks are 0), * inferred, ? missing',
  ];
  return out.join('\n');
}

function yearArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1990 || n > 2100) throw new InvalidArgumentError('a year such as 2023');
  return n;
}

async function runParse(file: string, opts: ParseOptions): Promise<void> {
  const fail = (reason: string) => {
    process.stderr.write(`gongkai: ${file}: ${reason}\n`);
    process.exitCode = 1;
  };
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) return fail('is a directory, not a document');
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read: ${(err as Error).message}`,
    );
  }
  const hints: ParseInput['hints'] = {};
  if (opts.agency) hints.agency = opts.agency;
  if (opts.year) hints.year = opts.year;
  if (opts.region) hints.region = opts.region;
  const input: ParseInput = { bytes, fileName: file, contentType: opts.contentType, hints };
  const [{ parsesInline }, { reportToJson }] = await Promise.all([
    import('../../workers/parse-inline.js'),
    import('../../parsers/json.js'),
  ]);
  // As workers parse: small pages and text on this thread (the pool would do the same; not loading it saves start-up
  // CPU), PDFs, Word files and big pages in a parser process with the budget and memory ceiling, so that a document
  // which crashes or hangs the parser still ends in one line (crashed, timeout, too_large).
  const outcome = parsesInline(input)
    ? await (await import('../../parsers/index.js')).parseDocument(input)
    : await import('../../workers/parse-pool.js').then(({ ParsePool }) => {
        const pool = new ParsePool(1);
        return pool.parse(input).finally(() => pool.close());
      });
  if (!outcome.ok) return fail(`${outcome.error.message} (${outcome.error.code})`);
  process.stdout.write(
    opts.json ? `${JSON.stringify(reportToJson(outcome.report), null, 1)}\n` : `${formatReport(outcome.report)}\n`,
  );
}

export function registerParseCommands(program: Command): void {
  program
    .command('parse')
    .description(
      'Parse one annual-report document (text, HTML, PDF, DOCX, DOC) into the canonical report and its findings',
    )
    .argument('<file>', 'the document to parse')
    .option('--json', 'print the report as JSON in the keys of docs/SCHEMA.md')
    .option(
      '--content-type <type>',
      'MIME type (may carry a charset), e.g. "text/html; charset=gbk"; the bytes decide otherwise',
    )
    .option('--agency <name>', 'agency to use when the document does not name one')
    .option('--year <year>', 'report year to use when the document does not give one', yearArg)
    .option('--region <name>', 'city or province, to place a bare district name (南山区 → 深圳市南山区)')
    .addHelpText(
      'after',
      '\nExit status: 0 when the document was parsed (whatever the findings), 1 when it is not a report, empty, unreadable or missing.',
    )
    .action(runParse);
}
