// Decide a document's kind from its bytes; the content type and file name are only tie-breakers.
import { utf16WithoutBom } from './frontends/decode.js';
export type DocumentKind = 'pdf' | 'docx' | 'doc' | 'html' | 'text' | 'zip' | 'binary';

export function sniffKind(bytes: Uint8Array, contentType?: string, fileName?: string): DocumentKind {
  const b = bytes;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'pdf';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    return 'docx'; // a zip: the DOCX front end says so if it is not a Word document
  }
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'doc'; // OLE2: .doc, .wps
  const bom16 = b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
  const utf16 = bom16 ? (b[0] === 0xff ? 'utf-16le' : 'utf-16be') : utf16WithoutBom(b);
  if (!utf16 && looksBinary(b)) return 'binary';
  const head = (utf16 ? new TextDecoder(utf16) : new TextDecoder('latin1')).decode(b.subarray(0, 2048)).toLowerCase();
  if (/<(!doctype html|html|head|body|table|div|p)[\s>]/.test(head)) return 'html';
  if (contentType && /html/i.test(contentType)) return 'html';
  // A server that says plain text outranks a URL ending in .html (text layouts served from CMS paths).
  if (contentType && /^\s*text\/plain/i.test(contentType)) return 'text';
  if (fileName && /\.s?html?$/i.test(fileName)) return 'html';
  return 'text';
}

/** NUL bytes or many control characters in the first 4 KiB: not text in any encoding we read. */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) control++;
  }
  return n > 0 && control / n > 0.1;
}
