import { addonWith } from '../memoryMap.ts';

/**
 * The native term-at-a-time search (native/mmap/termAtATime.c, in the same addon as the memory maps): postings
 * added into per-paper scores and the best papers picked in C, where JavaScript spent ~12 ns a posting and ~10 ns
 * a candidate on the long queries of a pasted abstract. Optional: without the addon LexicalIndex runs the same
 * loops in JavaScript, with the same scores to the bit and the same hits.
 */
export interface TermAtATimeKernel {
  /**
   * One term's postings [a, b) of a segment added into `acc` (ints: [a, b, base, gen, nt, hasAllow]): a paper
   * first seen under `gen` is stamped in `seen` and appended to `touched`; with hasAllow only papers whose
   * allow[d] is `gen` count. Returns the new count of `touched`.
   */
  accumulate(docs: Uint16Array, impacts: Uint8Array, ints: Int32Array, factor: number, acc: Float32Array, seen: Uint32Array, touched: Uint32Array, allow: Uint32Array): number;
  /**
   * Every term's postings in every segment, terms in query order, as `accumulate` term by term would add them
   * (layouts in termAtATime.c; ints: [gen, hasAllow, threads, nt, then each segment's base]): on two threads the
   * segments are cut in two runs, each paper's additions unchanged, the second run's papers appended after the
   * first's. Returns the new count of `touched`.
   */
  accumulateAll(segs: (Uint16Array | Uint8Array)[], ranges: Int32Array, factors: Float64Array, ints: Int32Array, acc: Float32Array, seen: Uint32Array, touched: Uint32Array, allow: Uint32Array): number;
  /**
   * The candidates that are alive and pass the filters (ints: [gen, filtered, from, to, needCode, limit, size]),
   * counted and offered to HitHeap's arrays (`keys`, `heap`; their size in ints[6] before and after) by score,
   * or by `sortBy` (empty: relevance). Returns the count.
   */
  topHits(candidates: Uint32Array, flags: Uint8Array, acc: Float32Array, deny: Uint32Array, dates: Int32Array, sortBy: Int32Array, ints: Int32Array, keys: Float64Array, heap: Uint32Array): number;
}

/** The native steps where the addon was built with them; undefined otherwise. */
export const termAtATimeKernel = (): TermAtATimeKernel | undefined => addonWith<TermAtATimeKernel>('accumulate', 'accumulateAll', 'topHits');
