// A minimal PDF writer for hostile PDFs: numbered objects, a correct xref table, optional raw streams.
import zlib from 'node:zlib';

export type PdfObject = string | { dict: string; stream: Buffer };

/** objects[0] is object 1; the catalog must be object 1. */
export function makePdf(objects: PdfObject[], opts: { trailerExtra?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const body =
      typeof o === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')
        : Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.stream.length} >>\nstream\n`, 'latin1'),
            o.stream,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ]);
    parts.push(body);
    length += body.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${opts.trailerExtra ?? ''} >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** A one-page PDF whose page content is the given (uncompressed) content stream, with Helvetica as F1. */
export function onePagePdf(content: Buffer | string, streamDict = ''): Buffer {
  const stream = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  return makePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dict: streamDict, stream },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

const TEXT = 'BT /F1 12 Tf 72 760 Td (2023 report) Tj ET\n';
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** A page that draws form XObject 5, whose content draws itself (a cycle pdf.js follows). */
export function selfDrawingFormPdf(): Buffer {
  return makePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> /XObject << /X 5 0 R >> >> >>',
    { dict: '', stream: Buffer.from(`${TEXT}/X Do\n`, 'latin1') },
    {
      dict: '/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> /XObject << /X 5 0 R >> >>',
      stream: Buffer.from(`${TEXT}0 0 m 100 0 l S /X Do\n`, 'latin1'),
    },
    FONT,
  ]);
}

/** `levels` levels of forms, each drawing the next level's form `fanout` times: fanout^levels draws. */
export function nestedFormsPdf(levels = 10, fanout = 10): Buffer {
  // Objects: 1 catalog, 2 pages, 3 page, 4 contents, 5 font, 6.. forms (level 1 is object 6).
  const form = (level: number) => 5 + level;
  const objects: PdfObject[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X ${form(1)} 0 R >> >> >>`,
    { dict: '', stream: Buffer.from(`${TEXT}/X Do\n`, 'latin1') },
    FONT,
  ];
  for (let level = 1; level <= levels; level++) {
    const next = level < levels ? `/XObject << /X ${form(level + 1)} 0 R >>` : '';
    const body = level < levels ? '/X Do '.repeat(fanout) : TEXT;
    objects.push({
      dict: `/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> ${next} >>`,
      stream: Buffer.from(`0 0 m 100 0 l S ${body}\n`, 'latin1'),
    });
  }
  return makePdf(objects);
}

/** zlib-wrapped deflate of `mib` MiB of zeros, built from one compressed 1 MiB piece repeated (seconds, not
 *  minutes, for 2 GiB): each piece is a run of non-final blocks with no reference outside itself. */
export function zerosDeflated(mib: number): Buffer {
  const piece = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const n = mib * 1024 * 1024;
  // adler32 of n zero bytes: a = 1, b = n mod 65521.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((n % 65521) * 65536 + 1);
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array.from({ length: mib }, () => piece),
    Buffer.from([3, 0]),
    adler,
  ]);
}

/** A content stream under two FlateDecode layers that inflates to `mib` MiB (a few KB on disk). */
export function twoLayerFlatePdf(mib = 2048): Buffer {
  const inner = zerosDeflated(mib);
  const outer = zlib.deflateSync(inner, { level: 9 });
  return onePagePdf(outer, '/Filter [/FlateDecode /FlateDecode]');
}

/** A page of text and `count` ruling segments, deflated. */
export function rulingFloodPdf(count = 1_000_000): Buffer {
  const block: string[] = [];
  for (let i = 0; i < 1000; i++) block.push(`${i % 500} ${(i * 7) % 800} m ${(i % 500) + 50} ${(i * 7) % 800} l S\n`);
  const content = TEXT + block.join('').repeat(Math.ceil(count / 1000));
  return onePagePdf(zlib.deflateSync(Buffer.from(content, 'latin1')), '/Filter /FlateDecode');
}
