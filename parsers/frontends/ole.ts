// The OLE2 compound file under a DOC, checked before word-extractor reads it: word-extractor trusts the header's
// sector counts (two million FAT sectors → a table of 256 million entries) and follows sector chains without
// noticing a loop (A → B → A grows an array until the heap is gone). Here every count is held to the file's size
// and every chain word-extractor will follow is walked once with a visited set.
import { DocumentError } from '../errors.js';

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HEADER = 512;
const END_OF_CHAIN = -2;
const FREE = -1;
const DIR_ENTRY = 128;
const MINI_SECTOR = 64;

const bad = (why: string) => new DocumentError('unreadable', `not a readable Word 97-2003 document: ${why}`);

/** Throws `unreadable` for a compound file whose header, FAT, directory or stream chains do not hold together. */
export function checkOle(bytes: Uint8Array): void {
  if (bytes.length < HEADER || SIGNATURE.some((b, i) => bytes[i] !== b)) throw bad('not an OLE2 compound file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const i32 = (at: number) => view.getInt32(at, true);
  const sectorShift = view.getUint16(30, true);
  if (sectorShift !== 9 && sectorShift !== 12) throw bad(`sector size 2^${sectorShift}`);
  if (view.getUint16(32, true) !== 6) throw bad('mini sector size is not 64 bytes');
  if (view.getUint32(56, true) !== 4096) throw bad('mini stream cutoff is not 4096 bytes');
  const sectorSize = 1 << sectorShift;
  // Sector 0 follows the header's sector (512 or 4096 bytes), as word-extractor reads it.
  const sectors = Math.max(0, Math.ceil((bytes.length - sectorSize) / sectorSize));
  const perSector = sectorSize / 4;
  const inFile = (id: number) => id >= 0 && id < sectors;
  const offsetOf = (id: number) => (id + 1) * sectorSize;

  const fatSectors = i32(44);
  const difatSectors = i32(72);
  if (fatSectors < 0 || fatSectors > sectors)
    throw bad(`the header declares ${fatSectors} FAT sectors in a file of ${sectors}`);
  if (difatSectors < 0 || difatSectors > sectors) throw bad(`the header declares ${difatSectors} DIFAT sectors`);

  // The FAT's sector ids: 109 in the header, the rest in the DIFAT chain (each sector's last slot links the next).
  const fatIds: number[] = [];
  for (let i = 0; i < Math.min(109, fatSectors); i++) fatIds.push(i32(76 + i * 4));
  const seenDifat = new Set<number>();
  for (let id = i32(68), n = 0; fatIds.length < fatSectors && n < difatSectors; n++) {
    if (!inFile(id) || seenDifat.has(id)) throw bad('the DIFAT chain loops or leaves the file');
    seenDifat.add(id);
    for (let k = 0; k < perSector - 1 && fatIds.length < fatSectors; k++) fatIds.push(i32(offsetOf(id) + k * 4));
    id = i32(offsetOf(id) + (perSector - 1) * 4);
  }
  if (fatIds.length < fatSectors) throw bad('the DIFAT lists fewer FAT sectors than the header declares');
  const fat = new Int32Array(fatIds.length * perSector).fill(FREE);
  fatIds.forEach((id, k) => {
    if (!inFile(id)) throw bad(`FAT sector ${id} is outside the file`);
    const at = offsetOf(id);
    const n = Math.min(perSector, (bytes.length - at) >> 2);
    for (let i = 0; i < n; i++) fat[k * perSector + i] = i32(at + i * 4);
  });

  /** The sectors of a chain, walked once: a loop, a sector outside the file or a chain longer than the file
   *  is refused before word-extractor follows it. */
  const chain = (table: Int32Array, start: number, limit: number, what: string): number => {
    const seen = new Uint8Array(Math.max(limit, 1));
    let n = 0;
    for (let id = start; id !== END_OF_CHAIN && id !== FREE; id = table[id] ?? END_OF_CHAIN) {
      if (id < 0 || id >= limit) throw bad(`the ${what} chain points outside the file`);
      if (seen[id]) throw bad(`the ${what} chain loops`);
      seen[id] = 1;
      n++;
    }
    return n;
  };

  const dirSectors = chain(fat, i32(48), sectors, 'directory');
  const miniFatStart = i32(60);
  const miniFatSectors = miniFatStart < 0 ? 0 : chain(fat, miniFatStart, sectors, 'mini FAT');
  const declaredMiniFat = i32(64);
  if (declaredMiniFat < 0 || declaredMiniFat > sectors)
    throw bad(`the header declares ${declaredMiniFat} mini FAT sectors`);

  // Directory entries: the sectors of the directory chain, in order.
  const entries: { type: number; left: number; right: number; child: number; start: number; size: number }[] = [];
  for (let id = i32(48), k = 0; k < dirSectors; k++, id = fat[id]!) {
    for (let e = 0; e < sectorSize / DIR_ENTRY; e++) {
      const at = offsetOf(id) + e * DIR_ENTRY;
      if (at + DIR_ENTRY > bytes.length) break;
      entries.push({
        type: view.getUint8(at + 66),
        left: i32(at + 68),
        right: i32(at + 72),
        child: i32(at + 76),
        start: i32(at + 116),
        size: view.getUint32(at + 120, true),
      });
    }
  }
  const root = entries.findIndex((e) => e.type === 5);
  if (root < 0) throw bad('no root directory entry');
  const ref = (i: number) => i === FREE || (i >= 0 && i < entries.length);
  for (const e of entries) {
    if (!ref(e.left) || !ref(e.right) || !ref(e.child)) throw bad('a directory entry points outside the directory');
  }
  // The tree word-extractor walks recursively (left, right, child): every entry reached once, or it is a loop.
  const reached = new Uint8Array(entries.length);
  const stack = [root];
  while (stack.length) {
    const i = stack.pop()!;
    if (reached[i]) throw bad('the directory tree loops');
    reached[i] = 1;
    const e = entries[i]!;
    for (const next of [e.left, e.right, e.child]) if (next !== FREE) stack.push(next);
  }

  const miniStreamSize = entries[root]!.size;
  const miniStreamSectors = chain(fat, entries[root]!.start, sectors, 'mini stream');
  if (miniStreamSize > miniStreamSectors * sectorSize) throw bad('the mini stream is longer than its sectors');
  const miniFat = new Int32Array(miniFatSectors * perSector).fill(FREE);
  for (let id = miniFatStart, k = 0; k < miniFatSectors; k++, id = fat[id]!) {
    for (let i = 0; i < perSector; i++) miniFat[k * perSector + i] = i32(offsetOf(id) + i * 4);
  }
  const miniSectors = Math.floor(miniStreamSize / MINI_SECTOR);
  entries.forEach((e, i) => {
    if (e.type !== 2 || !reached[i]) return;
    if (e.size > bytes.length) throw bad(`a stream declares ${e.size} bytes in a file of ${bytes.length}`);
    const mini = e.size < 4096;
    const n = mini ? chain(miniFat, e.start, miniSectors, 'stream') : chain(fat, e.start, sectors, 'stream');
    if (e.size > n * (mini ? MINI_SECTOR : sectorSize)) throw bad('a stream is longer than its sectors');
  });
}
