// A minimal OLE2 (compound file) writer for hostile DOC files: a 512-byte header, then 512-byte sectors whose
// FAT, directory and streams the caller lays out by hand — including chains that loop and headers that lie.

const SECTOR = 512;
export const FREE = -1;
export const END_OF_CHAIN = -2;
export const FAT_SECTOR = -3;

export interface OleLayout {
  /** Sector ids of the FAT sectors (the header's DIFAT lists the first 109). */
  fatSectors: number[];
  /** The FAT: next sector of each sector (FREE/END_OF_CHAIN/FAT_SECTOR or an id). */
  fat: number[];
  /** Overrides the header's count of FAT sectors (a header that lies). */
  declaredFatSectors?: number;
  directoryStart: number;
  miniFatStart?: number;
  /** Sector contents beyond the FAT sectors, by sector id (zero-filled where absent). */
  sectors: Map<number, Buffer>;
  sectorCount: number;
}

/** One 128-byte directory entry. */
export function dirEntry(name: string, type: number, start: number, size: number, child = -1, left = -1, right = -1) {
  const e = Buffer.alloc(128);
  const n = Buffer.from(`${name}\u0000`, 'utf16le');
  n.copy(e, 0, 0, Math.min(64, n.length));
  e.writeUInt16LE(Math.min(64, n.length), 64);
  e.writeUInt8(type, 66);
  e.writeUInt8(1, 67);
  e.writeInt32LE(left, 68);
  e.writeInt32LE(right, 72);
  e.writeInt32LE(child, 76);
  e.writeInt32LE(start, 116);
  e.writeUInt32LE(size, 120);
  return e;
}

export function makeOle(l: OleLayout): Buffer {
  const header = Buffer.alloc(SECTOR);
  Buffer.from('D0CF11E0A1B11AE1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 24); // minor version
  header.writeUInt16LE(3, 26); // major version 3: 512-byte sectors
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // sector shift
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeInt32LE(l.declaredFatSectors ?? l.fatSectors.length, 44);
  header.writeInt32LE(l.directoryStart, 48);
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeInt32LE(l.miniFatStart ?? END_OF_CHAIN, 60);
  header.writeInt32LE(l.miniFatStart === undefined ? 0 : 1, 64);
  header.writeInt32LE(END_OF_CHAIN, 68); // no DIFAT sectors
  header.writeInt32LE(0, 72);
  for (let i = 0; i < 109; i++) header.writeInt32LE(l.fatSectors[i] ?? FREE, 76 + i * 4);
  const body = Buffer.alloc(l.sectorCount * SECTOR);
  const perSector = SECTOR / 4;
  l.fatSectors.forEach((s, k) => {
    for (let i = 0; i < perSector; i++) body.writeInt32LE(l.fat[k * perSector + i] ?? FREE, s * SECTOR + i * 4);
  });
  for (const [id, data] of l.sectors) data.copy(body, id * SECTOR, 0, Math.min(SECTOR, data.length));
  return Buffer.concat([header, body]);
}

/** A 2.5 KB DOC whose directory chain loops between two sectors (1 → 2 → 1 …). */
export function loopingFatDoc(): Buffer {
  const dir = Buffer.concat([
    dirEntry('Root Entry', 5, END_OF_CHAIN, 0, 1),
    dirEntry('WordDocument', 2, 3, 4096),
    Buffer.alloc(256),
  ]);
  return makeOle({
    fatSectors: [0],
    fat: [FAT_SECTOR, 2, 1, END_OF_CHAIN],
    directoryStart: 1,
    sectors: new Map([
      [1, dir],
      [2, dir],
    ]),
    sectorCount: 4,
  });
}

/** A small DOC whose header declares two million FAT sectors. */
export function hugeFatDoc(): Buffer {
  return makeOle({
    fatSectors: [0],
    fat: [FAT_SECTOR, END_OF_CHAIN],
    declaredFatSectors: 2_000_000,
    directoryStart: 1,
    sectors: new Map([[1, dirEntry('Root Entry', 5, END_OF_CHAIN, 0)]]),
    sectorCount: 2,
  });
}
