// Tesseract's TSV → the words of a page as placed text, in points with y growing up (as the PDF front end
// places its text), so the PDF layout (drawn tables, unruled tables, lines and paragraphs) reads them as it is.
import type { PlacedText } from '../pdf/geometry.js';

export interface OcrWord {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Tesseract's confidence, 0–100. */
  confidence: number;
}

/** Border remnants Tesseract reads as characters at a word's ends. */
const EDGE_NOISE = /^[|｜丨[\]{}_~`'"‘’“”]+|[|｜丨[\]{}_~`'"‘’“”]+$/g;

export function parseTsv(tsv: string): OcrWord[] {
  const out: OcrWord[] = [];
  for (const line of tsv.split('\n')) {
    const f = line.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f[11]!.trim().replace(EDGE_NOISE, '');
    if (text === '') continue;
    out.push({
      text,
      left: Number(f[6]),
      top: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      confidence: Number(f[10]),
    });
  }
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Words as placed text. Every word gets the page's body-text size (the median height of its CJK characters):
 *  a digit's box is shorter than a character's, and the layout's tolerances should not shrink for it. */
export function placeWords(words: OcrWord[], pageHeight: number, dpi: number): PlacedText[] {
  const k = 72 / dpi;
  const cjk = words.filter((w) => /^[\u4e00-\u9fff]+$/.test(w.text)).map((w) => w.height);
  const body = median(cjk.length ? cjk : words.map((w) => w.height)) || dpi / 7;
  return words.map((w) => {
    const size = Math.max(body, w.height > body * 1.4 ? w.height : body) * k;
    return { str: w.text, x: w.left * k, y: (pageHeight - w.top - w.height) * k, width: w.width * k, size };
  });
}
