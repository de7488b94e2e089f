// The bad-input corpus: hostile or broken documents, generated at test time (nothing large is committed).
// Each entry says what an honest outcome is: a parse failure (with the codes that fit), a report (with findings
// where something is off), or either. Sizes are real: the 50 MB page is 50 MB.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import type { ParseErrorCode } from '../../parsers/types.js';
import { hugeFatDoc, loopingFatDoc } from './ole.js';
import { makePdf, nestedFormsPdf, onePagePdf, rulingFloodPdf, selfDrawingFormPdf, twoLayerFlatePdf } from './pdf.js';
import { bigTableDocx, makeDocx, repeatedImageDocx, wordXml } from './zip.js';

export type Expect = 'failure' | 'report' | 'either';

export interface HostileDoc {
  name: string;
  /** What the document is and why it is hostile. */
  about: string;
  make(): Buffer | Promise<Buffer>;
  contentType?: string;
  fileName?: string;
  expect: Expect;
  /** For a failure: the error codes that are honest for it (any code when omitted). */
  codes?: ParseErrorCode[];
  /** Generous bound on the wall time of one parse. */
  maxMs?: number;
}

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel));
/** A real seed report as text (南山区 2023). */
export const seedText = () => read('seeds/000_9a0889932f31a8f7.txt').toString('utf8');
const pingtan = () => read('realdata/pingtan-2023.html');
const hongze = () => read('realdata/hongze-2023.pdf');
const MB = 1024 * 1024;

