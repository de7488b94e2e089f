// Benchmark of the PDF, DOCX and DOC front ends: ms per page and per report, and peak RSS while reading a
// 200-page PDF. Run: npm run bench:documents   (targets: ≤ 20 ms per PDF page, peak RSS ≤ 300 MB)
//
// Each row parses the document to the intermediate form (the front end's work) and, where the extractor can
// read it, to a report (parseDocument); wall time and CPU time are both printed, since the machine is shared.
// Rows are steady-state figures, as in a parse thread that has read a few documents before: every document is
// parsed BENCH_WARMUP times (default 3) before any is timed, since V8 takes some ten parses to compile pdf.js's
// hot paths, and then each row is the median of BENCH_ROUNDS rounds (default 7). The first parse of the process
// (pdf.js loaded, its page-reading code not yet compiled) is printed apart.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, toDocModel } from '../parsers/index.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const GENERATED = join(FIXTURES, 'generated');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

/** The kernel's high-water mark of this process's RSS (Linux), or the sampled peak elsewhere. pdf.js talks to
 *  its in-thread worker through microtasks only, so a timer-based sampler may not run during a parse. */
function peakRssNow(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return Math.max(peakRss, process.memoryUsage().rss);
}

interface Doc {
  name: string;
  bytes: Uint8Array;
  pages: number;
}

async function pdfPages(bytes: Uint8Array): Promise<number> {
  const { loadPdfJs } = await import('../parsers/pdf/load.js');
  const pdfjs = await loadPdfJs();
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0 }).promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

async function time(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

function row(cols: (string | number)[]): void {
  console.log(
    cols
      .map((c, i) => (i === 0 ? String(c).padEnd(38) : (typeof c === 'number' ? c.toFixed(1) : c).padStart(13)))
      .join(''),
  );
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchKind(title: string, docs: Doc[]): Promise<void> {
  console.log(`\n${title}`);
  row(['document', 'pages', 'ms/doc', 'ms/page', 'cpu ms/page', 'report ms']);
  for (const d of docs) {
    const walls: number[] = [];
    const cpus: number[] = [];
    const reports: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = await time(() => toDocModel({ bytes: d.bytes, fileName: d.name }));
      walls.push(t.wall);
      cpus.push(t.cpu);
      reports.push((await time(() => parseDocument({ bytes: d.bytes, fileName: d.name }))).wall);
    }
    row([d.name, d.pages, median(walls), median(walls) / d.pages, median(cpus) / d.pages, median(reports)]);
  }
}

/** Parse every document WARMUP times before timing any; returns the first parse of the process. */
async function warmUp(docs: Doc[]): Promise<{ name: string; pages: number; wall: number; cpu: number }> {
  const first = await time(() => toDocModel({ bytes: docs[0]!.bytes, fileName: docs[0]!.name }));
  for (let i = 0; i < WARMUP; i++) for (const d of docs) await toDocModel({ bytes: d.bytes, fileName: d.name });
  return { name: docs[0]!.name, pages: docs[0]!.pages, ...first };
}

async function main(): Promise<void> {
  const files = readdirSync(GENERATED)
    .filter((f) => /^\d{3}_.*\.(pdf|docx|doc)$/.test(f))
    .sort();
  const load = (f: string) => new Uint8Array(readFileSync(join(GENERATED, f)));
  const realPdfs = ['hongze-2023.pdf', 'hongze-2024.pdf'].map((f) => ({
    name: f,
    bytes: new Uint8Array(readFileSync(join(FIXTURES, 'realdata', f))),
  }));
  const pdfs: Doc[] = [];
  for (const d of [...realPdfs, ...files.filter((f) => f.endsWith('.pdf')).map((f) => ({ name: f, bytes: load(f) }))]) {
    pdfs.push({ ...d, pages: await pdfPages(d.bytes) });
  }
  // DOCX/DOC have no pages of their own: the page count of the PDF rendering of the same document is used.
  const pagesOf = (f: string) => pdfs.find((p) => p.name === `${f.slice(0, f.indexOf('.'))}.pdf`)?.pages ?? 1;
  const words = files.filter((f) => !f.endsWith('.pdf')).map((f) => ({ name: f, bytes: load(f), pages: pagesOf(f) }));

  const cold = await warmUp([...pdfs, ...words]);
  await benchKind('PDF', pdfs);
  await benchKind(
    'DOCX',
    words.filter((d) => d.name.endsWith('.docx')),
  );
  await benchKind(
    'DOC',
    words.filter((d) => d.name.endsWith('.doc')),
  );

  // Peak memory on a long document, in a fresh process so that what the rows above left behind does not count.
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--long'], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`long-PDF run failed: ${child.stderr.split('\n')[0]}`);
  const long = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    pages: number;
    wall: number;
    cpu: number;
    peak: number;
    base: number;
  };
  console.log('\nLong PDF (fresh process)');
  row(['document', 'pages', 'ms/doc', 'ms/page', 'cpu ms/page', 'peak RSS MB']);
  row(['long-200.pdf', long.pages, long.wall, long.wall / long.pages, long.cpu / long.pages, long.peak / 1e6]);
  console.log(
    `\nFirst parse of the process (pdf.js code not yet compiled): ${cold.name} ${(cold.wall / cold.pages).toFixed(1)} ms/page, ` +
      `${(cold.cpu / cold.pages).toFixed(1)} cpu ms/page. Rows: median of ${ROUNDS} after ${WARMUP} warm-up passes over all documents.`,
  );
  console.log(
    `RSS of the process before parsing: ${(long.base / 1e6).toFixed(0)} MB. Targets: ≤ 20 ms per PDF page, peak RSS ≤ 300 MB.`,
  );
  console.log("Wall times depend on what else runs on the machine; cpu ms is this process's CPU time.");
  clearInterval(sampler);
}

/** The long-PDF measurement, run in its own process: prints one JSON line. */
async function longOnly(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(join(GENERATED, 'long-200.pdf')));
  const { loadPdfJs } = await import('../parsers/pdf/load.js');
  await loadPdfJs();
  const base = process.memoryUsage().rss;
  peakRss = base;
  const t = await time(() => toDocModel({ bytes, fileName: 'long-200.pdf' }));
  const peak = peakRssNow();
  const pages = await pdfPages(bytes);
  clearInterval(sampler);
  console.log(JSON.stringify({ pages, wall: t.wall, cpu: t.cpu, peak, base }));
}

(process.argv.includes('--long') ? longOnly() : main()).catch((err) => {
  clearInterval(sampler);
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
