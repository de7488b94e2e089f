// Page images → intermediate form, by OCR: each page is turned upright, its ruling lines found and painted out,
// its words read by Tesseract (parsers/ocr/run.ts) and its numbers read a second time (parsers/ocr/strip.ts),
// then laid out exactly as a PDF page is — drawn tables from the lines, tables printed without lines from where
// the numbers stand (parsers/pdf/layout.ts). Where the two readings of a number differ, both are kept: the
// identities decide between them (parsers/ocr/verify.ts).
import { DocumentError } from '../errors.js';
import { type Bitmap, inkThreshold, readPgms, writePgm } from '../ocr/bitmap.js';
import { deskew } from '../ocr/deskew.js';
import { eraseLines, findLines, toRulings } from '../ocr/rulings.js';
import { recognize, renderPdfPages } from '../ocr/run.js';
import { type Box, buildStrip, inkBox, readSlots } from '../ocr/strip.js';
import { type OcrWord, parseTsv, placeWords } from '../ocr/words.js';
import { findTables } from '../pdf/cells.js';
import type { PlacedText } from '../pdf/geometry.js';
import { layoutPages, type PageContent } from '../pdf/layout.js';
import type { DocModel } from '../types.js';

export interface OcrLimits {
  /** Most pages read by OCR (each costs seconds). */
  maxPages: number;
  /** Resolution PDF pages are rendered at. */
  dpi: number;
}

export const DEFAULT_OCR_LIMITS: OcrLimits = { maxPages: 40, dpi: 300 };

/** A number as OCR read it, where the reading may be doubted. */
export interface OcrNumber {
  page: number;
  /** Index of the text in its page's `texts`. */
  index: number;
  /** What the other reading said, when it read a different number. */
  alternative?: string;
  /** Read once only (the other reading found no number there) and with low confidence. */
  doubtful: boolean;
}

export interface OcrDocModel extends DocModel {
  ocr: true;
  /** The pages as read, for the verifier to lay out again with a number replaced. */
  pages: PageContent[];
  numbers: OcrNumber[];
}

export function isOcrModel(model: DocModel): model is OcrDocModel {
  return model.ocr === true && 'pages' in model;
}

const CJK = /[\u4e00-\u9fff]/;
/** A number or blank mark as a cell holds it. */
export const NUMBER = /^(?:[+-]?\d[\d,]*(?:\.\d+)?%?|[/—–-])$/;
/** A number read once with less confidence than this is doubted. */
const SURE = 80;
/** Chinese read with less confidence than this in a cell is taken for a misread number or noise. */
const CJK_SURE = 85;
/** A number read where the first reading saw no digit must be read with this confidence. */
const OVER_CJK = 70;

function centreIn(t: PlacedText, left: number, right: number, top: number, bottom: number): boolean {
  const x = t.x + t.width / 2;
  const y = t.y + t.size * 0.35;
  return x >= left && x <= right && y <= top && y >= bottom;
}

interface Place {
  /** Pixel box to read again. */
  box: Box;
  /** The first reading's texts inside it. */
  members: PlacedText[];
}

/** Where numbers may stand: drawn table cells without Chinese (empty ones too), and words without Chinese. */
function numberPlaces(
  clean: Bitmap,
  texts: PlacedText[],
  confidence: Map<PlacedText, number>,
  pages: PageContent,
  dpi: number,
  threshold: number,
) {
  const sureCjk = (t: PlacedText) => CJK.test(t.str) && (confidence.get(t) ?? 0) >= CJK_SURE;
  const k = 72 / dpi;
  const places: Place[] = [];
  const { tables } = findTables(pages.rulings, texts);
  const inCell = new Set<PlacedText>();
  for (const table of tables) {
    for (const cell of table.cells) {
      const members = texts.filter((t) => centreIn(t, cell.left, cell.right, cell.top, cell.bottom));
      for (const m of members) inCell.add(m);
      if (members.some(sureCjk)) continue;
      const px = {
        left: cell.left / k,
        right: cell.right / k,
        top: clean.height - cell.top / k,
        bottom: clean.height - cell.bottom / k,
      };
      const box = inkBox(clean, px, threshold, dpi / 60);
      if (box) places.push({ box, members });
    }
  }
  for (const t of texts) {
    if (inCell.has(t) || sureCjk(t) || !/\d|^[oO。]+$/.test(t.str)) continue;
    const left = t.x / k - 3;
    const bottom = clean.height - t.y / k + 3;
    const box = inkBox(
      clean,
      { left, right: left + t.width / k + 6, top: bottom - t.size / k - 6, bottom },
      threshold,
      0,
    );
    if (box) places.push({ box, members: [t] });
  }
  return places;
}

/** The numbers in the boxes, one reading per box; boxes read as nothing are read once more, further apart
 *  (Tesseract now and then skips one line of a strip of lines alike). */
