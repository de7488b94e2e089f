// pdf.js on Node, without a worker thread, with the limits that keep one document from stalling a crawl.
import { createRequire } from 'node:module';
import path from 'node:path';
import { DocumentError } from '../errors.js';
import type { OpCodes } from './rulings.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | null = null;

/** Load pdf.js once. Its worker module is registered on globalThis so the "fake worker" runs in this thread. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsPromise;
}

/** Where pdf.js finds its CMaps (non-embedded CJK fonts) and standard font data: files of the package. */
export function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  return { cMapUrl: path.join(root, 'cmaps') + path.sep, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep };
}

export function opCodes(pdfjs: PdfJs): OpCodes {
  const o = pdfjs.OPS;
  return {
    save: o.save, restore: o.restore, transform: o.transform, constructPath: o.constructPath,
    moveTo: o.moveTo, lineTo: o.lineTo, curveTo: o.curveTo, curveTo2: o.curveTo2, curveTo3: o.curveTo3,
    closePath: o.closePath, rectangle: o.rectangle, stroke: o.stroke, closeStroke: o.closeStroke, fill: o.fill,
    eoFill: o.eoFill, fillStroke: o.fillStroke, eoFillStroke: o.eoFillStroke, closeFillStroke: o.closeFillStroke,
    closeEOFillStroke: o.closeEOFillStroke, endPath: o.endPath,
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
