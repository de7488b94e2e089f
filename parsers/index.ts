// bytes → canonical report. Pure: no I/O, no clock, no globals beyond caches of pure data.
import { DocumentError } from './errors.js';
import { extractReport } from './extract/index.js';
import { decodeText } from './frontends/decode.js';
import { htmlToDocModel } from './frontends/html.js';
import { isOcrModel } from './frontends/ocr.js';
import { textToDocModel } from './frontends/text.js';
import { verifyOcrReport } from './ocr/verify.js';
import { sniffKind } from './sniff.js';
import type { DocModel, ParseInput, ParseOutcome } from './types.js';

export { DocumentError } from './errors.js';
export { extractReport } from './extract/index.js';
export { decodeBytes, decodeText } from './frontends/decode.js';
export type { Cell, DocModel, Finding, ParseInput, ParseOutcome, Report, Table } from './types.js';
export { validateReport } from './validate.js';

/** How a caller follows a parse: OCR takes seconds per page, so a caller that bounds a parse's time (the parser
 *  pool) is told when a document turns out to need it, and for how many pages. */
export interface ParseOptions {
  onOcr?: (pages: number) => void;
}

/** Turn the bytes into the intermediate form, by the front end their kind calls for. */
export async function toDocModel(input: ParseInput, options: ParseOptions = {}): Promise<DocModel> {
  const kind = sniffKind(input.bytes, input.contentType, input.fileName);
  switch (kind) {
    case 'pdf':
      return pdfOrScan(input.bytes, options);
    case 'docx':
      return (await import('./frontends/docx.js')).docxToDocModel(input.bytes);
    case 'doc':
      return (await import('./frontends/doc.js')).docToDocModel(input.bytes);
    case 'html':
    case 'text': {
      const text = decodeText(input.bytes, input.contentType);
      if (text.trim() === '') throw new DocumentError('empty', 'the document has no text');
      return kind === 'html' ? htmlToDocModel(text) : textToDocModel(text);
    }
    case 'zip':
    case 'binary':
      throw new DocumentError('unsupported', 'binary data that is not a PDF, DOCX or DOC document');
  }
}

/** A PDF by its text layer; one without (a scan) by OCR when Tesseract is installed. */
async function pdfOrScan(bytes: Uint8Array, options: ParseOptions): Promise<DocModel> {
  const { pdfToDocModel, ScannedPdfError } = await import('./frontends/pdf.js');
  try {
    return await pdfToDocModel(bytes);
  } catch (err) {
    if (!(err instanceof ScannedPdfError)) throw err;
    const { ocrAvailable, OCR_INSTALL_HINT } = await import('./ocr/run.js');
    if (!ocrAvailable()) {
      throw new DocumentError('scanned', `no text layer (scanned PDF); to read it by OCR: ${OCR_INSTALL_HINT}`);
    }
    const { scannedPdfToDocModel, DEFAULT_OCR_LIMITS } = await import('./frontends/ocr.js');
    if (err.pages <= DEFAULT_OCR_LIMITS.maxPages) options.onOcr?.(err.pages);
    return scannedPdfToDocModel(bytes, err.pages);
  }
}

/** Parse one document into the canonical report, or say precisely why it is not one. Never throws. */
export async function parseDocument(input: ParseInput, options: ParseOptions = {}): Promise<ParseOutcome> {
  try {
    if (input.bytes.length === 0) throw new DocumentError('empty', 'the document is empty (0 bytes)');
    const model = await toDocModel(input, options);
    const report = extractReport(model, input.hints);
    if (isOcrModel(model)) return verifyOcrReport(model, report, input.hints);
    return { ok: true, report, source: model.source };
  } catch (err) {
    if (err instanceof DocumentError) return { ok: false, error: { code: err.code, message: err.message } };
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { code: 'unreadable', message: `could not read the document: ${message.split('\n')[0]}` },
    };
  }
}
