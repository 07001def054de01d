// 2-D affine matrices as PDF writes them: [a b c d e f] maps (x, y) to (ax + cy + e, bx + dy + f).
import { type PdfValue, numberOf } from './objects';

export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m then n (PDF order: `m cm` inside a state whose CTM is n gives m × n). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

export function applyPoint(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function toMatrix(v: PdfValue | undefined): Matrix | null {
  if (!Array.isArray(v) || v.length < 6) return null;
  const n = v.slice(0, 6).map((x) => numberOf(x));
  return n.every((x) => x !== undefined) ? (n as Matrix) : null;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
