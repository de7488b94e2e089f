// DOC (Word 97–2003, and .wps files that are really DOC) → intermediate form: word-extractor gives the text,
// one table cell per line, and the text front end reads that. The compound file is checked first (./ole.ts).
import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';
import { checkOle } from './ole.js';
import { textToDocModel } from './text.js';

export const MAX_DOC_BYTES = 64 * 1024 * 1024;

/** UTF-16LE name of the stream an encrypted Office file (DOCX/DOC with a password) keeps its content in. */
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');

export async function docToDocModel(bytes: Uint8Array): Promise<DocModel> {
  if (bytes.length > MAX_DOC_BYTES) {
    throw new DocumentError('too_large', `DOC of ${bytes.length} bytes is over the ${MAX_DOC_BYTES}-byte limit`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(ENCRYPTED_STREAM))
    throw new DocumentError('encrypted', 'the Word document is password-protected');
  if (buffer[0] === 0xd0 && buffer[1] === 0xcf) checkOle(buffer);
  const WordExtractor = (await import('word-extractor')).default;
  let body: string;
  try {
    body = (await new WordExtractor().extract(buffer)).getBody();
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DocumentError('unreadable', `not a readable Word 97-2003 document: ${message}`);
  }
  if (body.trim() === '') throw new DocumentError('empty', 'the Word document has no text');
  // word-extractor writes both the end of a cell and the end of a row as a tab, so where cells are empty (merged
  // cells, blank corners) rows cannot be told apart on a tab-separated line. One cell per line is a layout the
  // text front end reads without needing row ends (as published pages copied from HTML tables often are).
  return { ...textToDocModel(body.replace(/\t/g, '\n')), source: 'doc' };
}
