// bench:ocr — every OCR fixture (test/fixtures/ocr, `npm run fixtures:ocr`) read by OCR, one at a time: CPU
// seconds per page (this process and the pdftoppm/Tesseract processes it ran), peak RSS of this process plus
// its running children (sampled every 50 ms), and how many came out exact, unverified or wrong.
// Run: npm run bench:ocr [-- 300] [-- lines]   (filters on the fixture name)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../parsers/index.js';
import { compareToGolden, goldenCase } from '../test/helpers/golden.js';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'ocr');

/** This process's CPU seconds plus those of its children that have ended (utime, stime, cutime, cstime). */
function cpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

/** RSS in MiB of this process and every running descendant. */
function treeRssMiB(): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      rss.set(Number(entry), (Number(f[21]) * 4096) / 1024 / 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function pageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type \/Page\b/g) ?? []
  ).length;
}

interface Row {
  name: string;
  dpi: number;
  pages: number;
  cpu: number;
  wall: number;
  peak: number;
  result: 'exact' | 'unverified' | 'wrong' | 'other';
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.pdf') && filters.every((x) => f.includes(x)))
    .sort();
  const rows: Row[] = [];
  for (const file of files) {
    const name = file.split('.')[0]!;
    const dpi = Number(file.split('.')[1]);
    const golden = goldenCase(name).golden;
    const bytes = readFileSync(join(DIR, file));
    let peak = treeRssMiB();
    const poll = setInterval(() => {
      peak = Math.max(peak, treeRssMiB());
    }, 50);
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    const out = await parseDocument({
      bytes,
      hints: { agency: golden.agency ?? undefined, year: golden.year ?? undefined },
    });
    const wall = (performance.now() - t0) / 1000;
    clearInterval(poll);
    const cpu = cpuSeconds() - cpu0;
    let result: Row['result'] = 'other';
    if (out.ok) result = compareToGolden(out.report, golden).length === 0 ? 'exact' : 'wrong';
    else if (out.error.code === 'ocr_unverified') result = 'unverified';
    const pages = pageCount(bytes);
    rows.push({ name: file, dpi, pages, cpu, wall, peak, result });
    const why = out.ok ? '' : ` ${out.error.code}: ${out.error.message.slice(0, 120)}`;
    console.log(
      `${file.padEnd(42)} ${pages} p  cpu ${(cpu / pages).toFixed(2)} s/page  wall ${wall.toFixed(1)} s  peak ${peak.toFixed(0)} MiB  ${result}${why}`,
    );
  }
  for (const dpi of [...new Set(rows.map((r) => r.dpi))]) {
    for (const lines of ['lines', 'nolines']) {
      const set = rows.filter((r) => r.dpi === dpi && r.name.includes(`.${lines}.`));
      if (!set.length) continue;
      const pages = set.reduce((s, r) => s + r.pages, 0);
      const cpu = set.reduce((s, r) => s + r.cpu, 0);
      const count = (k: Row['result']) => set.filter((r) => r.result === k).length;
      console.log(
        `${dpi} dpi ${lines.padEnd(7)}: ${set.length} fixtures, ${pages} pages, ${(cpu / pages).toFixed(2)} s CPU/page, ` +
          `peak RSS ${Math.max(...set.map((r) => r.peak)).toFixed(0)} MiB; exact ${count('exact')}, unverified ` +
          `${count('unverified')}, wrong ${count('wrong')}, other ${count('other')}`,
      );
    }
  }
}

await main();
