// DOCX → intermediate form: mammoth turns the Word document into HTML, and the HTML front end reads that.
// The zip's central directory is checked first: a zip that is not a Word document, or one that would inflate
// to far more than any report (a zip bomb), is refused before mammoth inflates anything. Then the main part
// (word/document.xml, inflated here under a cap) is measured: table rows, cells and image references beyond any
// report's are refused before mammoth builds its HTML (a 20,000 × 50 table took 4.4 GB there). Images are never
// read: mammoth would inline each reference as base64, 3,000 references of one 1 MiB image being 4.3 GB.
import zlib from 'node:zlib';
import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';
import { htmlToDocModel } from './html.js';

export interface DocxLimits {
  maxBytes: number;
  /** Sum of the declared uncompressed sizes of all entries. */
  maxUncompressed: number;
  maxEntries: number;
  /** Largest uncompressed/compressed ratio for an archive of more than 1 MiB uncompressed. */
  maxRatio: number;
  /** word/document.xml inflated, in bytes. */
  maxDocumentXml: number;
  /** Table rows (w:tr), table cells (w:tc) and image references (a:blip, v:imagedata) in the main part. */
  maxTableRows: number;
  maxTableCells: number;
  maxImages: number;
}

export const DEFAULT_DOCX_LIMITS: DocxLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxUncompressed: 256 * 1024 * 1024,
  maxEntries: 5000,
  maxRatio: 200,
  maxDocumentXml: 64 * 1024 * 1024,
  maxTableRows: 5000,
  maxTableCells: 100_000,
  maxImages: 500,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  localHeaderOffset: number;
}

/** The entries listed in a zip's central directory (names and declared sizes; nothing is inflated). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new DocumentError('unreadable', 'not a Word document: truncated or corrupt zip (no central directory)');
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    throw new DocumentError('too_large', 'not read: ZIP64 archive (larger than any report)');
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) {
      throw new DocumentError('unreadable', 'not a Word document: corrupt zip central directory');
    }
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    entries.push({
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      method: view.getUint16(p + 10, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuse archives that are not Word documents or that would inflate beyond the limits. */
export function checkDocxZip(bytes: Uint8Array, limits: DocxLimits = DEFAULT_DOCX_LIMITS): void {
  if (bytes.length > limits.maxBytes) {
    throw new DocumentError('too_large', `DOCX of ${bytes.length} bytes is over the ${limits.maxBytes}-byte limit`);
  }
  const entries = zipEntries(bytes);
  // Office Online names the main part word/document2.xml; mammoth finds it through the package relationships
  if (!entries.some((e) => /^word\/document\d*\.xml$/.test(e.name))) {
    throw new DocumentError('unreadable', 'not a Word document: zip without word/document.xml');
  }
  if (entries.length > limits.maxEntries) {
    throw new DocumentError(
      'too_large',
      `zip with ${entries.length} entries, over the ${limits.maxEntries}-entry limit`,
    );
  }
  const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
  const packed = entries.reduce((s, e) => s + e.compressedSize, 0);
  if (total > limits.maxUncompressed) {
    throw new DocumentError(
      'too_large',
      `zip inflates to ${total} bytes, over the ${limits.maxUncompressed}-byte limit`,
    );
  }
  if (total > 1024 * 1024 && total / Math.max(packed, 1) > limits.maxRatio) {
    throw new DocumentError('too_large', `zip inflates ${Math.round(total / Math.max(packed, 1))}× (a zip bomb?)`);
  }
}

/** One entry's bytes, inflated up to `max` bytes (too_large past it, whatever the headers claim). */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, max: number): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) {
    throw new DocumentError('unreadable', `not a Word document: corrupt zip entry ${entry.name}`);
  }
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const packed = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start,
    Math.max(0, Math.min(entry.compressedSize, bytes.length - start)),
  );
  if (entry.method === 0) {
    if (packed.length > max) throw new DocumentError('too_large', `${entry.name} is over ${max} bytes`);
    return packed;
  }
  if (entry.method !== 8) throw new DocumentError('unreadable', `not a Word document: ${entry.name} is not deflated`);
  try {
    return zlib.inflateRawSync(packed, { maxOutputLength: max, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new DocumentError('too_large', `${entry.name} inflates to over ${max} bytes`);
    }
    throw new DocumentError('unreadable', `not a Word document: ${entry.name} cannot be inflated`);
  }
}

/** Elements named `local` in any namespace prefix (<w:tr>, <w:tr w:rsidR=…>; not <w:trPr>). */
function countElements(xml: string, local: string): number {
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}[\\s/>]`, 'g');
  let n = 0;
  while (re.exec(xml)) n++;
  return n;
}

/** Refuse a main part whose tables or images are beyond any report's, before mammoth reads it. */
export function checkDocxBody(bytes: Uint8Array, limits: DocxLimits = DEFAULT_DOCX_LIMITS): void {
  const entries = zipEntries(bytes);
  const main =
    entries.find((e) => e.name === 'word/document.xml') ?? entries.find((e) => /^word\/document\d*\.xml$/.test(e.name));
  if (!main) return;
  const xml = readZipEntry(bytes, main, limits.maxDocumentXml).toString('latin1');
  const refuse = (what: string, n: number, max: number) => {
    throw new DocumentError('too_large', `the Word document has ${n} ${what}, over the ${max} of any report`);
  };
  const rows = countElements(xml, 'tr');
  if (rows > limits.maxTableRows) refuse('table rows', rows, limits.maxTableRows);
  const cells = countElements(xml, 'tc');
  if (cells > limits.maxTableCells) refuse('table cells', cells, limits.maxTableCells);
  const images = countElements(xml, 'blip') + countElements(xml, 'imagedata');
  if (images > limits.maxImages) refuse('image references', images, limits.maxImages);
}

export async function docxToDocModel(bytes: Uint8Array, limits: DocxLimits = DEFAULT_DOCX_LIMITS): Promise<DocModel> {
  checkDocxZip(bytes, limits);
  checkDocxBody(bytes, limits);
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // An image is an empty <img>: its bytes are never read, let alone inlined.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DocumentError('unreadable', `not a readable Word document: ${message}`);
  }
  if (html.replace(/<[^>]*>/g, '').trim() === '') throw new DocumentError('empty', 'the Word document has no text');
  return { ...htmlToDocModel(html), source: 'docx' };
}
