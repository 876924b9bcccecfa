import { createSimdDots, dotRow, type SimdDots } from './simdDots.ts';
import type { ScaledVector } from './scanPrefix.ts';

// the kernel's memory: the int16 query row, the slot numbers, their dot products, then the rows
const Q_AT = 0;
const SLOTS_AT = 65_536;
const MAX_ROWS = 4096;
const OUT_AT = SLOTS_AT + MAX_ROWS * 4;
const DATA_AT = OUT_AT + MAX_ROWS * 4;
const PAGE = 65_536;

/**
 * Dot products between every pair of a few stored vectors (row-major, n²), in the WebAssembly SIMD kernel where it
 * runs: neighbour smoothing of a prefix index's candidates (smoothScores.ts) reads their whole vectors this way —
 * ten times faster than the same loop in JavaScript. One kernel per caller, made on first use; undefined past 4,096 rows.
 */
export function createGramKernel(dim: number): (rows: readonly ScaledVector[]) => Float64Array | undefined {
  let kernel: SimdDots | undefined | null = dim % 8 === 0 ? undefined : null;
  return (rows) => {
    const n = rows.length;
    if (n > MAX_ROWS || rows.some((r) => r.vector.length !== dim)) return undefined;
    const out = new Float64Array(n * n);
    if (kernel === undefined) kernel = createSimdDots(1 + Math.ceil((DATA_AT + 256 * dim) / PAGE)) ?? null;
    if (!kernel) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = dotRow(rows[i]!.vector, rows[j]!.vector, 0, dim) * rows[i]!.scale * rows[j]!.scale;
      return out;
    }
    const need = DATA_AT + n * dim;
    if (kernel.memory.buffer.byteLength < need) kernel.memory.grow(Math.ceil((need - kernel.memory.buffer.byteLength) / PAGE));
    const buf = kernel.memory.buffer;
    const data = new Int8Array(buf, DATA_AT, n * dim);
    const slots = new Int32Array(buf, SLOTS_AT, n);
    const dots = new Int32Array(buf, OUT_AT, n);
    const q16 = new Int16Array(buf, Q_AT, dim);
    rows.forEach((r, i) => data.set(r.vector, i * dim));
    for (let i = 0; i < n; i++) {
      // row i widened to int16 at full scale is the query: exact integer products, the same for (i, j) and (j, i)
      for (let d = 0; d < dim; d++) q16[d] = data[i * dim + d]! * 256;
      for (let j = i; j < n; j++) slots[j - i] = j;
      kernel.dots(Q_AT, DATA_AT, dim, SLOTS_AT, n - i, OUT_AT);
      for (let j = i; j < n; j++) out[i * n + j] = out[j * n + i] = (dots[j - i]! / 256) * rows[i]!.scale * rows[j]!.scale;
    }
    return out;
  };
}
