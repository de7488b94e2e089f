// Pages whose text runs up or down the page in user space (landscape content drawn rotated, as some printers and
// `--flatten-rotation` tools write it) are turned so that their text reads left to right before layout.
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The text direction most characters on the page follow, as a multiple of 90° (0 = left to right). */
export function dominantAngle(transforms: number[][], weights: number[]): number {
  const votes = new Map<number, number>();
  transforms.forEach((m, i) => {
    const angle = (((Math.round(Math.atan2(m[1]!, m[0]!) / (Math.PI / 2)) * 90) % 360) + 360) % 360;
    votes.set(angle, (votes.get(angle) ?? 0) + (weights[i] ?? 1));
  });
  let best = 0;
  let bestVotes = -1;
  for (const [angle, n] of votes) if (n > bestVotes) [best, bestVotes] = [angle, n];
  return best;
}

/** The rotation that undoes `angle` degrees (a multiple of 90), as a PDF matrix. */
export function unrotate(angle: number): Matrix {
  const r = (-angle * Math.PI) / 180;
  const cos = Math.round(Math.cos(r));
  const sin = Math.round(Math.sin(r));
  return [cos, sin, -sin, cos, 0, 0];
}

/** m applied after n: the PDF convention `n × m`. */
export function compose(m: Matrix, n: Matrix): Matrix {
  return [
    n[0] * m[0] + n[1] * m[2],
    n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2],
    n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4],
    n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}

export function applyTo(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}
