// The ruling lines of an upright page image: long thin runs of ink, horizontal and vertical. They become the
// page's rulings (the same shape the PDF front end reads from drawing operators) and are painted out before the
// words are read, so that Tesseract does not read a border as "|" or "1".
import type { Ruling } from '../pdf/geometry.js';
import type { Bitmap } from './bitmap.js';

interface Segment {
  /** Position across the line (row for horizontal, column for vertical), first and last. */
  lo: number;
  hi: number;
  from: number;
  to: number;
}

/** Runs of ink along one scan line, bridging gaps of up to `gap` pixels (JPEG speckle, a faded pixel). */
function runs(ink: (i: number) => boolean, length: number, minRun: number, gap: number, out: [number, number][]) {
  out.length = 0;
  let start = -1;
  let lastInk = -1;
  for (let i = 0; i < length; i++) {
    if (!ink(i)) continue;
    if (start < 0 || i - lastInk > gap + 1) {
      if (start >= 0 && lastInk - start + 1 >= minRun) out.push([start, lastInk]);
      start = i;
    }
    lastInk = i;
  }
  if (start >= 0 && lastInk - start + 1 >= minRun) out.push([start, lastInk]);
}

function collect(
  lines: number,
  length: number,
  ink: (line: number, i: number) => boolean,
  minRun: number,
  maxThickness: number,
): Segment[] {
  const done: Segment[] = [];
  let open: Segment[] = [];
  const found: [number, number][] = [];
  for (let line = 0; line < lines; line++) {
    runs((i) => ink(line, i), length, minRun, 2, found);
    const next: Segment[] = [];
    for (const [from, to] of found) {
      const same = open.find((s) => s.hi >= line - 2 && Math.min(s.to, to) - Math.max(s.from, from) > (to - from) / 2);
      if (same) {
        same.hi = line;
        same.from = Math.min(same.from, from);
        same.to = Math.max(same.to, to);
        if (!next.includes(same)) next.push(same);
      } else next.push({ lo: line, hi: line, from, to });
    }
    for (const s of open) if (!next.includes(s)) (s.hi >= line - 2 ? next : done).push(s);
    open = next;
  }
  done.push(...open);
  return done.filter((s) => s.hi - s.lo + 1 <= maxThickness);
}

export interface PageLines {
  horizontal: Segment[];
  vertical: Segment[];
}

/** Horizontal lines of at least half an inch, vertical ones of at least a quarter; thinner than 1/40 inch. */
export function findLines(image: Bitmap, threshold: number, dpi: number): PageLines {
  const { width, height, data } = image;
  const thin = Math.max(3, Math.round(dpi / 40));
  const horizontal = collect(height, width, (y, x) => data[y * width + x]! < threshold, dpi * 0.5, thin);
  const vertical = collect(width, height, (x, y) => data[y * width + x]! < threshold, dpi * 0.25, thin);
  return { horizontal, vertical };
}

/** A copy of the image with the lines painted paper-white (one pixel of margin each side). */
export function eraseLines(image: Bitmap, lines: PageLines): Bitmap {
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  for (const s of lines.horizontal) {
    for (let y = Math.max(0, s.lo - 1); y <= Math.min(height - 1, s.hi + 1); y++)
      data.fill(255, y * width + s.from, y * width + s.to + 1);
  }
  for (const s of lines.vertical) {
    for (let y = s.from; y <= s.to; y++) {
      data.fill(255, y * width + Math.max(0, s.lo - 1), y * width + Math.min(width - 1, s.hi + 1) + 1);
    }
  }
  return { width, height, data };
}

/** The lines as rulings in points with y growing up (PDF user space of a page `height` pixels tall). */
export function toRulings(lines: PageLines, height: number, dpi: number): Ruling[] {
  const k = 72 / dpi;
  return [
    ...lines.horizontal.map((s) => ({
      horizontal: true,
      at: (height - (s.lo + s.hi) / 2) * k,
      from: s.from * k,
      to: s.to * k,
    })),
    ...lines.vertical.map((s) => ({
      horizontal: false,
      at: ((s.lo + s.hi) / 2) * k,
      from: (height - s.to) * k,
      to: (height - s.from) * k,
    })),
  ];
}
