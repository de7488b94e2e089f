// DOC (Word 97–2003, and .wps files that are really DOC) → intermediate form: word-extractor gives the text,
// table cells separated by tabs, and the text front end reads that.
import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';
import { textToDocModel } from './text.js';

export const MAX_DOC_BYTES = 64 * 1024 * 1024;

/** UTF-16LE name of the stream an encrypted Office file (DOCX/DOC with a password) keeps its content in. */
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');

export async function docToDocModel(bytes: Uint8Array): Promise<DocModel> {
  if (bytes.length > MAX_DOC_BYTES) {
    throw new DocumentError('too_large', `DOC of ${bytes.length} bytes is over the ${MAX_DOC_BYTES}-byte limit`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(ENCRYPTED_STREAM)) throw new DocumentError('encrypted', 'the Word document is password-protected');
  const WordExtractor = (await import('word-extractor')).default;
  let body: string;
  try {
    body = (await new WordExtractor().extract(buffer)).getBody();
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DocumentError('unreadable', `not a readable Word 97-2003 document: ${message}`);
  }
  if (body.trim() === '') throw new DocumentError('empty', 'the Word document has no text');
  return { ...textToDocModel(body), source: 'doc' };
}
