// What parsers/pdf/load.ts relies on in pdf.js beyond its documented API: these fail when an upgrade changes it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { assertPatched, inertDocument, loadPdfJs, pdfjsDataDirs, skipFontBinding } from '../../parsers/pdf/load.js';

const WPS_PDF = join(import.meta.dirname, '..', 'fixtures', 'realdata', 'hongze-2023.pdf');
const ROOT = join(import.meta.dirname, '..', '..');
// Taken before anything loads pdf.js, whose legacy build replaces both process-wide.
const nativePush = Array.prototype.push;
const nativeJsonParse = JSON.parse;

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

  it('loading pdf.js leaves the native Array.prototype.push and JSON.parse in place (the legacy build polyfills them, slowly)', async () => {
    await loadPdfJs();
    // By identity: core-js makes its polyfills' toString() say "[native code]".
    expect(Array.prototype.push).toBe(nativePush);
    expect(JSON.parse).toBe(nativeJsonParse);
  });
});

describe('the pdf.js patch (patches/, applied by npm install)', () => {
  it('is applied to the installed pdfjs-dist: npm install ran patch-package on the version the patch is for', async () => {
    const installed = (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', 'pdfjs-dist', 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(readdirSync(join(ROOT, 'patches')).filter((f) => f.startsWith('pdfjs-dist+'))).toEqual([
      `pdfjs-dist+${installed}.patch`,
    ]);
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    expect(() => assertPatched(worker)).not.toThrow();
    await expect(loadPdfJs()).resolves.toBeDefined();
  });

  it('an unpatched pdf.js worker module is refused, with the command that fixes it', () => {
    expect(() => assertPatched({ WorkerMessageHandler: {} })).toThrow(/not patched.*npm install/);
  });
});
