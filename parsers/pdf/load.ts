// pdf.js on Node, without a worker thread, with the limits that keep one document from stalling a crawl.
import { createRequire } from 'node:module';
import path from 'node:path';
import { DocumentError } from '../errors.js';
import type { OpCodes } from './rulings.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | null = null;

/**
 * Load pdf.js once (the legacy build, for Node 20). Its worker module is registered on globalThis so the
 * "fake worker" runs in this thread (no worker file, no eval).
 *
 * - The worker is the plain file as patched by patches/pdfjs-dist+4.10.38.patch (patch-package, run by
 *   `npm install`): pdf.js's TrueType sanitiser built and sorted an object per glyph slot, and WPS font subsets
 *   keep ~29,000 slots per font. Without the patch's marker this throws rather than run the slow path. The
 *   patch also drops the file's `sourceMappingURL`, so that its 5 MB map (some 140 MB of RSS once parsed) is
 *   never read, whoever loads the file with source maps on. The display layer is the minified file (no map).
 * - Source maps are off while pdf.js loads, for the inline map tsx adds to what it loads.
 * - The legacy build's core-js replaces, process-wide, `Array.prototype.push` with a slow polyfill (for a
 *   V8 ≤ 121 edge case with non-writable array lengths, which pdf.js never meets) and `JSON.parse` with one
 *   that parses in JavaScript whenever a reviver is given (for the "source text access" proposal, which nothing
 *   of pdf.js uses: its one JSON.parse, of pasted editor data, has no reviver). The native ones are put back;
 *   push alone roughly halves the time pdf.js spends building text and operator lists.
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const nativePush = Array.prototype.push;
    const nativeJsonParse = JSON.parse;
    // Under tsx the loaded code carries an inline source map that Node would parse (~30 MB); not for pdf.js.
    const mapsWereOn = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? false;
    if (mapsWereOn) process.setSourceMapsEnabled(false);
    try {
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      assertPatched(worker);
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      return (await import('pdfjs-dist/legacy/build/pdf.min.mjs')) as unknown as PdfJs;
    } finally {
      if (mapsWereOn) process.setSourceMapsEnabled(true);
      if (Array.prototype.push !== nativePush) Array.prototype.push = nativePush;
      if (JSON.parse !== nativeJsonParse) JSON.parse = nativeJsonParse;
    }
  })();
  return pdfjsPromise;
}

/** Throws unless the pdf.js worker module carries the marker of patches/pdfjs-dist+4.10.38.patch. */
export function assertPatched(worker: unknown): void {
  if (typeof (worker as { gongkaiPatched?: unknown }).gongkaiPatched === 'string') return;
  throw new Error(
    'pdfjs-dist is not patched (patches/pdfjs-dist+4.10.38.patch): run `npm install`, whose postinstall applies ' +
      'it with patch-package. Unpatched, pdf.js reads the fonts of WPS PDFs about a fifth slower.',
  );
}

/**
 * A document for pdf.js to "load" fonts into. Nothing is ever drawn, but without one pdf.js on Node falls back
 * to building a vector path for every glyph shown (disableFontFace), which is most of the cost of reading a
 * page's operator list. With this, font rules go nowhere and glyphs are left alone.
 */
export function inertDocument(): unknown {
  const sheet = { cssRules: [] as unknown[], insertRule: () => 0 };
  const head = { append: () => undefined };
  return {
    createElement: () => ({ sheet, remove: () => undefined }),
    documentElement: { getElementsByTagName: () => [head] },
  };
}

/**
 * Stop pdf.js from binding fonts: nothing is drawn, yet each font the operator list meets is handed to the
 * document's FontLoader, which base64-encodes the whole font program into a CSS rule for the inert document to
 * drop — 1–2 MB per WPS report, about a tenth of the time of reading one. The loader is internal to pdf.js
 * (`PDFDocumentProxy._transport.fontLoader`, 4.x); where it is not found, fonts still go to the inert document
 * (slower, same text), and test/documents.pdfjs.test.ts fails so that an upgrade does not lose this unnoticed.
 * Returns whether binding is now skipped.
 */
export function skipFontBinding(doc: unknown): boolean {
  const loader = (doc as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (typeof loader?.bind !== 'function') return false;
  loader.bind = () => Promise.resolve();
  return true;
}

/** Where pdf.js finds its CMaps (non-embedded CJK fonts) and standard font data: files of the package. */
export function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  return {
    cMapUrl: path.join(root, 'cmaps') + path.sep,
    standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
  };
}

export function opCodes(pdfjs: PdfJs): OpCodes {
  const o = pdfjs.OPS;
  return {
    save: o.save,
    restore: o.restore,
    transform: o.transform,
    constructPath: o.constructPath,
    moveTo: o.moveTo,
    lineTo: o.lineTo,
    curveTo: o.curveTo,
    curveTo2: o.curveTo2,
    curveTo3: o.curveTo3,
    closePath: o.closePath,
    rectangle: o.rectangle,
    stroke: o.stroke,
    closeStroke: o.closeStroke,
    fill: o.fill,
    eoFill: o.eoFill,
    fillStroke: o.fillStroke,
    eoFillStroke: o.eoFillStroke,
    closeFillStroke: o.closeFillStroke,
    closeEOFillStroke: o.closeEOFillStroke,
    endPath: o.endPath,
  };
}

/** A pdf.js load failure as the error the user sees. */
export function loadError(err: unknown): DocumentError {
  const name = (err as { name?: string })?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new DocumentError('encrypted', 'the PDF is password-protected');
  if (name === 'InvalidPDFException') return new DocumentError('unreadable', `not a readable PDF: ${message}`);
  return new DocumentError('unreadable', `not a readable PDF: ${message.split('\n')[0]}`);
}
