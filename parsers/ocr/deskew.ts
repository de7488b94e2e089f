// Scans lie a little crooked (0.5–2°): a crooked page puts the words of one table row at different heights and
// breaks ruling lines into steps. The skew is the angle whose horizontal projection of the ink is sharpest; the
// page is turned back by it before lines are looked for and words read.
import type { Bitmap } from './bitmap.js';

const MAX_DEGREES = 3;
/** At most this many ink pixels are sampled to score an angle. */
const SAMPLES = 150_000;

function inkSample(image: Bitmap, threshold: number): { xs: Int32Array; ys: Int32Array } {
  let ink = 0;
  for (let i = 0; i < image.data.length; i += 7) if (image.data[i]! < threshold) ink++;
  const stride = Math.max(1, Math.floor((ink * 7) / SAMPLES));
  const xs: number[] = [];
  const ys: number[] = [];
  let seen = 0;
  const { width, height, data } = image;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x]! < threshold && seen++ % stride === 0) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys) };
}

function sharpness(xs: Int32Array, ys: Int32Array, height: number, width: number, degrees: number): number {
  const slope = Math.tan((degrees * Math.PI) / 180);
  const pad = Math.ceil(Math.abs(slope) * width) + 1;
  const bins = new Uint32Array(height + 2 * pad);
  for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * slope) + pad]!++;
  let score = 0;
  for (let i = 0; i < bins.length; i++) score += bins[i]! * bins[i]!;
  return score;
}

/** The page's skew in degrees (positive: lines descend to the right in the image). */
export function estimateSkew(image: Bitmap, threshold: number): number {
  const { xs, ys } = inkSample(image, threshold);
  if (xs.length < 100) return 0;
  const best = (from: number, to: number, step: number) => {
    let angle = 0;
    let top = -1;
    for (let a = from; a <= to + 1e-9; a += step) {
      const s = sharpness(xs, ys, image.height, image.width, a);
      if (s > top) {
        top = s;
        angle = a;
      }
    }
    return angle;
  };
  const coarse = best(-MAX_DEGREES, MAX_DEGREES, 0.2);
  return best(coarse - 0.2, coarse + 0.2, 0.02);
}

/** The image turned by -degrees about its centre (bilinear), paper-white where nothing was. */
export function rotate(image: Bitmap, degrees: number): Bitmap {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height).fill(255);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const cos = Math.cos((degrees * Math.PI) / 180);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + width]! + (data[i + width + 1]! - data[i + width]!) * fx;
      out[y * width + x] = top + (bottom - top) * fy;
    }
  }
  return { width, height, data: out };
}

/** The page made upright when it is skewed by more than a twentieth of a degree. */
export function deskew(image: Bitmap, threshold: number): { image: Bitmap; degrees: number } {
  const degrees = estimateSkew(image, threshold);
  return { image: Math.abs(degrees) < 0.05 ? image : rotate(image, degrees), degrees };
}
