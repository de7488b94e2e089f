// What parsers/pdf/load.ts relies on in pdf.js beyond its documented API: these fail when an upgrade changes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { inertDocument, loadPdfJs, pdfjsDataDirs, skipFontBinding } from '../parsers/pdf/load.js';

const WPS_PDF = join(import.meta.dirname, 'fixtures', 'realdata', 'hongze-2023.pdf');

/** Open the real WPS report with an inert document that counts the font rules it is given. */
async function openCounting(): Promise<{ doc: PDFDocumentProxy; rules: () => number }> {
  const pdfjs = await loadPdfJs();
  const ownerDocument = inertDocument() as { createElement: () => { sheet: { insertRule: () => number } } };
  let rules = 0;
  ownerDocument.createElement().sheet.insertRule = () => ++rules && 0;
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(WPS_PDF)),
    isEvalSupported: false,
    disableFontFace: false,
    ownerDocument: ownerDocument as unknown as Document,
    verbosity: 0,
    ...pdfjsDataDirs(),
  }).promise;
  return { doc, rules: () => rules };
}

describe('pdf.js internals', () => {
  it('skipFontBinding finds the font loader: fonts read for the operator list are no longer encoded into CSS rules', async () => {
    const bound = await openCounting();
    await (await bound.doc.getPage(1)).getOperatorList();
    expect(bound.rules()).toBeGreaterThan(0); // without it every font program becomes a base64 rule
    await bound.doc.destroy();

    const skipped = await openCounting();
    expect(skipFontBinding(skipped.doc)).toBe(true);
    const page = await skipped.doc.getPage(1);
    const list = await page.getOperatorList();
    expect(skipped.rules()).toBe(0);
    expect(list.fnArray.length).toBeGreaterThan(0);
    expect((await page.getTextContent()).items.length).toBeGreaterThan(0);
    await skipped.doc.destroy();
  });

  it('loading pdf.js leaves the native Array.prototype.push in place (the legacy build polyfills it, slowly)', async () => {
    await loadPdfJs();
    expect(Array.prototype.push.toString()).toContain('[native code]');
  });
});
