// A minimal zip writer for hostile DOCX files: entries stored deflated, and a central directory that may lie
// about the sizes (the way a zip bomb hides). Only what the corpus needs; not a general archiver.
import zlib from 'node:zlib';

export interface ZipInput {
  name: string;
  data: Buffer;
  /** Write this uncompressed size in the headers instead of the true one (a lying archive). */
  claimedSize?: number;
  /** Already-deflated bytes to store for the entry (saves deflating a huge buffer twice). */
  deflated?: Buffer;
}

function crc32(buf: Buffer): number {
  return zlib.crc32 ? zlib.crc32(buf) : 0;
}

export function makeZip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = e.deflated ?? zlib.deflateRawSync(e.data);
    const size = e.claimedSize ?? e.data.length;
    const crc = e.deflated ? 0 : crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const CONTENT_TYPES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

export const RELS_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A DOCX package around the given word/document.xml body (or a replacement entry for it). */
export function makeDocx(documentXml: ZipInput | string, extra: ZipInput[] = []): Buffer {
  const doc: ZipInput =
    typeof documentXml === 'string'
      ? { name: 'word/document.xml', data: Buffer.from(documentXml, 'utf8') }
      : documentXml;
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES_XML) },
    { name: '_rels/.rels', data: Buffer.from(RELS_XML) },
    doc,
    ...extra,
  ]);
}

export function wordXml(paragraphs: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs
    .map((p) => `<w:p><w:r><w:t>${esc(p)}</w:t></w:r></w:p>`)
    .join('')}</w:body></w:document>`;
}

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';

/** A DOCX holding one table of `rows` × `cols` cells of varied numbers (so the zip's ratio looks honest). */
export function bigTableDocx(rows: number, cols: number): Buffer {
  // 100 distinct rows, cycled: more than deflate's 32 KB window apart, so the ratio stays that of real tables.
  let x = 12345;
  const distinct = Array.from({ length: 100 }, () => {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      cells.push(`<w:tc><w:p><w:r><w:t>${x % 100000}</w:t></w:r></w:p></w:tc>`);
    }
    return `<w:tr>${cells.join('')}</w:tr>`;
  });
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W_NS}><w:body><w:tbl>`,
  ];
  for (let r = 0; r < rows; r++) parts.push(distinct[r % distinct.length]!);
  parts.push('</w:tbl></w:body></w:document>');
  return makeDocx(parts.join(''));
}

/** A DOCX whose body shows one embedded image `count` times (mammoth would inline it as base64 at each). */
export function repeatedImageDocx(image: Buffer, count: number): Buffer {
  const drawing =
    '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="p"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>';
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W_NS}><w:body><w:p><w:r><w:t>2023年政府信息公开工作年度报告</w:t></w:r></w:p>${drawing.repeat(count)}</w:body></w:document>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>`;
  return makeDocx(xml, [
    { name: 'word/_rels/document.xml.rels', data: Buffer.from(rels) },
    { name: 'word/media/image1.png', data: image },
  ]);
}
