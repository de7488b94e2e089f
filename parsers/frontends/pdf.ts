// PDF → intermediate form: text items with positions and the ruling lines of each page become text blocks and
// true-grid table blocks (parsers/pdf/*). Scanned, encrypted, corrupt and oversized files get a clear error.
import { DocumentError } from '../errors.js';
import type { PlacedText } from '../pdf/geometry.js';
import { layoutPages, type PageContent } from '../pdf/layout.js';
import { inertDocument, loadError, loadPdfJs, opCodes, pdfjsDataDirs, skipFontBinding } from '../pdf/load.js';
import { applyTo, compose, dominantAngle, IDENTITY, type Matrix, unrotate } from '../pdf/orientation.js';
import { readRulings } from '../pdf/rulings.js';
import { checkPdfStreams } from '../pdf/streams.js';
import type { DocModel } from '../types.js';

export interface PdfLimits {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** Most pages read; a report is a few pages, a 1000-page file is not one report. */
  maxPages: number;
  /** Wall-clock budget for reading the pages, in ms. */
  maxMillis: number;
}

/** A PDF whose pages have no text layer: pictures of pages, for OCR to read (parsers/frontends/ocr.ts). */
export class ScannedPdfError extends DocumentError {
  constructor(readonly pages: number) {
    super('scanned', 'no text layer (scanned PDF)');
  }
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxBytes: 64 * 1024 * 1024, maxPages: 400, maxMillis: 60_000 };

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

function placed(item: TextItemLike, turn: Matrix): PlacedText | null {
  if (!item.str || !item.transform || item.str.trim() === '') return null;
  const [a, b, c, d, e, f] = compose(turn, item.transform as Matrix);
  const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
  return { str: item.str, x: e, y: f, width: item.width ?? size * item.str.length, size };
}

/** Text items of a page, turned upright when the page's text runs vertically in user space. */
function pageText(items: TextItemLike[]): { texts: PlacedText[]; turn: Matrix } {
  const shown = items.filter((i) => i.str && i.str.trim() !== '' && i.transform);
  const angle = dominantAngle(
    shown.map((i) => i.transform!),
    shown.map((i) => i.str!.length),
  );
  const turn = angle === 0 ? IDENTITY : unrotate(angle);
  return { texts: shown.map((i) => placed(i, turn)).filter((t): t is PlacedText => t !== null), turn };
}

export async function pdfToDocModel(bytes: Uint8Array, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<DocModel> {
  const { pages, metadataTitle: rawTitle } = await readPdfPages(bytes, limits);
  const model: DocModel = { source: 'pdf', blocks: layoutPages(pages) };
  const title = metadataTitle(rawTitle, model);
  if (title) model.title = title;
  return model;
}

/** The pages of a PDF as placed text and ruling lines (before layout), and its metadata title. */
export async function readPdfPages(
  bytes: Uint8Array,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<{ pages: PageContent[]; metadataTitle: unknown }> {
  if (bytes.length > limits.maxBytes) {
    throw new DocumentError('too_large', `PDF of ${bytes.length} bytes is over the ${limits.maxBytes}-byte limit`);
  }
  checkPdfStreams(bytes);
  const pdfjs = await loadPdfJs();
  const ops = opCodes(pdfjs);
  const task = pdfjs.getDocument({
    // A copy as a plain Uint8Array: pdf.js takes ownership of (detaches) the buffer it is given, and refuses a
    // Node Buffer (whose slice() is a view, not a copy) — bytes from pg, fs or undici are Buffers.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: false,
    ownerDocument: inertDocument() as Document,
    useSystemFonts: false,
    cMapPacked: true,
    verbosity: 0,
    ...pdfjsDataDirs(),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw loadError(err);
  }
  skipFontBinding(doc);
  try {
    if (doc.numPages > limits.maxPages) {
      throw new DocumentError('too_large', `PDF has ${doc.numPages} pages, over the ${limits.maxPages}-page limit`);
    }
    const started = performance.now();
    const pages: PageContent[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      if (performance.now() - started > limits.maxMillis) throw overTime(limits.maxMillis, n, doc.numPages);
      const deadline = started + limits.maxMillis;
      const page = await beforeDeadline(doc.getPage(n), deadline, limits.maxMillis, n, doc.numPages);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await beforeDeadline(page.getTextContent(), deadline, limits.maxMillis, n, doc.numPages);
      const { texts, turn } = pageText(content.items as TextItemLike[]);
      const corners = [applyTo(turn, x0, y0), applyTo(turn, x1, y1)];
      chars += texts.reduce((s, t) => s + t.str.trim().length, 0);
      let rulings: PageContent['rulings'] = [];
      if (texts.length) {
        const list = await beforeDeadline(page.getOperatorList(), deadline, limits.maxMillis, n, doc.numPages);
        rulings = readRulings(list.fnArray, list.argsArray, ops, turn);
      }
      const ys = corners.map(([, y]) => y);
      pages.push({ top: Math.max(...ys), bottom: Math.min(...ys), texts, rulings });
      page.cleanup();
    }
    if (chars === 0) throw new ScannedPdfError(doc.numPages);
    const meta = await doc.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as { Title?: unknown };
    return { pages, metadataTitle: info.Title };
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw loadError(err);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

function overTime(maxMillis: number, page: number, pages: number): DocumentError {
  return new DocumentError('too_large', `PDF took over ${maxMillis} ms to read (stopped at page ${page} of ${pages})`);
}

/** One pdf.js step, abandoned when the reading budget runs out (the document is then destroyed by the caller). */
async function beforeDeadline<T>(
  step: Promise<T>,
  deadline: number,
  maxMillis: number,
  page: number,
  pages: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(overTime(maxMillis, page, pages)), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([step, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The metadata title, when it can be trusted: producers often keep the template's name ("政府信息公开工作年度
 * 报告") or last year's, so it must name a year that the first lines of the document also name.
 */
function metadataTitle(raw: unknown, model: DocModel): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const title = raw.trim();
  const year = /(?:19|20)\d{2}/.exec(title)?.[0];
  if (!year || !/[\u4e00-\u9fff]/.test(title)) return undefined;
  const head = model.blocks
    .slice(0, 5)
    .map((b) => (b.kind === 'text' ? b.text : ''))
    .join('');
  return head.replace(/\s+/g, '').includes(year) ? title : undefined;
}