async function readNumbers(image: Bitmap, boxes: Box[], dpi: number) {
  const read = async (list: Box[], gap: number) => {
    const strip = buildStrip(image, list, gap);
    return readSlots(parseTsv(await recognize(writePgm(strip.image), dpi, 'numbers')), strip.slots);
  };
  const out = await read(boxes, 24);
  const missed = out.flatMap((r, i) => (r.text === '' ? [i] : []));
  if (missed.length > 0) {
    const again = await read(
      missed.map((i) => boxes[i]!),
      64,
    );
    missed.forEach((i, j) => {
      out[i] = again[j]!;
    });
  }
  return out;
}

/** One page image read: its words and lines in points (y up), and the numbers whose reading may be doubted. */
export async function readPageImage(
  image: Bitmap,
  dpi: number,
): Promise<{ page: PageContent; numbers: Omit<OcrNumber, 'page'>[] }> {
  const threshold = inkThreshold(image);
  const upright = deskew(image, threshold).image;
  const lines = findLines(upright, threshold, dpi);
  const clean = eraseLines(upright, lines);
  const words: OcrWord[] = parseTsv(await recognize(writePgm(clean), dpi, 'text'));
  const first = placeWords(words, clean.height, dpi);
  const confidence = new Map(first.map((t, i) => [t, words[i]!.confidence]));
  const page: PageContent = {
    top: (clean.height * 72) / dpi,
    bottom: 0,
    texts: first,
    rulings: toRulings(lines, clean.height, dpi),
  };
  const places = numberPlaces(clean, first, confidence, page, dpi, threshold);
  if (places.length === 0) return { page, numbers: [] };
  const second = await readNumbers(
    clean,
    places.map((p) => p.box),
    dpi,
  );
  const replaced = new Set<PlacedText>();
  const added: { text: PlacedText; alternative?: string; doubtful: boolean }[] = [];
  const size = first.find((t) => CJK.test(t.str))?.size ?? (dpi / 7) * (72 / dpi);
  const k = 72 / dpi;
  places.forEach((place, i) => {
    const read = second[i]!;
    const before = place.members.map((m) => m.str).join('');
    if (!NUMBER.test(read.text)) return; // the second reading found no number: the first stands
    // where the first reading saw no digit, a number must be read with some confidence (not noise)
    if (!/\d/.test(before) && read.confidence < OVER_CJK) return;
    for (const m of place.members) replaced.add(m);
    const { box } = place;
    const text: PlacedText = {
      str: read.text,
      x: box.left * k,
      y: (clean.height - box.bottom) * k,
      width: (box.right - box.left) * k,
      size,
    };
    const other = NUMBER.test(before) && before !== read.text ? before : undefined;
    added.push({ text, alternative: other, doubtful: !other && before !== read.text && read.confidence < SURE });
  });
  page.texts = [...first.filter((t) => !replaced.has(t)), ...added.map((a) => a.text)];
  const base = page.texts.length - added.length;
  const numbers = added
    .map((a, j) => ({ index: base + j, alternative: a.alternative, doubtful: a.doubtful }))
    .filter((n) => n.alternative !== undefined || n.doubtful);
  return { page, numbers };
}

export function pagesToDocModel(pages: PageContent[], numbers: OcrNumber[]): OcrDocModel {
  const model: OcrDocModel = { source: 'pdf', ocr: true, blocks: layoutPages(pages), pages, numbers };
  if (!model.blocks.some((b) => b.kind === 'table' || b.text.trim() !== '')) {
    throw new DocumentError('scanned', 'OCR found no text on the page images');
  }
  return model;
}

/** Read page images one after another (each costs seconds; one at a time keeps memory to one page). */
export async function readPageImages(
  images: AsyncIterable<Bitmap> | Iterable<Bitmap>,
  dpi: number,
): Promise<OcrDocModel> {
  const pages: PageContent[] = [];
  const numbers: OcrNumber[] = [];
  for await (const image of images) {
    const read = await readPageImage(image, dpi);
    for (const n of read.numbers) numbers.push({ ...n, page: pages.length });
    pages.push(read.page);
  }
  return pagesToDocModel(pages, numbers);
}

/** A PDF with no text layer, read page by page by OCR. */
export async function scannedPdfToDocModel(
  bytes: Uint8Array,
  pageCount: number,
  limits: OcrLimits = DEFAULT_OCR_LIMITS,
): Promise<OcrDocModel> {
  if (pageCount > limits.maxPages) {
    throw new DocumentError(
      'too_large',
      `scanned PDF of ${pageCount} pages, over the ${limits.maxPages}-page OCR limit`,
    );
  }
  async function* rendered() {
    for (let n = 1; n <= pageCount; n++) {
      const [image] = readPgms(await renderPdfPages(bytes, limits.dpi, { first: n, last: n }));
      if (image) yield image;
    }
  }
  return readPageImages(rendered(), limits.dpi);
}
