// Bad documents get one clear error each, never a throw or an empty report; the bytes decide the kind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../parsers/errors.js';
import { checkDocxZip, zipEntries } from '../../parsers/frontends/docx.js';
import { DEFAULT_PDF_LIMITS, pdfToDocModel } from '../../parsers/frontends/pdf.js';
import { parseDocument, toDocModel } from '../../parsers/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const GENERATED = join(FIXTURES, 'generated');
const read = (path: string) => new Uint8Array(readFileSync(path));
const seedPdf = () => read(join(GENERATED, '001_036455f488ab67f2.pdf'));
const seedDocx = () => read(join(GENERATED, '001_036455f488ab67f2.docx'));

async function errorOf(bytes: Uint8Array, fileName: string) {
  const outcome = await parseDocument({ bytes, fileName });
  if (outcome.ok) throw new Error(`${fileName} parsed, but an error was expected`);
  expect(outcome.error.message).not.toContain('\n');
  return outcome.error;
}

/** A zip holding one stored entry whose central directory declares `declaredSize` uncompressed bytes. */
function zipWith(name: string, content: Uint8Array, declaredSize = content.length): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint32(18, content.length, true);
  local.setUint32(22, declaredSize, true);
  local.setUint16(26, nameBytes.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint32(20, content.length, true);
  central.setUint32(24, declaredSize, true);
  central.setUint16(28, nameBytes.length, true);
  const localSize = 30 + nameBytes.length + content.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, 46 + nameBytes.length, true);
  end.setUint32(16, localSize, true);
  const parts = [
    new Uint8Array(local.buffer),
    nameBytes,
    content,
    new Uint8Array(central.buffer),
    nameBytes,
    new Uint8Array(end.buffer),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('PDF errors', () => {
  it('a password-protected PDF (qpdf --encrypt, AES-256) is "encrypted"', async () => {
    const error = await errorOf(read(join(GENERATED, 'encrypted.pdf')), 'encrypted.pdf');
    expect(error).toEqual({ code: 'encrypted', message: 'the PDF is password-protected' });
  });

  it('a scanned PDF (one image, no text layer) is read by OCR: its one page holds no tables', async () => {
    // without Tesseract it is "scanned" with an install hint (test/parsers/ocr.test.ts)
    const error = await errorOf(read(join(GENERATED, 'scanned.pdf')), 'scanned.pdf');
    expect(error?.code).toBe('not_a_report');
    expect(error?.message).toMatch(/parts 二, 三, 四/);
  });

  it('a truncated PDF is "unreadable"', async () => {
    const bytes = seedPdf();
    const error = await errorOf(bytes.subarray(0, Math.floor(bytes.length / 3)), 'cut.pdf');
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/^not a readable PDF: /);
  });

  it('a PDF header followed by garbage is "unreadable"', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.7\n${'garbage '.repeat(200)}`);
    const error = await errorOf(bytes, 'garbage.pdf');
    expect(error.code).toBe('unreadable');
  });

  it('a zero-byte file is "empty"', async () => {
    expect(await errorOf(new Uint8Array(0), 'report.pdf')).toEqual({
      code: 'empty',
      message: 'the document is empty (0 bytes)',
    });
  });

  it('over the page cap, the byte cap or the time budget: "too_large"', async () => {
    const bytes = seedPdf();
    await expect(pdfToDocModel(bytes, { ...DEFAULT_PDF_LIMITS, maxPages: 3 })).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/^PDF has 7 pages, over the 3-page limit$/),
    });
    await expect(pdfToDocModel(bytes, { ...DEFAULT_PDF_LIMITS, maxBytes: 1000 })).rejects.toMatchObject({
      code: 'too_large',
    });
    await expect(pdfToDocModel(bytes, { ...DEFAULT_PDF_LIMITS, maxMillis: -1 })).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/took over -1 ms/),
    });
  });
});

describe('PDF time budget', () => {
  it('a long PDF read with a small budget stops part-way with "too_large", naming the page', async () => {
    const long = read(join(GENERATED, 'long-200.pdf'));
    const error = await pdfToDocModel(long, { ...DEFAULT_PDF_LIMITS, maxMillis: 150 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toMatchObject({ code: 'too_large' });
    const page = Number(/stopped at page (\d+) of 200/.exec((error as Error).message)?.[1]);
    expect(page).toBeGreaterThanOrEqual(1);
    expect(page).toBeLessThan(200);
  });
});

describe('DOCX and DOC errors', () => {
  it('a .docx that is not a zip at all (binary) is refused as an unsupported binary', async () => {
    const bytes = new Uint8Array(512).map((_, i) => (i * 37 + 11) % 256);
    const error = await errorOf(bytes, 'report.docx');
    expect(error.code).toBe('unsupported');
  });

  it('a .docx with a zip signature but no zip behind it is "unreadable"', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('not really a zip '.repeat(20))]);
    const error = await errorOf(bytes, 'report.docx');
    expect(error).toEqual({
      code: 'unreadable',
      message: 'not a Word document: truncated or corrupt zip (no central directory)',
    });
  });

  it('a zip that is not a Word document says so', async () => {
    const error = await errorOf(read(join(GENERATED, 'not-a-docx.zip')), 'report.docx');
    expect(error).toEqual({ code: 'unreadable', message: 'not a Word document: zip without word/document.xml' });
  });

  it('a zip bomb is refused from its directory, before anything is inflated', async () => {
    const bomb = zipWith('word/document.xml', new TextEncoder().encode('<w:document/>'), 0xf0000000);
    expect(zipEntries(bomb)).toMatchObject([
      { name: 'word/document.xml', compressedSize: 13, uncompressedSize: 0xf0000000 },
    ]);
    expect(() => checkDocxZip(bomb)).toThrow(DocumentError);
    const error = await errorOf(bomb, 'bomb.docx');
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/inflates to 4026531840 bytes/);
  });

  it('a zip with word/document.xml that mammoth cannot read is "unreadable"', async () => {
    const broken = zipWith('word/document.xml', new TextEncoder().encode('this is not xml <<<'));
    const error = await errorOf(broken, 'broken.docx');
    expect(error.code).toBe('unreadable');
  });

  it('a password-protected Office file (an OLE2 container with an EncryptedPackage stream) is "encrypted"', async () => {
    const name = new Uint8Array(Buffer.from('EncryptedPackage', 'utf16le'));
    const bytes = new Uint8Array(4096);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    bytes.set(name, 1024);
    expect(await errorOf(bytes, 'report.docx')).toEqual({
      code: 'encrypted',
      message: 'the Word document is password-protected',
    });
  });

  it('an OLE2 file that is not a Word document is "unreadable"', async () => {
    const bytes = new Uint8Array(4096);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await errorOf(bytes, 'report.doc');
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/^not a readable Word 97-2003 document/);
  });
});

describe('input types', () => {
  it("Node Buffers (from fs, pg, undici) are read like Uint8Arrays, and the caller's bytes are left intact", async () => {
    for (const file of ['001_036455f488ab67f2.pdf', '001_036455f488ab67f2.docx', '000_9a0889932f31a8f7.doc']) {
      const buffer = readFileSync(join(GENERATED, file));
      const before = buffer.length;
      const outcome = await parseDocument({ bytes: buffer, fileName: file });
      expect(outcome.ok, file).toBe(true);
      expect(buffer.length).toBe(before);
    }
  });
});

describe('the bytes decide, not the extension', () => {
  it('a PDF named .docx is read as PDF, a DOCX named .pdf as DOCX, a DOC named .pdf as DOC', async () => {
    expect((await toDocModel({ bytes: seedPdf(), fileName: 'report.docx' })).source).toBe('pdf');
    expect(
      (await toDocModel({ bytes: seedDocx(), fileName: 'report.pdf', contentType: 'application/pdf' })).source,
    ).toBe('docx');
    const doc = read(join(GENERATED, '000_9a0889932f31a8f7.doc'));
    expect((await toDocModel({ bytes: doc, fileName: 'report.pdf' })).source).toBe('doc');
    expect((await toDocModel({ bytes: doc, fileName: 'report.wps' })).source).toBe('doc');
  });
});
