// WARC streaming figures: write a large WARC (N responses of ~100 KiB, gzip per record) with crawlers/warc/write.ts,
// then read it back with crawlers/warc/read.ts, printing throughput and the peak RSS of each step — the reader's
// memory must stay flat whatever the file's size. `npm run bench:warc -- [--docs 3000] [--kib 100]`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readWarc } from '../crawlers/warc/read.js';
import { WarcWriter } from '../crawlers/warc/write.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DOCS = arg('--docs', 3000);
const KIB = arg('--kib', 100);

/** HTML that compresses about as well as real report pages (tables of numbers, repeated markup). */
function page(i: number): Uint8Array {
  const rows: string[] = [];
  while (rows.join('').length < KIB * 1024)
    rows.push(`<tr><td>第${rows.length}行</td><td>${crypto.randomInt(1e6)}</td><td>${crypto.randomInt(1e4)}</td></tr>`);
  return new TextEncoder().encode(
    `<html><body><h1>某区${i}年政府信息公开工作年度报告</h1><table>${rows.join('')}</table></body></html>`,
  );
}

function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-warc-'));
const file = path.join(dir, 'bench.warc.gz');
try {
  const pages = Array.from({ length: 20 }, (_, i) => page(i)); // 20 distinct bodies, reused
  const baseline = process.memoryUsage().rss;
  let s = rssSampler();
  let t0 = performance.now();
  const w = await WarcWriter.open(file, 'gongkai bench/warc.ts');
  let bytes = 0;
  for (let i = 0; i < DOCS; i++) {
    const body = pages[i % pages.length];
    bytes += body.byteLength;
    await w.add({
      url: `http://www.example.gov.cn/zfxxgknb/${i}.html`,
      date: new Date(),
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body,
    });
  }
  await w.close();
  let ms = performance.now() - t0;
  let peak = s.stop();
  const size = fs.statSync(file).size;
  console.log(
    `write: ${DOCS} documents, ${mb(bytes)} MiB of payload → ${mb(size)} MiB gzip WARC in ${(ms / 1000).toFixed(1)} s ` +
      `(${(DOCS / (ms / 1000)).toFixed(0)} docs/s, ${mb(bytes / (ms / 1000))} MiB/s); peak RSS ${mb(peak)} MiB (start ${mb(baseline)} MiB)`,
  );

  s = rssSampler();
  t0 = performance.now();
  let n = 0;
  let read = 0;
  for await (const e of readWarc(file)) {
    if (e.kind === 'response') {
      n++;
      read += e.body.byteLength;
    }
  }
  ms = performance.now() - t0;
  peak = s.stop();
  console.log(
    `read:  ${n} responses, ${mb(read)} MiB in ${(ms / 1000).toFixed(1)} s (${(n / (ms / 1000)).toFixed(0)} docs/s, ` +
      `${mb(read / (ms / 1000))} MiB/s); peak RSS ${mb(peak)} MiB`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
