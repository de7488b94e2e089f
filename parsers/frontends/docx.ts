// DOCX → intermediate form: mammoth turns the Word document into HTML, and the HTML front end reads that.
// The zip's central directory is checked first: a zip that is not a Word document, or one that would inflate
// to far more than any report (a zip bomb), is refused before mammoth inflates anything.
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
}

export const DEFAULT_DOCX_LIMITS: DocxLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxUncompressed: 256 * 1024 * 1024,
  maxEntries: 5000,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
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

export async function docxToDocModel(bytes: Uint8Array, limits: DocxLimits = DEFAULT_DOCX_LIMITS): Promise<DocModel> {
  checkDocxZip(bytes, limits);
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const result = await mammoth.convertToHtml({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    html = result.value;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DocumentError('unreadable', `not a readable Word document: ${message}`);
  }
  if (html.replace(/<[^>]*>/g, '').trim() === '') throw new DocumentError('empty', 'the Word document has no text');
  return { ...htmlToDocModel(html), source: 'docx' };
}
