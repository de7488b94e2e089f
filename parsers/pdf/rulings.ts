// The ruling lines of a page, read from its operator list: table borders drawn as stroked lines, stroked
// rectangles, or thin filled rectangles (as WPS and Word do).
import { DocumentError } from '../errors.js';
import type { Ruling } from './geometry.js';
import { applyTo as apply, compose, IDENTITY, type Matrix } from './orientation.js';

/** The pdf.js operator codes this module reads (pdf.js `OPS`). */
export interface OpCodes {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  moveTo: number;
  lineTo: number;
  curveTo: number;
  curveTo2: number;
  curveTo3: number;
  closePath: number;
  rectangle: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  endPath: number;
}

type Point = [number, number];

/** Thicker than this (in points), a filled rectangle is shading, not a line. */
const THIN = 2.5;
/** Shorter than this, a segment is a tick or a glyph fragment, not a border. */
const SHORT = 2;

/** A report's page has a few hundred ruling segments; a million would hold gigabytes of geometry. */
export const MAX_RULINGS = 100_000;

/** Collect the page's ruling lines in user space (or in the space `base` maps user space to). */
export function readRulings(
  fnArray: ArrayLike<number>,
  argsArray: unknown[],
  ops: OpCodes,
  base: Matrix = IDENTITY,
): Ruling[] {
  const out: Ruling[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = base;
  let subpaths: Point[][] = [];
  let rects: Point[][] = [];

  const paint = (stroke: boolean, fill: boolean) => {
    for (const r of rects) addPolygon(r, stroke, fill, out);
    for (const sp of subpaths) {
      if (stroke) addPolyline(sp, out);
      else if (fill) addPolygon(sp, false, true, out);
    }
    subpaths = [];
    rects = [];
    if (out.length > MAX_RULINGS) {
      throw new DocumentError('too_large', `a PDF page draws over ${MAX_RULINGS} ruling lines (not a report's table)`);
    }
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? ctm;
    else if (fn === ops.transform)
      ctm = compose(ctm, args as unknown as Matrix); // the new transform applied before the current one
    else if (fn === ops.constructPath) {
      const [pathOps, coords] = args as [ArrayLike<number>, ArrayLike<number>];
      let k = 0;
      let current: Point[] | null = null;
      for (let j = 0; j < pathOps.length; j++) {
        const op = pathOps[j];
        if (op === ops.rectangle) {
          const x = coords[k++]!,
            y = coords[k++]!,
            w = coords[k++]!,
            h = coords[k++]!;
          rects.push([apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x + w, y + h), apply(ctm, x, y + h)]);
          current = null;
        } else if (op === ops.moveTo) {
          current = [apply(ctm, coords[k++]!, coords[k++]!)];
          subpaths.push(current);
        } else if (op === ops.lineTo) {
          const p = apply(ctm, coords[k++]!, coords[k++]!);
          if (current) current.push(p);
          else subpaths.push((current = [p]));
        } else if (op === ops.curveTo) {
          k += 6;
          current = null; // curves are never table borders
        } else if (op === ops.curveTo2 || op === ops.curveTo3) {
          k += 4;
          current = null;
        } else if (op === ops.closePath) {
          if (current && current.length > 1) current.push(current[0]!);
        }
      }
    } else if (fn === ops.stroke || fn === ops.closeStroke) paint(true, false);
    else if (fn === ops.fill || fn === ops.eoFill) paint(false, true);
    else if (
      fn === ops.fillStroke ||
      fn === ops.eoFillStroke ||
      fn === ops.closeFillStroke ||
      fn === ops.closeEOFillStroke
    )
      paint(true, true);
    else if (fn === ops.endPath) {
      subpaths = [];
      rects = [];
    }
  }
  return out;
}

function bbox(points: Point[]) {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return { x0, y0, x1, y1 };
}

/** A closed shape: thin → one line along it; stroked → its four edges; large and only filled → shading. */
function addPolygon(points: Point[], stroke: boolean, fill: boolean, out: Ruling[]): void {
  const { x0, y0, x1, y1 } = bbox(points);
  const w = x1 - x0,
    h = y1 - y0;
  if (h <= THIN && w > SHORT) out.push({ horizontal: true, at: (y0 + y1) / 2, from: x0, to: x1 });
  else if (w <= THIN && h > SHORT) out.push({ horizontal: false, at: (x0 + x1) / 2, from: y0, to: y1 });
  else if (stroke && w > SHORT && h > SHORT) {
    out.push({ horizontal: true, at: y0, from: x0, to: x1 }, { horizontal: true, at: y1, from: x0, to: x1 });
    out.push({ horizontal: false, at: x0, from: y0, to: y1 }, { horizontal: false, at: x1, from: y0, to: y1 });
  } else if (fill && !stroke) {
    // a filled cell background: not a border
  }
}

function addPolyline(points: Point[], out: Ruling[]): void {
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) > SHORT)
      out.push({ horizontal: true, at: (ay + by) / 2, from: Math.min(ax, bx), to: Math.max(ax, bx) });
    else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) > SHORT)
      out.push({ horizontal: false, at: (ax + bx) / 2, from: Math.min(ay, by), to: Math.max(ay, by) });
  }
}
