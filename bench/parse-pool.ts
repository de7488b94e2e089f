// The cost of parsing in a killable process: each document parsed in this process (parseDocument) and through
// the parser pool (a warm parser process: the bytes go over IPC, the outcome comes back), median of BENCH_ROUNDS
// (default 9) after a warm-up; the difference is the hop. Small HTML/text never take the hop (the pool parses
// them inline), so their row shows what the inline path saves. Also: the first parse of a fresh pool (fork +
// loading the parsers in the child). Run: npx tsx bench/parse-pool.ts
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from '../parsers/index.js';
import type { ParseInput } from '../parsers/types.js';
import { DEFAULT_PARSE_LIMITS, INLINE_MAX_BYTES, ParsePool, parsesInline } from '../workers/parse-pool.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'test', 'fixtures');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const read = (...p: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...p)));

const pingtan = read('realdata', 'pingtan-2023.html');
const padded = new Uint8Array(
  Buffer.concat([Buffer.from(pingtan), Buffer.from(`<!--${' '.repeat(INLINE_MAX_BYTES)}-->`)]),
);
const DOCS: { name: string; input: ParseInput }[] = [
  { name: 'seed text (8 KB)', input: { bytes: read('seeds', '000_9a0889932f31a8f7.txt') } },
  { name: 'pingtan page (119 KB)', input: { bytes: pingtan, contentType: 'text/html' } },
  { name: 'pingtan + 256 KiB comment', input: { bytes: padded, contentType: 'text/html' } },
  { name: 'PDF, 5 pages', input: { bytes: read('generated', '000_9a0889932f31a8f7.pdf') } },
  { name: 'DOCX', input: { bytes: read('generated', '000_9a0889932f31a8f7.docx') } },
  { name: 'DOC', input: { bytes: read('generated', '000_9a0889932f31a8f7.doc') } },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const cold = new ParsePool(1, DEFAULT_PARSE_LIMITS);
  const t0 = performance.now();
  await cold.parse(DOCS[3]!.input);
  const coldMs = performance.now() - t0;
  await cold.close();

  const pool = new ParsePool(1, DEFAULT_PARSE_LIMITS);
  console.log(`parse in this process vs through the parser pool: median of ${ROUNDS}, ms (wall)`);
  console.log('document                     path      in-process     pool     hop');
  for (const d of DOCS) {
    for (let i = 0; i < 2; i++) {
      await parseDocument(d.input);
      await pool.parse(d.input);
    }
    const direct: number[] = [];
    const pooled: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      await parseDocument(d.input);
      direct.push(performance.now() - t);
      t = performance.now();
      await pool.parse(d.input);
      pooled.push(performance.now() - t);
    }
    const [a, b] = [median(direct), median(pooled)];
    const path = parsesInline(d.input) ? 'inline' : 'process';
    console.log(
      `${d.name.padEnd(28)} ${path.padEnd(8)} ${a.toFixed(2).padStart(10)} ${b.toFixed(2).padStart(8)} ${(b - a).toFixed(2).padStart(7)}`,
    );
  }
  console.log(`first parse of a fresh pool (fork, load the parsers, the PDF): ${coldMs.toFixed(0)} ms`);
  console.log(`parser process peak RSS: ${pool.peakRssMiB.toFixed(0)} MiB (ceiling ${DEFAULT_PARSE_LIMITS.maxRssMiB})`);
  await pool.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
