import { PIECE_MS, timeSlices } from '../../jobs/timeSlices.ts';
import type { PostingSegment } from './postingSegment.ts';
import type { WindowKernel } from './windowKernel.ts';
import { DOC_BLOCK_SHIFT, DOC_BLOCKS, WINDOW_SHIFT, windowsIn } from './windowTopK.ts';

/**
 * Where a term's postings in a segment start in each window (nw + 1 positions), and its largest impact in each;
 * for a common term also its largest impact in each block of 2^DOC_BLOCK_SHIFT doc numbers, DOC_BLOCKS a window,
 * window by window.
 */
export interface TermWindows {
  pos: Uint32Array;
  max: Uint8Array;
  blocks?: Uint8Array;
}

/** What computing a segment's layouts reads: a PostingSegment, or one as an index's exported state holds it. */
export type SegmentPostings = Pick<PostingSegment, 'termIds' | 'starts' | 'docs' | 'impacts' | 'base' | 'maxDoc'>;

/** Terms commonTerms looks at between two looks at the clock. */
const TERMS_A_STEP = 4096;

/** Terms with more postings per window than this have a full layout (block maxima too), kept or persisted. */
export const CACHE_PER_WINDOW = 8;

/** Whether a term of `count` postings in a segment of `nw` windows gets a full layout (kept or persisted). */
export const isCommon = (count: number, nw: number): boolean => count > nw * CACHE_PER_WINDOW;

/**
 * Bytes of one full layout in a segment of `nw` windows: nw + 1 u32 window starts, nw window maxima, nw × DOC_BLOCKS
 * block maxima, padded to 4 bytes so the next layout's starts are aligned where the first one's are.
 */
export const layoutBytes = (nw: number): number => (layoutLength(nw) + 3) & ~3;

/** Bytes of a full layout's three arrays, without the padding a persisted record has (layoutBytes). */
export const layoutLength = (nw: number): number => 4 * (nw + 1) + nw * (1 + DOC_BLOCKS);

/** The three arrays of a full layout over `bytes` from `at` (views, nothing copied). */
export function layoutAt(bytes: Uint8Array, at: number, nw: number): Required<TermWindows> {
  const off = bytes.byteOffset + at;
  return {
    pos: new Uint32Array(bytes.buffer, off, nw + 1),
    max: new Uint8Array(bytes.buffer, off + 4 * (nw + 1), nw),
    blocks: new Uint8Array(bytes.buffer, off + 4 * (nw + 1) + nw, nw * DOC_BLOCKS),
  };
}

/** Writes the full layout of the postings [a, b) of one term into `w` (block maxima zeroed first): native when it can. */
export function fillLayout(seg: SegmentPostings, a: number, b: number, nw: number, w: Required<TermWindows>, kernel: WindowKernel | null): void {
  if (kernel) kernel.termLayout(seg.docs, seg.impacts, a, b, w.pos, w.max, w.blocks);
  else {
    w.blocks.fill(0);
    termWindows(seg, a, b, nw, w);
    blockMaxima(seg, a, b, w.blocks);
  }
}

/**
 * The indexes into a segment's termIds of the terms with a full layout (more than 8 postings a window), ascending:
 * one pass over its term starts (up to ≈ 5 ms for a full segment at 2.7M papers), a turn of the event loop after
 * each PIECE_MS of it, as a snapshot write runs beside requests.
 */
export async function commonTerms(seg: SegmentPostings): Promise<Uint32Array> {
  const nw = windowsIn(seg);
  const { starts } = seg;
  const picked: number[] = [];
  const { pause } = timeSlices(PIECE_MS);
  for (let from = 0, n = seg.termIds.length; from < n; from += TERMS_A_STEP) {
    for (let i = from, to = Math.min(n, from + TERMS_A_STEP); i < to; i++) if (isCommon(starts[i + 1]! - starts[i]!, nw)) picked.push(i);
    await pause();
  }
  return Uint32Array.from(picked);
}

/** Whether a persisted term list (indexes into a segment's termIds with a layout) fits a segment of `termCount` terms. */
export function termsFit(terms: Uint32Array, termCount: number): boolean {
  for (let k = 0; k < terms.length; k++) if (terms[k]! >= termCount || (k && terms[k]! <= terms[k - 1]!)) return false;
  return true;
}

/** The window layout of the postings [a, b) of one term in a segment (into `into`'s arrays when given). */
export function termWindows(seg: SegmentPostings, a: number, b: number, nw: number, into?: TermWindows): TermWindows {
  const { docs, impacts } = seg;
  const pos = into?.pos ?? new Uint32Array(nw + 1);
  const max = into?.max ?? new Uint8Array(nw);
  let p = a;
  const gallop = b - a > nw * 8;
  for (let k = 0; k <= nw; k++) {
    const lo = k << WINDOW_SHIFT;
    if (gallop) {
      if (p < b && docs[p]! < lo) {
        let step = 1;
        while (p + step < b && docs[p + step]! < lo) step *= 2;
        let low = p + (step >> 1) + 1;
        let high = Math.min(p + step, b);
        while (low < high) {
          const mid = (low + high) >>> 1;
          if (docs[mid]! < lo) low = mid + 1;
          else high = mid;
        }
        p = low;
      }
    } else while (p < b && docs[p]! < lo) p++;
    pos[k] = p;
  }
  for (let k = 0; k < nw; k++) {
    const p0 = pos[k]!;
    const p1 = pos[k + 1]!;
    let m = 0;
    for (let q = p0; q < p1; q++) if (impacts[q]! > m) m = impacts[q]!;
    max[k] = m;
  }
  return into ?? { pos, max };
}

/** Fills `blocks` with the largest impact of the postings [a, b) of one term in each block of 2^DOC_BLOCK_SHIFT doc numbers of a segment. */
function blockMaxima(seg: SegmentPostings, a: number, b: number, blocks: Uint8Array): Uint8Array {
  const { docs, impacts } = seg;
  for (let p = a; p < b; p++) {
    const j = docs[p]! >> DOC_BLOCK_SHIFT;
    if (impacts[p]! > blocks[j]!) blocks[j] = impacts[p]!;
  }
  return blocks;
}
