// Grey bitmaps as the OCR front end handles them: one byte per pixel (0 black … 255 white), rows top to bottom,
// read from and written as binary PGM (P5), the format pdftoppm gives and Tesseract reads.
import { DocumentError } from '../errors.js';

export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

function headerFields(bytes: Uint8Array, start: number): { fields: number[]; end: number } {
  const fields: number[] = [];
  let i = start + 2;
  while (fields.length < 3) {
    while (i < bytes.length && /\s/.test(String.fromCharCode(bytes[i]!))) i++;
    if (bytes[i] === 0x23) {
      while (i < bytes.length && bytes[i] !== 0x0a) i++;
      continue;
    }
    let n = '';
    while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) n += String.fromCharCode(bytes[i++]!);
    if (n === '') throw new DocumentError('unreadable', 'a page image could not be read (bad PGM header)');
    fields.push(Number(n));
  }
  return { fields, end: i + 1 }; // one whitespace byte ends the header
}

/** Every P5 image of a stream of concatenated PGMs (pdftoppm writes one per page to stdout). */
export function readPgms(bytes: Uint8Array): Bitmap[] {
  const out: Bitmap[] = [];
  let at = 0;
  while (at + 2 < bytes.length) {
    if (bytes[at] !== 0x50 || bytes[at + 1] !== 0x35) {
      throw new DocumentError('unreadable', 'a page image could not be read (not a grey PGM)');
    }
    const { fields, end } = headerFields(bytes, at);
    const [width, height, max] = fields as [number, number, number];
    if (max > 255) throw new DocumentError('unreadable', 'a page image could not be read (16-bit PGM)');
    const size = width * height;
    if (end + size > bytes.length) throw new DocumentError('unreadable', 'a page image is truncated');
    out.push({ width, height, data: bytes.subarray(end, end + size) });
    at = end + size;
  }
  return out;
}

export function writePgm(image: Bitmap): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header);
  out.set(image.data, header.length);
  return out;
}

/** A grey level between ink and paper: the midpoint of the darkest and lightest 5% of a sample of pixels. */
export function inkThreshold(image: Bitmap): number {
  const histogram = new Uint32Array(256);
  const step = Math.max(1, Math.floor(image.data.length / 200_000));
  let n = 0;
  for (let i = 0; i < image.data.length; i += step, n++) histogram[image.data[i]!]!++;
  const level = (share: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen >= n * share) return v;
    }
    return 255;
  };
  const paper = level(0.5);
  let dark = 0;
  for (let v = 0, seen = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= n * 0.005) {
      dark = v;
      break;
    }
  }
  return Math.round((Math.min(dark, paper - 40) + paper) / 2);
}
