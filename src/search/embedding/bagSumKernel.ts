/**
 * The static model's inner loop in WebAssembly SIMD, assembled here byte by byte (no toolchain, nothing
 * downloaded), about five times faster than the same loop in JavaScript:
 *
 *   bag(rows, stride, ids, weights, n, out, dim): for k < n, out[0..dim) += weights[k] · rows[ids[k]·stride ..]
 *
 * rows int8 (the model's weight matrix, copied once into the module's memory), weights and out float32,
 * `dim` a multiple of 8. Each step widens 8 int8 lanes (v128.load8x8_s, extend to int32, convert to float)
 * and adds them, scaled by the token's weight, into two float32x4 accumulators in memory.
 */
import { get, I32, set, simd, singleFunctionModule, V128 } from '../wasm/wasmModule.ts';

export interface BagSumKernel {
  /** Weighted sum of the rows of `n` tokens, whose ids and weights the caller wrote into `ids`/`weights`. */
  sum(n: number, dim: number): Float32Array;
  /** Scratch the caller fills before `sum`: token ids. */
  readonly ids: Int32Array;
  /** Scratch the caller fills before `sum`: per-token weights (scale × count). */
  readonly weights: Float32Array;
}

const halfStep = (lane: number, offset: number) => [
  ...get(10), ...get(10), ...simd(0x00, 0, offset), // out[o + offset]
  ...get(12), ...simd(lane), ...simd(0xfa), ...get(11), ...simd(0xe6), ...simd(0xe4), // + float(extend(x)) · w
  ...simd(0x0b, 0, offset),
];

// params: rows 0, stride 1, ids 2, weights 3, n 4, out 5, dim 6; locals: k 7, p 8, end 9, o 10, w 11, x 12
const body = [
  2, 4, I32, 2, V128,
  0x02, 0x40, 0x03, 0x40,
  ...get(7), ...get(4), 0x4f, 0x0d, 1, // if k >= n: leave
  ...get(0), ...get(2), ...get(7), 0x41, 2, 0x74, 0x6a, 0x28, 2, 0, ...get(1), 0x6c, 0x6a, ...set(8), // p = rows + ids[k] * stride
  ...get(8), ...get(6), 0x6a, ...set(9), // end = p + dim
  ...get(3), ...get(7), 0x41, 2, 0x74, 0x6a, 0x2a, 2, 0, ...simd(0x13), ...set(11), // w = splat(weights[k])
  ...get(5), ...set(10), // o = out
  0x03, 0x40,
  ...get(8), ...simd(0x01, 0, 0), ...set(12), // x = 8 int8 lanes widened to int16
  ...halfStep(0xa7, 0), ...halfStep(0xa8, 16),
  ...get(10), 0x41, 32, 0x6a, ...set(10), // o += 32
  ...get(8), 0x41, 8, 0x6a, 0x22, 8, ...get(9), 0x49, 0x0d, 0, // p += 8; loop while p < end
  0x0b,
  ...get(7), 0x41, 1, 0x6a, ...set(7), 0x0c, 0, // k++; continue
  0x0b, 0x0b, 0x0b,
];

const MODULE = singleFunctionModule('bag', 7, body);

/**
 * Copies the weight matrix (`vocabSize × rowDim` int8, rowDim a multiple of 8) into a kernel's memory,
 * or returns undefined where WebAssembly SIMD is missing (the caller then sums in JavaScript).
 */
export function createBagSumKernel(rows: Int8Array, rowDim: number, vocabSize: number): BagSumKernel | undefined {
  if (rowDim % 8 !== 0 || rows.length !== rowDim * vocabSize) return undefined;
  const idsAt = Math.ceil(rows.length / 16) * 16;
  const weightsAt = idsAt + vocabSize * 4;
  const outAt = Math.ceil((weightsAt + vocabSize * 4) / 16) * 16;
  const bytes = outAt + rowDim * 4;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { m: { mem: memory } });
    const bag = instance.exports.bag as (...args: number[]) => void;
    new Int8Array(memory.buffer, 0, rows.length).set(rows);
    const ids = new Int32Array(memory.buffer, idsAt, vocabSize);
    const weights = new Float32Array(memory.buffer, weightsAt, vocabSize);
    const out = new Float32Array(memory.buffer, outAt, rowDim);
    return {
      ids,
      weights,
      sum(n, dim) {
        out.fill(0, 0, dim);
        bag(0, rowDim, idsAt, weightsAt, n, outAt, dim);
        return out.slice(0, dim);
      },
    };
  } catch {
    return undefined;
  }
}
