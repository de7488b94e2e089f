// CPU cost of starting the `gongkai` command, beside a bare `node -e 0`: the built bin run directly for `--help` and
// for `parse` of a one-page text report (targets: ≤ 3× and ≤ 4× the floor), and for reference the same through tsx
// (how every call ran before the build) and through npx. CPU time (user + system, the process and every process it
// waited for) is what the kernel adds to this process's "children" times when a child is reaped, so it does not depend
// on how busy the machine is the way wall-clock time does.
//   npm run bench:cli -- [--runs 20] [--slow-runs 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'dist/scripts/gongkai.js');
const REPORT = path.join(ROOT, 'test/fixtures/seeds/000_9a0889932f31a8f7.txt');

interface Case {
  name: string;
  command: string[];
  /** Target as a multiple of the floor's CPU, if this case has one. */
  target?: number;
  slow?: boolean;
}

const CASES: Case[] = [
  { name: 'node -e 0', command: [process.execPath, '-e', '0'] },
  { name: 'gongkai --help (built bin)', command: [BIN, '--help'], target: 3 },
  { name: 'gongkai parse report.txt (built bin)', command: [BIN, 'parse', REPORT], target: 4 },
  { name: 'node dist/scripts/gongkai.js parse', command: [process.execPath, BIN, 'parse', REPORT] },
  {
    name: 'tsx scripts/gongkai.ts parse (dev)',
    command: [process.execPath, '--import', 'tsx', 'scripts/gongkai.ts', 'parse', REPORT],
    slow: true,
  },
  { name: 'npx gongkai --help', command: ['npx', '--no-install', 'gongkai', '--help'], slow: true },
];

/** CPU seconds of this process's reaped children (cutime + cstime of /proc/self/stat; USER_HZ = 100). */
function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function cpuOfOneRun(c: Case): number {
  const before = childrenCpuSeconds();
  const [file, ...args] = c.command;
  const out = spawnSync(file!, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (out.status !== 0) {
    throw new Error(`${c.command.join(' ')} exited with ${out.status ?? out.signal}: ${out.stderr.toString().trim()}`);
  }
  return (childrenCpuSeconds() - before) * 1000;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} wants a positive integer`);
  return value;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function main(): void {
  if (!fs.existsSync(BIN)) throw new Error(`${path.relative(ROOT, BIN)} is missing: run \`npm run build\` first`);
  const runs = option('--runs', 20);
  const slowRuns = option('--slow-runs', 3);
  const samples = new Map<Case, number[]>(CASES.map((c) => [c, []]));
  // Interleaved, so that a busy moment of the machine falls on every case alike.
  for (let i = 0; i < runs; i++) {
    for (const c of CASES) {
      if (c.slow && i >= slowRuns) continue;
      samples.get(c)!.push(cpuOfOneRun(c));
    }
  }
  const floor = mean(samples.get(CASES[0]!)!);
  const rows = CASES.map((c) => {
    const xs = samples.get(c)!;
    const ratio = mean(xs) / floor;
    const verdict = c.target === undefined ? '' : ratio <= c.target ? `≤ ${c.target}× ok` : `> ${c.target}× OVER`;
    return [c.name, String(xs.length), mean(xs).toFixed(0), median(xs).toFixed(0), `${ratio.toFixed(2)}×`, verdict];
  });
  const head = ['command', 'runs', 'CPU ms (mean)', 'median', 'vs node -e 0', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`(CPU = user + system of the process and its children; load average ${load}; node ${process.version})`);
}

main();
