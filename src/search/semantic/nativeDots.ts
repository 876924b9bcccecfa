import { addonWith } from '../memoryMap.ts';

/**
 * The native vector scan (native/mmap/topDots.c, in the same addon as the memory maps): the vector index's rows
 * scored and the best k kept in C — AVX2 where the CPU has it — so that a query at millions of
 * papers does not pass each row through JavaScript. Optional: without the addon the WebAssembly kernel scans.
 */
export interface NativeDots {
  /**
   * Scores every slot of `runs` (pairs [from, to), `nRuns` of them, in order) against the int16 query at
   * `memory[qAt…]` and offers each to the min-heap (`heapSlots`, `heapScores`, `count` entries, room for `k`)
   * exactly as TopK.push does; returns the new count. `path` forces one of `dotsPaths()`; `threads` 2 splits a
   * scan of 64k slots or more in two halves scored at once (the same k kept).
   */
  topDots(memory: ArrayBufferLike, qAt: number, dataAt: number, dim: number, runs: Int32Array, nRuns: number, scales: Float32Array, qScale: number, heapSlots: Int32Array, heapScores: Float64Array, count: number, k: number, path?: string, threads?: number): number;
  /**
   * Writes the numbers of the `n` centroids into `order`, nearest to `query` first, exactly as the JavaScript loop
   * and stable sort do (AVX2 scores eight at a time where the CPU has it; `path` "c" forces the portable loop).
   */
  nearestLists(centroids: Float32Array, n: number, dim: number, query: Float32Array, order: Int32Array, path?: string): void;
  /** The scan paths this CPU runs, best first ("avx2", "c"). */
  dotsPaths(): string[];
}

/** The native scan where the addon was built with it; undefined otherwise (the WebAssembly kernel is used). */
export const nativeDots = (): NativeDots | undefined => addonWith<NativeDots>('topDots');
