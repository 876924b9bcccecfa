import { addonWith } from '../memoryMap.ts';
import type { PostingSegment } from './postingSegment.ts';

/** The native filter of a query's required terms (native/mmap/allowedDocs.c, in the same addon as the memory maps). */
export interface AllowedKernel {
  /**
   * The papers holding a term of every stage (terms grouped by stage in `ranges`; ints: [gen, stages, each stage's
   * number of terms, then each segment's base]), stamped allow[d] = gen and written to `out` ascending; returns
   * how many.
   */
  allowedDocs(segs: Uint16Array[], ranges: Int32Array, ints: Int32Array, allow: Uint32Array, out: Uint32Array): number;
}

/** The native filter where the addon was built with it; undefined otherwise. */
export const allowedKernel = (): AllowedKernel | undefined => addonWith<AllowedKernel>('allowedDocs');

/** Stages the native filter takes at most (a byte per paper counts the stages passed). */
const MAX_STAGES = 250;

/**
 * The papers of `segments` that hold at least one term of every stage (a required term is a stage of one, an
 * either-or group a stage of several), ascending, each stamped allow[d] = gen — in one native call, where copying
 * each term's postings out of every segment and intersecting the copies in JavaScript took 10–20 ms at 2.7M papers
 * for a phrase of common words or a large category. Undefined when the stages are too many for the kernel (the
 * caller intersects in JavaScript then).
 */
export function allowedInSegments(kernel: AllowedKernel, segments: readonly PostingSegment[], stages: number[][], gen: number, allow: Uint32Array): Uint32Array | undefined {
  if (!stages.length || stages.length > MAX_STAGES || stages.some((s) => !s.length)) return undefined;
  const S = segments.length;
  const terms = stages.reduce((n, s) => n + s.length, 0);
  const ranges = new Int32Array(2 * terms * S);
  // each stage's postings: the fewest first, so the papers read back at the end are the fewest
  const postings = stages.map((ids) => ids.reduce((sum, id) => sum + segments.reduce((n, seg) => n + span(seg.find(id)), 0), 0));
  const order = stages.map((_, i) => i).sort((a, b) => postings[a]! - postings[b]!);
  const ints = new Int32Array(2 + stages.length + S);
  ints[0] = gen;
  ints[1] = stages.length;
  let t = 0;
  order.forEach((stage, i) => {
    ints[2 + i] = stages[stage]!.length;
    for (const id of stages[stage]!) {
      segments.forEach((seg, s) => {
        const r = seg.find(id);
        if (r) ranges.set(r, 2 * (t * S + s));
      });
      t++;
    }
  });
  segments.forEach((seg, s) => (ints[2 + stages.length + s] = seg.base));
  const out = new Uint32Array(postings[order[0]!]!);
  const n = kernel.allowedDocs(segments.map((seg) => seg.docs), ranges, ints, allow, out);
  return out.subarray(0, n);
}

const span = (r: [number, number] | undefined) => (r ? r[1] - r[0] : 0);
