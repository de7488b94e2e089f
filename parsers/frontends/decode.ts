// Bytes → string for HTML and text: Content-Type charset → BOM → <meta charset>/http-equiv → detection
// (valid UTF-8, else GB18030). Crawlers use it for listing pages too.
import iconv from 'iconv-lite';

export type CharsetSource = 'header' | 'bom' | 'meta' | 'detected';

export interface Decoded {
  text: string;
  /** The charset the bytes were decoded with (lower case, e.g. 'utf-8', 'gb18030'). */
  charset: string;
  source: CharsetSource;
}

/** GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character. */
function canonical(label: string): string {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (/^(gb2312|gbk|gb_2312-80|x-gbk|cp936|ms936|windows-936|euc-cn|gb18030|csgb2312|chinese)$/.test(l))
    return 'gb18030';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'big5-hkscs' || l === 'x-x-big5' || l === 'cn-big5') return 'big5';
  return l;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType) : null;
  return m ? canonical(m[1]!) : undefined;
}

function bomCharset(b: Uint8Array): { charset: string; skip: number } | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return undefined;
}

/** <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312"> in the first 4 KiB. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const m = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? canonical(m[1]!) : undefined;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function decodeWith(bytes: Uint8Array, charset: string): string | undefined {
  if (charset === 'utf-8') {
    try {
      return utf8Fatal.decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (!iconv.encodingExists(charset)) return undefined;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset);
}

/** Valid UTF-8 except for a multi-byte character cut off at the very end (a truncated download). */
function decodeTruncatedUtf8(bytes: Uint8Array): string | undefined {
  for (let k = 1; k <= 3 && k < bytes.length; k++) {
    const lead = bytes[bytes.length - k]!;
    if (lead >= 0xc0) {
      const text = decodeWith(bytes.subarray(0, bytes.length - k), 'utf-8');
      return text === undefined ? undefined : text;
    }
    if (lead < 0x80) return undefined;
  }
  return undefined;
}

/** UTF-16 without a byte order mark (Windows exports): in the first 4 KiB, many NULs in the high byte of
 *  code units (ASCII, digits, line breaks) and few in the other half. Random binary has few NULs in both. */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  // CJK code units have a NUL low byte now and then (一 is U+4E00), so the other half is only mostly NUL-free.
  if (odd >= units * 0.05 && even <= odd / 4) return 'utf-16le';
  if (even >= units * 0.05 && odd <= even / 4) return 'utf-16be';
  return undefined;
}

/** Valid UTF-8 that has multi-byte characters: text in a declared GBK/Big5 that is in fact UTF-8 (a copied
 *  template's meta tag, a wrong server default). Chinese GBK text is practically never valid UTF-8. */
function isMultibyteUtf8(bytes: Uint8Array): boolean {
  let high = false;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i]! >= 0x80) {
      high = true;
      break;
    }
  return high && (decodeWith(bytes, 'utf-8') ?? decodeTruncatedUtf8(bytes)) !== undefined;
}

/** Decode, saying which charset was used and why. A declared UTF-8 that is not valid UTF-8 falls through to the
 *  next clue (portals often copy a template's meta tag onto GBK pages). */
export function decodeBytes(bytes: Uint8Array, contentType?: string): Decoded {
  const bom = bomCharset(bytes);
  if (bom) {
    const text = decodeWith(bytes.subarray(bom.skip), bom.charset);
    if (text !== undefined) return { text, charset: bom.charset, source: 'bom' };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: decodeWith(bytes, utf16)!, charset: utf16, source: 'detected' };
  const tries: [string | undefined, CharsetSource][] = [
    [charsetFromContentType(contentType), 'header'],
    [charsetFromMeta(bytes), 'meta'],
  ];
  for (const [charset, source] of tries) {
    if (!charset) continue;
    if (charset !== 'utf-8' && isMultibyteUtf8(bytes)) {
      return {
        text: (decodeWith(bytes, 'utf-8') ?? decodeTruncatedUtf8(bytes))!,
        charset: 'utf-8',
        source: 'detected',
      };
    }
    const text = decodeWith(bytes, charset);
    if (text !== undefined) return { text, charset, source };
  }
  const utf8 = decodeWith(bytes, 'utf-8') ?? decodeTruncatedUtf8(bytes);
  if (utf8 !== undefined) return { text: utf8, charset: 'utf-8', source: 'detected' };
  return { text: decodeWith(bytes, 'gb18030')!, charset: 'gb18030', source: 'detected' };
}

export function decodeText(bytes: Uint8Array, contentType?: string): string {
  return decodeBytes(bytes, contentType).text;
}