/** Deterministic pseudo-random bytes (no flaky corpus). */
export function noise(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** `mib` MiB of one byte value, deflated in 1 MiB chunks (the bomb is never whole in memory). */
export async function deflateRepeated(byte: number, mib: number, format: 'raw' | 'zlib'): Promise<Buffer> {
  const z = format === 'raw' ? zlib.createDeflateRaw({ level: 9 }) : zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => z.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(MB, byte);
  for (let i = 0; i < mib; i++) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return Buffer.concat(out);
}

/** The seed with its first `count` table values (tab-separated numbers) replaced. */
function seedWithCells(replace: (value: string, k: number) => string, count = 1): string {
  let k = 0;
  return seedText().replace(/\t(\d+)(?=\t|$)/gm, (m, v: string) => (k < count ? `\t${replace(v, k++)}` : m));
}

const htmlPage = (body: string, head = '<meta charset="utf-8">') =>
  `<!DOCTYPE html><html><head>${head}<title>某某区2023年政府信息公开工作年度报告</title></head><body>${body}</body></html>`;

function bigTableHtml(rows: number, cols: number): string {
  const head = `<tr>${Array.from({ length: cols }, (_, c) => `<th>列${c}</th>`).join('')}</tr>`;
  const row = (r: number) =>
    `<tr>${Array.from({ length: cols }, (_, c) => `<td>${(r * 7 + c) % 1000}</td>`).join('')}</tr>`;
  return `<table>${head}${Array.from({ length: rows }, (_, r) => row(r)).join('')}</table>`;
}

/** A 22-digit number, beyond what a double keeps exactly (it would be stored as 10000000000000000000000). */
export const DIGITS_22 = '1000000000000000000001';

/** The seed with new_received.commercial printed as a 22-digit number. */
export const seedWith22Digits = () =>
  seedText().replace(/(本年新收政府信息公开申请数量\t\t\d+\t)\d+/, `$1${DIGITS_22}`);

/** The real 平潭 page with new_received.commercial (printed 1) replaced by 5 MB of spaced digits. */
export function pingtanWithHugeCell(): Buffer {
  const html = pingtan().toString('utf8');
  const at = html.indexOf('本年新收政府信息公开申请数量');
  const cell = '<p style="text-indent: 0em;">1</p>';
  const k = html.indexOf(cell, at);
  const huge = '1 2 3 4 5 6 7 8 9 0 '.repeat((5 * 1000 * 1000) / 20);
  return Buffer.from(`${html.slice(0, k)}<p>${huge}</p>${html.slice(k + cell.length)}`);
}

/** The seed with its agency and title wrapped in bidi overrides and other invisible format characters. */
export const seedWithBidiNames = () =>
  seedText().replace(/南山区/g, (m, at: number) => (at < 400 ? `\u202e\u200b${m}\u2066\u202c` : m));

export function hostileCorpus(): HostileDoc[] {
  const docs: HostileDoc[] = [
    // ---------------------------------------------------------------- empty and nearly empty
    { name: 'empty', about: '0 bytes', make: () => Buffer.alloc(0), expect: 'failure', codes: ['empty'] },
    {
      name: 'whitespace-only',
      about: 'spaces, tabs and newlines',
      make: () => Buffer.from(' \t\r\n'.repeat(5000)),
      expect: 'failure',
      codes: ['empty', 'not_a_report'],
    },
    {
      name: 'bom-only',
      about: 'a UTF-8 byte order mark and nothing else',
      make: () => Buffer.from([0xef, 0xbb, 0xbf]),
      expect: 'failure',
      codes: ['empty', 'not_a_report'],
    },
    {
      name: 'html-skeleton',
      about: 'an HTML page with no body text',
      make: () => Buffer.from(htmlPage('')),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['empty', 'not_a_report'],
    },

    // ---------------------------------------------------------------- malformed HTML
    {
      name: 'html-truncated',
      about: 'the real 平潭 page cut off at 40%',
      make: () => {
        const b = pingtan();
        return b.subarray(0, Math.floor(b.length * 0.4));
      },
      contentType: 'text/html',
      expect: 'either',
    },
    {
      name: 'html-tag-soup',
      about: 'unclosed and misnested table tags around the seed text',
      make: () =>
        Buffer.from(
          htmlPage(
            `<table><tr><td><div><table><tr><td>${seedText().split('\n').join('</td><td><p><b><i>')}</table></tr></p></div></td></span></table></tr>`,
          ),
        ),
      contentType: 'text/html',
      expect: 'either',
    },
    {
      name: 'html-deep-div',
      about: '100,000 nested <div> elements',
      make: () =>
        Buffer.from(htmlPage('<div>'.repeat(100_000) + '2023年政府信息公开工作年度报告' + '</div>'.repeat(100_000))),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['timeout', 'not_a_report', 'unreadable', 'too_large'],
      maxMs: 60_000,
    },
    {
      name: 'html-deep-unclosed',
      about: '100,000 nested unclosed <span><b> (the parser must close them itself)',
      make: () => Buffer.from(htmlPage('<span><b>'.repeat(50_000) + '文字')),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['timeout', 'not_a_report', 'unreadable', 'too_large'],
      maxMs: 60_000,
    },
    {
      name: 'html-deep-tables',
      about: '20,000 tables nested cell in cell',
      make: () => Buffer.from(htmlPage('<table><tr><td>'.repeat(20_000) + '1' + '</td></tr></table>'.repeat(20_000))),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report', 'unreadable', 'too_large'],
    },
    {
      name: 'html-50mb',
      about: 'a 50 MB page of paragraphs',
      make: () => {
        const p = '<p>' + '政府信息公开工作平稳有序推进，各项数据详见下表。'.repeat(20) + '</p>\n';
        return Buffer.from(htmlPage(p.repeat(Math.ceil((50 * 1000 * 1000) / Buffer.byteLength(p)))));
      },
      contentType: 'text/html',
      expect: 'failure',
      codes: ['timeout', 'not_a_report', 'too_large'],
      maxMs: 120_000,
    },
    {
      name: 'html-thousands-of-rows',
      about: 'a table of 20,000 rows × 8 columns',
      make: () => Buffer.from(htmlPage(bigTableHtml(20_000, 8))),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report', 'too_large'],
    },
    {
      name: 'html-huge-spans',
      about: 'cells with colspan/rowspan of 99,999,999',
      make: () =>
        Buffer.from(
          htmlPage(
            `<table>${'<tr><td colspan="99999999" rowspan="99999999">1</td><td rowspan="2147483647">2</td></tr>'.repeat(300)}</table>`,
          ),
        ),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report', 'too_large'],
    },
    {
      name: 'html-wide-table',
      about: 'one row of 50,000 cells',
      make: () => Buffer.from(htmlPage(`<table><tr>${'<td>9</td>'.repeat(50_000)}</tr></table>`)),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report', 'too_large'],
    },
    {
      name: 'html-entity-storm',
      about: 'invalid, huge and NUL character references',
      make: () => Buffer.from(htmlPage('&#0;&#x110000;&#99999999999999;&#xD800;&bogus;&amp'.repeat(20_000))),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report'],
    },
    {
      name: 'html-entity-bomb-doctype',
      about: 'a billion-laughs DOCTYPE (HTML has no entity expansion)',
      make: () =>
        Buffer.from(
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><html><body><p>&lol9;</p></body></html>`,
        ),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report'],
    },
    {
      name: 'html-report-in-script',
      about: 'the seed report inside <script> and <style> only (not content)',
      make: () =>
        Buffer.from(
          htmlPage(
            `<script>var s = ${JSON.stringify(seedText())};</script><style>/*${seedText().replace(/\*\//g, '')}*/</style>`,
          ),
        ),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report', 'empty'],
    },
    {
      name: 'html-attribute-flood',
      about: 'a tag with 100,000 attributes',
      make: () =>
        Buffer.from(htmlPage(`<div ${Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(' ')}>文</div>`)),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['not_a_report'],
    },

    // ---------------------------------------------------------------- charsets
    {
      name: 'charset-lying-gbk',
      about: 'the real 平潭 page (UTF-8) served as Content-Type gbk',
      make: pingtan,
      contentType: 'text/html; charset=gbk',
      expect: 'report',
    },
    {
      name: 'charset-lying-utf8',
      about: 'the 平潭 page in GBK bytes under Content-Type and <meta> utf-8',
      make: () => iconv.encode(pingtan().toString('utf8'), 'gbk'),
      contentType: 'text/html; charset=utf-8',
      expect: 'report',
    },
    {
      name: 'charset-unknown',
      about: 'the 平潭 page in GBK under a charset nobody knows',
      make: () =>
        iconv.encode(
          pingtan()
            .toString('utf8')
            .replace(/charset="?utf-8"?/i, 'charset="x-klingon-9"'),
          'gbk',
        ),
      contentType: 'text/html; charset=x-klingon-9',
      expect: 'report',
    },
    {
      name: 'utf16le-no-bom',
      about: 'the seed as UTF-16LE without a byte order mark',
      make: () => Buffer.from(seedText(), 'utf16le'),
      contentType: 'text/plain',
      expect: 'report',
    },
    {
      name: 'utf16be-no-bom',
      about: 'the 平潭 page as UTF-16BE without a byte order mark',
      make: () => Buffer.from(pingtan().toString('utf8'), 'utf16le').swap16(),
      expect: 'report',
    },
    {
      name: 'utf32',
      about: 'the seed as UTF-32LE',
      make: () => {
        const cps = [...seedText()].map((c) => c.codePointAt(0)!);
        const b = Buffer.alloc(cps.length * 4);
        cps.forEach((c, i) => b.writeUInt32LE(c, i * 4));
        return b;
      },
      expect: 'either',
    },
    {
      name: 'utf8-invalid-sequences',
      about: 'the seed with invalid UTF-8 bytes sprinkled in',
      make: () => {
        const b = Buffer.from(seedText());
        for (let i = 100; i < b.length; i += 997) b[i] = 0xff;
        return b;
      },
      expect: 'either',
    },

    // ---------------------------------------------------------------- binary served as text
    {
      name: 'binary-as-html',
      about: '1 MiB of random bytes served as text/html',
      make: () => noise(MB, 7),
      contentType: 'text/html; charset=utf-8',
      fileName: 'post_1.html',
      expect: 'failure',
      codes: ['unsupported', 'unreadable'],
    },
    {
      name: 'png-as-html',
      about: 'a PNG header and data served as text/html',
      make: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(4096, 3)]),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['unsupported', 'unreadable'],
    },
    {
      name: 'gzip-as-html',
      about: 'gzip-compressed HTML without Content-Encoding',
      make: () => zlib.gzipSync(Buffer.from(htmlPage(seedText()))),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['unsupported', 'unreadable'],
    },
    {
      name: 'nul-sprinkled-text',
      about: 'the seed with a NUL every 500 bytes',
      make: () => {
        const b = Buffer.from(seedText());
        for (let i = 250; i < b.length; i += 500) b[i] = 0;
        return b;
      },
      expect: 'either',
    },

    // ---------------------------------------------------------------- absurd content in a real report
    {
      name: 'number-10000-digits',
      about: 'a table cell of 10,000 digits',
      make: () => Buffer.from(seedWithCells(() => '9'.repeat(10_000))),
      expect: 'either',
    },
    {
      name: 'number-nan-infinity',
      about: 'cells that read NaN, Infinity, 1e309, -0, 0x1F',
      make: () =>
        Buffer.from(seedWithCells((_, k) => ['NaN', 'Infinity', '1e309', '-0', '0x1F', '-Infinity'][k % 6]!, 30)),
      expect: 'either',
    },
    {
      name: 'number-huge-exponent',
      about: 'every number written with 400 digits',
      make: () => Buffer.from(seedWithCells((v) => v.padStart(400, '9'), 10_000)),
      expect: 'either',
    },
    {
      name: 'nul-in-a-cell',
      about: 'a NUL character inside a table cell past the first 4 KiB (PostgreSQL text cannot hold U+0000)',
      make: () =>
        Buffer.from(
          seedText().replace(/\t(\d+)(?=\t)/g, (m, v: string, at: number) => (at > 4096 ? `\t${v}\u0000` : m)),
        ),
      expect: 'either',
    },
    {
      name: 'rtl-emoji-controls',
      about: 'RTL overrides, emoji, zero-width joiners and C0/C1 controls through the text',
      make: () => Buffer.from(seedText().replace(/\n/g, '\u202e😀\u200d\u0007\u0085\u2066\n\u061c')),
      expect: 'either',
    },
    {
      name: 'one-huge-line',
      about: '10 MB on a single line',
      make: () => Buffer.from('政府信息公开'.repeat(Math.ceil((10 * MB) / 18))),
      expect: 'failure',
      codes: ['not_a_report', 'too_large'],
    },
    {
      name: 'million-lines',
      about: 'one million short numeric lines',
      make: () => Buffer.from('1\n'.repeat(1_000_000)),
      expect: 'failure',
      codes: ['not_a_report', 'too_large'],
    },
    {
      name: 'repeated-tables-text',
      about: 'the seed report repeated 300 times in one text',
      make: () => Buffer.from(seedText().repeat(300)),
      expect: 'either',
      maxMs: 60_000,
    },

    // ---------------------------------------------------------------- PDF
    {
      name: 'pdf-truncated',
      about: 'the real 洪泽 PDF cut off at 30%',
      make: () => {
        const b = hongze();
        return b.subarray(0, Math.floor(b.length * 0.3));
      },
      expect: 'failure',
      codes: ['unreadable', 'scanned', 'not_a_report'],
    },
    {
      name: 'pdf-garbage',
      about: 'a PDF header followed by 200 KiB of noise',
      make: () => Buffer.concat([Buffer.from('%PDF-1.7\n'), noise(200 * 1024, 11)]),
      expect: 'failure',
      codes: ['unreadable'],
    },
    {
      name: 'pdf-header-only',
      about: '%PDF- and nothing else',
      make: () => Buffer.from('%PDF-'),
      expect: 'failure',
      codes: ['unreadable'],
    },
    {
      name: 'pdf-encrypted',
      about: 'a password-protected PDF',
      make: () => read('generated/encrypted.pdf'),
      expect: 'failure',
      codes: ['encrypted'],
    },
    {
      name: 'pdf-scanned',
      about: 'a PDF of images with no text layer',
      make: () => read('generated/scanned.pdf'),
      expect: 'failure',
      codes: ['scanned', 'not_a_report'], // read by OCR when Tesseract is installed: a title page, no tables
    },
    {
      name: 'pdf-page-count-bomb',
      about: 'a page tree claiming 10,000,000 pages',
      make: () =>
        makePdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          `<< /Type /Pages /Kids [${'3 0 R '.repeat(2000)}] /Count 10000000 >>`,
          '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
        ]),
      expect: 'failure',
      codes: ['too_large', 'unreadable', 'scanned'],
    },
    {
      name: 'pdf-page-tree-cycle',
      about: 'a page tree whose kid is itself',
      make: () => makePdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 3 >>']),
      expect: 'failure',
      codes: ['unreadable', 'scanned', 'too_large'],
    },
    {
      name: 'pdf-stream-bomb',
      about: 'a 180 KB content stream that inflates to 160 MB',
      make: async () => onePagePdf(await deflateRepeated(0x20, 160, 'zlib'), '/Filter /FlateDecode'),
      expect: 'failure',
      codes: ['timeout', 'too_large', 'unreadable', 'scanned'],
      maxMs: 90_000,
    },
    {
      name: 'pdf-deep-arrays',
      about: '50,000 nested arrays in the page dictionary',
      make: () =>
        makePdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /X ${'['.repeat(50_000)}${']'.repeat(50_000)} >>`,
        ]),
      expect: 'failure',
      codes: ['unreadable', 'scanned'],
    },
    {
      name: 'pdf-text-operators-flood',
      about: '200,000 show-text operators on one page',
      make: () => onePagePdf(`BT /F1 1 Tf ${'1 0 0 1 10 10 Tm (0) Tj '.repeat(200_000)} ET`),
      expect: 'failure',
      codes: ['timeout', 'not_a_report', 'too_large'],
      maxMs: 90_000,
    },

    // ---------------------------------------------------------------- DOCX and zips
    {
      name: 'docx-zip-bomb',
      about: 'word/document.xml declared and inflating to 400 MB',
      make: async () =>
        makeDocx({
          name: 'word/document.xml',
          data: Buffer.alloc(0),
          claimedSize: 400 * MB,
          deflated: await deflateRepeated(0x20, 400, 'raw'),
        }),
      expect: 'failure',
      codes: ['too_large'],
    },
    {
      name: 'docx-lying-bomb',
      about: 'a central directory claiming 2 KB for an entry that inflates to 300 MB',
      make: async () =>
        makeDocx({
          name: 'word/document.xml',
          data: Buffer.alloc(0),
          claimedSize: 2048,
          deflated: await deflateRepeated(0x20, 300, 'raw'),
        }),
      expect: 'failure',
      codes: ['too_large', 'unreadable'],
      maxMs: 60_000,
    },
    {
      name: 'docx-truncated',
      about: 'a DOCX cut in half (no central directory)',
      make: () => {
        const b = makeDocx(wordXml(seedText().split('\n')));
        return b.subarray(0, Math.floor(b.length / 2));
      },
      expect: 'failure',
      codes: ['unreadable'],
    },
    {
      name: 'docx-malformed-xml',
      about: 'word/document.xml that is not XML',
      make: () => makeDocx('<w:document><w:body><w:p><<<&&&'),
      expect: 'failure',
      codes: ['unreadable', 'empty', 'not_a_report'],
    },
    {
      name: 'docx-many-entries',
      about: 'a DOCX with 20,000 zip entries',
      make: () =>
        makeDocx(
          wordXml(['文字']),
          Array.from({ length: 20_000 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('x') })),
        ),
      expect: 'failure',
      codes: ['too_large'],
    },
    {
      name: 'zip-not-word',
      about: 'a zip of other files',
      make: () => read('generated/not-a-docx.zip'),
      expect: 'failure',
      codes: ['unreadable', 'unsupported'],
    },
    {
      name: 'docx-thousands-of-paragraphs',
      about: '100,000 paragraphs of digits',
      make: () => makeDocx(wordXml(Array.from({ length: 100_000 }, (_, i) => String(i)))),
      expect: 'failure',
      codes: ['timeout', 'not_a_report', 'too_large'],
      maxMs: 90_000,
    },

    // ---------------------------------------------------------------- DOC (OLE2)
    {
      name: 'doc-garbage',
      about: 'an OLE2 signature followed by noise',
      make: () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(64 * 1024, 5)]),
      expect: 'failure',
      codes: ['unreadable'],
    },
    {
      name: 'doc-truncated',
      about: 'a real DOC cut off at 25%',
      make: () => {
        const b = read('generated/000_9a0889932f31a8f7.doc');
        return b.subarray(0, Math.floor(b.length / 4));
      },
      expect: 'failure',
      codes: ['unreadable'],
    },
    {
      name: 'rtf-as-doc',
      about: 'an RTF file named .doc',
      make: () => Buffer.from(`{\\rtf1\\ansi ${seedText().slice(0, 2000)}}`),
      fileName: 'report.doc',
      expect: 'either',
    },

    // ---------------------------------------------------------------- issue 12: the red-team attacks
    {
      name: 'doc-looping-fat',
      about: 'a 2.5 KB DOC whose directory chain loops between two sectors',
      make: loopingFatDoc,
      fileName: 'report.doc',
      contentType: 'application/msword',
      expect: 'failure',
      codes: ['unreadable'],
    },
    {
      name: 'doc-2m-fat-sectors',
      about: 'a DOC header declaring two million FAT sectors',
      make: hugeFatDoc,
      fileName: 'report.doc',
      contentType: 'application/msword',
      expect: 'failure',
      codes: ['unreadable', 'too_large'],
    },
    {
      name: 'html-span-grid-bomb',
      about: '3,000 rows of rowspan=65534 colspan=1000 (140 KB: small enough to parse inline)',
      make: () =>
        Buffer.from(htmlPage(`<table>${'<tr><td rowspan="65534" colspan="1000">1</td></tr>'.repeat(3000)}</table>`)),
      contentType: 'text/html',
      expect: 'failure',
      codes: ['too_large'],
    },
    {
      name: 'docx-20000x50-table',
      about: 'a DOCX table of 20,000 rows × 50 cells (passes the zip checks)',
      make: () => bigTableDocx(20_000, 50),
      expect: 'failure',
      codes: ['too_large', 'timeout'], // refused in a second; a budget can still run out on a saturated machine
    },
    {
      name: 'docx-image-3000-times',
      about: 'a DOCX showing one 1 MiB image 3,000 times',
      make: () => repeatedImageDocx(noise(MB, 9), 3000),
      expect: 'failure',
      codes: ['too_large'],
    },
    {
      name: 'pdf-form-draws-itself',
      about: 'a form XObject whose content draws itself',
      make: selfDrawingFormPdf,
      expect: 'failure',
      codes: ['timeout', 'too_large', 'unreadable', 'not_a_report'],
      maxMs: 90_000,
    },
    {
      name: 'pdf-nested-forms',
      about: '10 levels of forms, each drawing 10 of the next (10¹⁰ draws)',
      make: () => nestedFormsPdf(10, 10),
      expect: 'failure',
      codes: ['timeout', 'too_large', 'unreadable', 'not_a_report'],
      maxMs: 90_000,
    },
    {
      name: 'pdf-two-layer-flate',
      about: 'a content stream under two FlateDecode layers inflating 4 KB → 2 GiB',
      make: () => twoLayerFlatePdf(2048),
      expect: 'failure',
      codes: ['too_large'],
    },
    {
      name: 'pdf-million-rulings',
      about: 'a page of text and 10⁶ ruling segments',
      make: () => rulingFloodPdf(1_000_000),
      expect: 'failure',
      codes: ['too_large', 'timeout', 'not_a_report'],
      maxMs: 90_000,
    },
    {
      name: 'number-22-digits',
      about: 'new_received.commercial printed as a 22-digit number (above 2^53)',
      make: () => Buffer.from(seedWith22Digits()),
      contentType: 'text/plain; charset=utf-8',
      expect: 'report',
    },
    {
      name: 'html-5mb-spaced-digits-cell',
      about: 'the 平潭 page with one cell of 5 MB of spaced digits',
      make: pingtanWithHugeCell,
      contentType: 'text/html; charset=utf-8',
      // A report with that row null (test/parsers/limits.test.ts); 4 s of parsing, so a budget can run out.
      expect: 'either',
      codes: ['timeout'],
    },
    {
      name: 'bidi-agency-name',
      about: 'the agency name wrapped in U+202E…U+202C and zero-width characters',
      make: () => Buffer.from(seedWithBidiNames()),
      contentType: 'text/plain; charset=utf-8',
      expect: 'report',
    },
  ];
  return docs;
}
