import { addonWith } from '../memoryMap.ts';

/**
 * The native MaxScore step of one window (native/mmap/windowSurvivors.c, in the same addon as the memory maps):
 * a long query's candidates gathered, bounded and looked up in C, where JavaScript spent ~25 ns a candidate at 2.7M
 * papers. Optional: without the addon windowTopK.ts runs the same steps in JavaScript, with the same results.
 */
export interface WindowKernel {
  /**
   * The papers of a window that may still beat `reals[0]` once looked up in its non-essential terms (layouts of
   * `ints` and `reals` in windowSurvivors.c): their offsets into out[1…], the candidates' count into out[0];
   * returns how many survive.
   */
  windowSurvivors(docs: Uint16Array, impacts: Uint8Array, blocks: Uint8Array, ints: Int32Array, reals: Float64Array, out: Int32Array): number;
  /**
   * A common term's window layout in one pass over its postings [a, b): window starts into `pos` (nw + 1), window
   * maxima into `max` (nw), block maxima into `blocks` (nw × 64, zeroed) — what WindowScratch computes in JavaScript.
   */
  termLayout(docs: Uint16Array, impacts: Uint8Array, a: number, b: number, pos: Uint32Array, max: Uint8Array, blocks: Uint8Array): void;
}

/** Most query terms a window may pass to the kernel (its stack buffers); longer queries stay in JavaScript. */
export const KERNEL_TERMS = 256;

/** The native window step where the addon was built with it; undefined otherwise. */
export const windowKernel = (): WindowKernel | undefined => addonWith<WindowKernel>('windowSurvivors', 'termLayout');
