// npm run bench:parse — median time per report for every fixture, beside a bare cheerio.load of the same HTML
// (the floor no HTML parser can beat). Targets: HTML ≤ 2× the floor; text layouts ≤ 1 ms per report.
// BENCH_ROUNDS=n (default 200) and BENCH_ONLY=regex (fixture names) narrow a run.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as cheerio from 'cheerio';
import { parseDocument } from '../parsers/index.js';
import { hasTraditional } from '../parsers/normalize/chinese.js';
import { loadGoldens } from '../test/helpers/golden.js';
import { renderReportHtml } from '../test/helpers/render-html.js';

interface Fixture {
  name: string;
  kind: 'text' | 'html';
  bytes: Buffer;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median times of `fns`, run interleaved round by round so that load from other processes hits all alike. */
async function timeAll(fns: (() => unknown)[]): Promise<number[]> {
  for (let i = 0; i < Math.min(20, ROUNDS); i++) for (const fn of fns) await fn(); // warm-up: JIT, dictionaries
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      times[k]!.push(performance.now() - t0);
    }
  }
  return times.map(median);
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const g of loadGoldens()) {
    if (g.sourcePath.endsWith('.pdf')) continue;
    const bytes = readFileSync(g.sourcePath);
    out.push({ name: g.name, kind: g.sourcePath.endsWith('.html') ? 'html' : 'text', bytes });
    if (g.set === 'seed') {
      const seed = bytes.toString('utf8');
      const html = renderReportHtml(g.golden, seed, { traditional: hasTraditional(seed), portal: true });
      out.push({ name: `${g.name} (Word HTML)`, kind: 'html', bytes: Buffer.from(html) });
    }
  }
  return out;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const ok = { text: true, html: true };
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
  const list = fixtures().filter((f) => !only || only.test(f.name));
  process.stderr.write(`benchmarking ${list.length} fixtures, ${ROUNDS} rounds each…\n`);
  for (const [i, f] of list.entries()) {
    process.stderr.write(`  [${i + 1}/${list.length}] ${f.name}\n`);
    const outcome = await parseDocument({ bytes: f.bytes, fileName: f.name });
    if (!outcome.ok) throw new Error(`${f.name}: ${outcome.error.message}`);
    const run = () => parseDocument({ bytes: f.bytes, fileName: f.name });
    const html = f.bytes.toString('utf8');
    const [parse, floor] =
      f.kind === 'html' ? await timeAll([run, () => cheerio.load(html)]) : [...(await timeAll([run])), NaN];
    const ratio = parse / floor;
    if (f.kind === 'html' && ratio > 2) ok.html = false;
    if (f.kind === 'text' && parse > 1) ok.text = false;
    rows.push([
      f.name,
      f.kind,
      String(f.bytes.length),
      parse.toFixed(3),
      Number.isNaN(floor) ? '-' : floor.toFixed(3),
      Number.isNaN(floor) ? '-' : `${ratio.toFixed(2)}×`,
    ]);
  }
  const head = ['fixture', 'kind', 'bytes', 'parse ms', 'cheerio.load ms', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, i >= 2)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  console.log(
    `median over ${ROUNDS} runs per fixture, parse and floor interleaved (Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  console.log(`text layouts ≤ 1 ms per report: ${ok.text ? 'met' : 'MISSED'}`);
  console.log(`HTML ≤ 2× cheerio.load:         ${ok.html ? 'met' : 'MISSED'}`);
}

main().catch((err: unknown) => {
  console.error(`bench:parse: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
