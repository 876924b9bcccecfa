import { addonWith } from '../memoryMap.ts';

/**
 * The native window loop (native/mmap/windowQuery.c, in the same addon as the memory maps): a long query's windows
 * read, its candidates gathered, bounded, looked up and scored in C, where JavaScript spent ~25 ns a candidate at
 * 2.7M papers — on two threads for a query of many postings. Optional: without the addon windowTopK.ts runs the same
 * steps in JavaScript, with the same results.
 */
export interface WindowKernel {
  /**
   * A query's top k over the windows of its segments (argument layouts in windowQuery.c): the hits' keys, docs and
   * scores into `out` (k each), then the candidates examined, the windows scored and the candidates that passed
   * `filter` ([flags, allow, deny, dates] and `tests`: windowTopK.ts's DocFilter; none: every candidate passes);
   * returns how many hits.
   */
  windowQuery(
    segs: (Uint16Array | Uint8Array)[],
    pos: Uint32Array,
    tub: Float64Array,
    ub: Float64Array,
    order: Float64Array,
    blocks: Uint8Array,
    blockAt: Int32Array,
    ints: Int32Array,
    reals: Float64Array,
    out: Float64Array,
    filter?: [flags: Uint8Array, allow: Uint32Array, deny: Uint32Array, dates: Int32Array],
    tests?: Int32Array,
  ): number;
  /**
   * A common term's window layout in one pass over its postings [a, b): window starts into `pos` (nw + 1), window
   * maxima into `max` (nw), block maxima into `blocks` (nw × 64, zeroed) — what WindowScratch computes in JavaScript.
   */
  termLayout(docs: Uint16Array, impacts: Uint8Array, a: number, b: number, pos: Uint32Array, max: Uint8Array, blocks: Uint8Array): void;
}

/** Most query terms the native loop takes (its per-thread buffers); longer queries stay in JavaScript. */
export const KERNEL_TERMS = 256;

/** The native window loop where the addon was built with it; undefined otherwise. */
export const windowKernel = (): WindowKernel | undefined => addonWith<WindowKernel>('windowQuery', 'termLayout');
