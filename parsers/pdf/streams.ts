// Decoded stream sizes, bounded before pdf.js reads the file. pdf.js decodes a stream through all its filters
// with no bound: two FlateDecode layers take 4 KB to 2 GiB (3.3 GB of RSS). Here every stream is found in the
// raw bytes (streams are never inside object streams) and its filter chain measured from outside pdf.js: a
// Flate layer that could exceed the cap (compressed size × 1032, deflate's largest ratio) is inflated under the
// cap; a chain of expanding layers (Flate, LZW, RunLength) that cannot be measured that way is refused.
import zlib from 'node:zlib';
import { DocumentError } from '../errors.js';

/** Largest decoded size of one stream. */
export const MAX_DECODED_STREAM = 128 * 1024 * 1024;
/** Deflate's largest expansion: 258 bytes from about 2 bits. */
const FLATE_RATIO = 1032;
const EXPANDING = new Set(['FlateDecode', 'Fl', 'LZWDecode', 'LZW', 'RunLengthDecode', 'RL']);
const FLATE = new Set(['FlateDecode', 'Fl']);
/** How far back from `stream` its dictionary is looked for. */
const DICT_WINDOW = 4096;

function tooLarge(detail: string): DocumentError {
  return new DocumentError(
    'too_large',
    `a PDF stream ${detail} (limit: ${MAX_DECODED_STREAM / 1024 / 1024} MiB per stream)`,
  );
}

/** The filter names of a stream dictionary's /Filter (a name or an array of names), in decoding order. */
export function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict);
  if (!m) return [];
  return [...m[1]!.matchAll(/\/([A-Za-z0-9]+)/g)].map((x) => x[1]!);
}

/** Inflate under the cap; the decoded size, or too_large. A corrupt stream is left for pdf.js to judge. */
function inflateBounded(data: Buffer): Buffer | null {
  try {
    return zlib.inflateSync(data, { maxOutputLength: MAX_DECODED_STREAM, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge('inflates to more than the limit');
    }
    return null;
  }
}

/** Check one stream's filter chain against the cap. */
export function checkStream(filters: string[], raw: Buffer): void {
  let data: Buffer | null = raw;
  let size = raw.length;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i]!;
    if (!EXPANDING.has(f)) {
      data = null; // ASCII and image decoders: they do not multiply sizes; what follows is measured by ratio
      continue;
    }
    const laterExpanding = filters.slice(i + 1).some((x) => EXPANDING.has(x));
    if (FLATE.has(f) && !laterExpanding && size * FLATE_RATIO <= MAX_DECODED_STREAM) return;
    if (!FLATE.has(f) || data === null) {
      // LZW/RunLength, or a Flate layer behind a decoder not run here: bounded only when it is the last layer.
      if (laterExpanding)
        throw tooLarge(
          `has ${filters.filter((x) => EXPANDING.has(x)).length} expanding filter layers that cannot be measured`,
        );
      return;
    }
    data = inflateBounded(data);
    if (data === null) return;
    size = data.length;
  }
}

/** Throws too_large when a stream of the PDF would decode to more than MAX_DECODED_STREAM bytes. */
export function checkPdfStreams(bytes: Uint8Array): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (;;) {
    const s = buf.indexOf('stream', at, 'latin1');
    if (s < 0) return;
    at = s + 6;
    // `stream` that opens data: after the dictionary's >>, followed by an end of line (not `endstream`).
    if (s >= 3 && buf.toString('latin1', s - 3, s) === 'end') continue;
    let start = at;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[at] !== 0x0d) continue;
    if (buf[start] === 0x0a) start++;
    const dict = buf.toString('latin1', Math.max(0, s - DICT_WINDOW), s);
    const open = dict.lastIndexOf('obj');
    const filters = filtersOf(open >= 0 ? dict.slice(open) : dict);
    const end = buf.indexOf('endstream', start, 'latin1');
    const stop = end < 0 ? buf.length : end;
    if (filters.some((f) => EXPANDING.has(f))) checkStream(filters, buf.subarray(start, stop));
    at = stop;
  }
}
