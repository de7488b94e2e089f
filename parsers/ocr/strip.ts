// The second reading of a page's numbers. Tesseract's Chinese model, reading a whole page, drops or garbles lone
// digits in table cells ("0" as "oo" or "。", or nothing). Each place a number may stand — a table cell without
// Chinese, a word without Chinese — is cut out, trimmed to its ink and stacked one per line in a strip, which
// Tesseract's English model reads with only digits and number marks allowed: one process run per page.
import type { Bitmap } from './bitmap.js';
import type { OcrWord } from './words.js';

/** A rectangle of the page image in pixels, y down, right and bottom exclusive. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const PAD = 16;

/** The box shrunk to the ink inside it (inset first, so a cell's border remnants are left out); null if blank. */
export function inkBox(image: Bitmap, box: Box, threshold: number, inset: number): Box | null {
  const l = Math.max(0, Math.round(box.left + inset));
  const r = Math.min(image.width, Math.round(box.right - inset));
  const t = Math.max(0, Math.round(box.top + inset));
  const b = Math.min(image.height, Math.round(box.bottom - inset));
  let left = r;
  let right = l;
  let top = b;
  let bottom = t;
  let ink = 0;
  for (let y = t; y < b; y++) {
    const row = y * image.width;
    for (let x = l; x < r; x++) {
      if (image.data[row + x]! < threshold) {
        ink++;
        if (x < left) left = x;
        if (x >= right) right = x + 1;
        if (y < top) top = y;
        if (y >= bottom) bottom = y + 1;
      }
    }
  }
  // a speck of JPEG noise is not a number
  if (ink < 6 || right - left < 2 || bottom - top < 4) return null;
  return { left, top, right, bottom };
}

export interface Strip {
  image: Bitmap;
  /** Vertical extent of each crop in the strip, in the order given. */
  slots: { top: number; bottom: number }[];
}

/** The crops stacked top to bottom, each on white with padding, left-aligned. */
export function buildStrip(image: Bitmap, crops: Box[], gap: number): Strip {
  const width = Math.max(1, ...crops.map((c) => c.right - c.left)) + 2 * PAD;
  const height = crops.reduce((h, c) => h + (c.bottom - c.top) + gap, gap) + 2 * PAD;
  const data = new Uint8Array(width * height).fill(255);
  const slots: Strip['slots'] = [];
  let y = PAD + gap;
  for (const c of crops) {
    for (let row = c.top; row < c.bottom; row++) {
      const from = row * image.width + c.left;
      data.set(image.data.subarray(from, from + (c.right - c.left)), (y + row - c.top) * width + PAD);
    }
    slots.push({ top: y, bottom: y + (c.bottom - c.top) });
    y += c.bottom - c.top + gap;
  }
  return { image: { width, height, data }, slots };
}

/** What the strip's reading says for each crop: its words left to right, joined (a number is one word). */
export function readSlots(words: OcrWord[], slots: Strip['slots']): { text: string; confidence: number }[] {
  const out = slots.map(() => ({ parts: [] as OcrWord[] }));
  for (const w of words) {
    const mid = w.top + w.height / 2;
    const i = slots.findIndex(
      (s, j) =>
        mid >= (j === 0 ? 0 : (slots[j - 1]!.bottom + s.top) / 2) &&
        mid < (j + 1 < slots.length ? (s.bottom + slots[j + 1]!.top) / 2 : Infinity),
    );
    if (i >= 0) out[i]!.parts.push(w);
  }
  return out.map(({ parts }) => {
    parts.sort((a, b) => a.left - b.left);
    return {
      text: parts.map((p) => p.text).join(''),
      confidence: parts.length ? Math.min(...parts.map((p) => p.confidence)) : 0,
    };
  });
}
