// Render every seed and real report as a scan, for the OCR tests: the report's PDF (the seeds' generated PDFs,
// the real hongze PDFs, the pingtan page printed by Chromium) → its table pages rasterized at 150
// and 300 dpi in grey → with the table lines kept or painted out → turned 0.5–1° → JPEG → wrapped as an
// image-only PDF; and the 150-dpi table pages as <img>s in an HTML report page. Written to test/fixtures/ocr/.
// Run: npm run fixtures:ocr   (needs pdftoppm/pdftotext from poppler-utils, ImageMagick's convert, Chromium)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { toSimplified } from '../../parsers/normalize/chinese.js';
import { inkThreshold, readPgms, writePgm } from '../../parsers/ocr/bitmap.js';
import { eraseLines, findLines } from '../../parsers/ocr/rulings.js';
import { jpegsToPdf } from './jpeg-pdf.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const OUT = join(FIXTURES, 'ocr');
export const OCR_DPIS = [150, 300] as const;
/** Low enough to keep the committed fixtures to a few MB, as scanners and portals compress them. */
const JPEG_QUALITY: Record<number, number> = { 150: 50, 300: 35 };
/** The reports whose table pages are also published as <img>s in an HTML page (one seed, one real report). */
const AS_IMAGES = new Set(['000_9a0889932f31a8f7', 'hongze-2023']);

/** Words on the pages that hold the tables (part 二's headers, part 三's rows, part 四's groups). */
const TABLE_WORDS = /本年制发件数|本年新制作数量|处理决定数量|本年新收|不予处理|结果维持|复议后起诉|上年结转|结果纠正/g;

function run(command: string, args: string[], input?: Uint8Array): Buffer {
  return execFileSync(command, args, { input, maxBuffer: 512 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The reports: name (the golden file's) and a PDF of it. */
async function sourcePdfs(): Promise<{ name: string; pdf: Uint8Array }[]> {
  const out: { name: string; pdf: Uint8Array }[] = [];
  for (const f of readdirSync(join(FIXTURES, 'golden')).sort()) {
    const name = f.replace(/\.json$/, '');
    out.push({ name, pdf: readFileSync(join(FIXTURES, 'generated', `${name}.pdf`)) });
  }
  for (const f of readdirSync(join(FIXTURES, 'realdata', 'golden')).sort()) {
    const name = f.replace(/\.json$/, '');
    const golden = JSON.parse(readFileSync(join(FIXTURES, 'realdata', 'golden', f), 'utf8')) as { source: string };
    const source = join(FIXTURES, 'realdata', golden.source);
    if (source.endsWith('.pdf')) out.push({ name, pdf: readFileSync(source) });
    else out.push({ name, pdf: await printHtml(readFileSync(source)) });
  }
  return out;
}

/** An HTML report printed to A4 PDF by Chromium (no network: the page's own text and tables only). */
async function printHtml(html: Uint8Array): Promise<Uint8Array> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(Buffer.from(html).toString('utf8'), { waitUntil: 'domcontentloaded' });
    return await page.pdf({ format: 'A4', printBackground: false });
  } finally {
    await browser.close();
  }
}

/** The pages from the first to the last that hold the tables (agency and year come as hints, as a crawl's
 *  site registry gives them: the title page would double the fixtures' size). */
function pagesToScan(pdf: Uint8Array): number[] {
  const text = run('pdftotext', ['-layout', '-', '-'], pdf).toString('utf8').split('\f');
  // the tables start on a page naming two of their headers (narrative pages may quote one) and end on the last
  // page naming one
  const found = text.map((page) => new Set(toSimplified(page.replace(/\s+/g, '')).match(TABLE_WORDS) ?? []).size);
  const first = found.findIndex((n) => n >= 2);
  const last = found.findLastIndex((n) => n >= 1);
  if (first < 0) throw new Error('no page holds the tables');
  const hits = [first + 1, last + 1];
  const pages: number[] = [];
  for (let p = hits[0]!; p <= hits[1]!; p++) pages.push(p);
  return pages;
}

/** A fixed angle per fixture in ±[0.5, 1.0]°, so re-rendering gives the same files. */
function angleFor(key: string): number {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % 2 ? 1 : -1) * (0.5 + (h % 6) / 10);
}

function scanPage(pgm: Uint8Array, dpi: number, lines: boolean, angle: number): Uint8Array {
  let image = readPgms(pgm)[0]!;
  if (!lines) {
    const threshold = inkThreshold(image);
    image = eraseLines(image, findLines(image, threshold, dpi));
  }
  const args = ['pgm:-', '-background', 'white', '-rotate', angle.toFixed(2), '-quality', String(JPEG_QUALITY[dpi])];
  return run('convert', [...args, 'jpg:-'], writePgm(image));
}

function htmlPage(name: string, images: string[], title: string): string {
  const imgs = images.map((src) => `<p><img src="${src}" alt="表格"></p>`).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="article"><h1>${title}</h1>
<p>本报告的统计表格以图片形式发布。</p>
${imgs}
</div></body></html>
<!-- ${name}: the report's table pages as 150-dpi scans -->`;
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const { name, pdf } of await sourcePdfs()) {
    const pages = pagesToScan(pdf);
    for (const dpi of OCR_DPIS) {
      const rendered = pages.map((p) =>
        run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(p), '-l', String(p), '-'], pdf),
      );
      for (const lines of [true, false]) {
        const key = `${name}.${dpi}.${lines ? 'lines' : 'nolines'}`;
        const jpegs = rendered.map((pgm, i) => scanPage(pgm, dpi, lines, angleFor(`${key}.${i}`)));
        writeFileSync(join(OUT, `${key}.pdf`), jpegsToPdf(jpegs, dpi));
        if (dpi === 150 && lines && AS_IMAGES.has(name)) {
          const srcs = jpegs.map((jpeg, i) => {
            const file = `${name}.page${i + 1}.jpg`;
            writeFileSync(join(OUT, file), jpeg);
            return file;
          });
          const title = run('pdftotext', ['-f', '1', '-l', '1', '-', '-'], pdf).toString('utf8').split('\n')[0]!.trim();
          writeFileSync(join(OUT, `${name}.html`), htmlPage(name, srcs, title));
        }
        process.stdout.write(`${key}.pdf: pages ${pages.join(',')}\n`);
      }
    }
  }
}

await main();
