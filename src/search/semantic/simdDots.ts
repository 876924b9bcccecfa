/**
 * Int8 dot products with WebAssembly SIMD: the inner loop of the vector index, about ten times faster than
 * the same loop in JavaScript. The module is 120 bytes assembled here (no toolchain, nothing downloaded):
 *
 *   dots(q, data, dim, slots, n, out): for i < n, out[i] = Σ_d q[d] · data[slots[i]·dim + d]
 *
 * with q as int16 (the query scaled to ±32767), data as int8, `dim` a multiple of 8, all in one memory
 * that the index owns and grows. Each step loads 8 int8 lanes widened to int16 (v128.load8x8_s), multiplies
 * them with 8 query lanes and adds pairs into four int32 sums (i32x4.dot_i16x8_s).
 */
import { get, I32, set, simd, singleFunctionModule, V128 } from '../wasm/wasmModule.ts';

export interface SimdDots {
  memory: WebAssembly.Memory;
  dots(q: number, data: number, dim: number, slots: number, n: number, out: number): void;
}


// params: q 0, data 1, dim 2, slots 3, n 4, out 5; locals: i 6, p 7, end 8, qp 9, acc 10 (v128)
const body = [
  2, 4, I32, 1, V128,
  0x02, 0x40, 0x03, 0x40,
  ...get(6), ...get(4), 0x4f, 0x0d, 1, // if i >= n: leave
  ...get(1), ...get(3), ...get(6), 0x41, 2, 0x74, 0x6a, 0x28, 2, 0, ...get(2), 0x6c, 0x6a, ...set(7), // p = data + slots[i] * dim
  ...get(7), ...get(2), 0x6a, ...set(8), // end = p + dim
  ...get(0), ...set(9), // qp = q
  ...simd(0x0c, ...new Array(16).fill(0)), ...set(10), // acc = 0
  0x03, 0x40,
  ...get(10), ...get(9), ...simd(0x00, 0, 0), ...get(7), ...simd(0x01, 0, 0), ...simd(0xba), ...simd(0xae), ...set(10),
  ...get(9), 0x41, 16, 0x6a, ...set(9),
  ...get(7), 0x41, 8, 0x6a, 0x22, 7, ...get(8), 0x49, 0x0d, 0, // p += 8; loop while p < end
  0x0b,
  ...get(5), ...get(6), 0x41, 2, 0x74, 0x6a, // &out[i]
  ...get(10), ...simd(0x1b, 0), ...get(10), ...simd(0x1b, 1), 0x6a, ...get(10), ...simd(0x1b, 2), 0x6a, ...get(10), ...simd(0x1b, 3), 0x6a,
  0x36, 2, 0, // out[i] = sum of lanes
  ...get(6), 0x41, 1, 0x6a, ...set(6), 0x0c, 0, // i++; continue
  0x0b, 0x0b, 0x0b,
];

const MODULE = singleFunctionModule('dots', 6, body);

/** Instantiates the kernel over a fresh memory, or returns undefined where WebAssembly SIMD is missing. */
export function createSimdDots(initialPages = 16): SimdDots | undefined {
  try {
    const memory = new WebAssembly.Memory({ initial: initialPages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { m: { mem: memory } });
    return { memory, dots: instance.exports.dots as SimdDots['dots'] };
  } catch {
    return undefined;
  }
}

/**
 * The JavaScript fallback of the kernel for one row: Σ q[d] · data[offset + d] over `dim` components, four
 * running sums as the kernel's lanes keep them. Callers without WebAssembly SIMD use it row by row.
 */
export function dotRow(q: ArrayLike<number>, data: Int8Array, offset: number, dim: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += q[d]! * data[offset + d]!;
    s1 += q[d + 1]! * data[offset + d + 1]!;
    s2 += q[d + 2]! * data[offset + d + 2]!;
    s3 += q[d + 3]! * data[offset + d + 3]!;
  }
  for (; d < dim; d++) s0 += q[d]! * data[offset + d]!;
  return s0 + s1 + s2 + s3;
}
