import type { PostingSegment, WindowLayouts } from './postingSegment.ts';
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

/** Terms with more postings per window than this have a full layout (block maxima too), kept or persisted. */
export const CACHE_PER_WINDOW = 8;

/** Whether a term of `count` postings in a segment of `nw` windows gets a full layout (kept or persisted). */
export const isCommon = (count: number, nw: number): boolean => count > nw * CACHE_PER_WINDOW;

/**
 * Bytes of one full layout in a segment of `nw` windows: nw + 1 u32 window starts, nw window maxima, nw × DOC_BLOCKS
 * block maxima, padded to 4 bytes so the next layout's starts are aligned where the first one's are.
 */
export const layoutBytes = (nw: number): number => (4 * (nw + 1) + nw * (1 + DOC_BLOCKS) + 3) & ~3;

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
export function fillLayout(seg: PostingSegment, a: number, b: number, nw: number, w: Required<TermWindows>, kernel: WindowKernel | null): void {
  if (kernel) kernel.termLayout(seg.docs, seg.impacts, a, b, w.pos, w.max, w.blocks);
  else {
    w.blocks.fill(0);
    termWindows(seg, a, b, nw, w);
    blockMaxima(seg, a, b, w.blocks);
  }
}

/**
 * Every full layout of a segment, for persisting with it (lexicalSnapshot.ts): computed once where it costs no
 * request time (the build, `LexicalIndex.endBulk`), so a server that loads the snapshot reads them from the mapped
 * file instead of computing them on its first searches, and holds none of them in its heap.
 */
export function segmentLayouts(seg: PostingSegment, kernel: WindowKernel | null): WindowLayouts {
  const nw = windowsIn(seg);
  const { starts } = seg;
  const picked: number[] = [];
  for (let i = 0; i < seg.termIds.length; i++) if (isCommon(starts[i + 1]! - starts[i]!, nw)) picked.push(i);
  const terms = Uint32Array.from(picked);
  const size = layoutBytes(nw);
  const bytes = new Uint8Array(terms.length * size);
  for (let k = 0; k < terms.length; k++) {
    const i = terms[k]!;
    fillLayout(seg, starts[i]!, starts[i + 1]!, nw, layoutAt(bytes, k * size, nw), kernel);
  }
  return { terms, bytes };
}

/** The persisted layout of the term at index `at` of a segment's termIds, or undefined when it has none. */
export function persistedLayout(layouts: WindowLayouts, at: number, nw: number): Required<TermWindows> | undefined {
  const { terms } = layouts;
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = terms[mid]!;
    if (v === at) return layoutAt(layouts.bytes, mid * layoutBytes(nw), nw);
    if (v < at) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Whether persisted layouts fit a segment of `termCount` terms and `nw` windows (a snapshot load checks them). */
export function layoutsFit(layouts: WindowLayouts, termCount: number, nw: number): boolean {
  const { terms, bytes } = layouts;
  if (bytes.byteLength !== terms.length * layoutBytes(nw) || (terms.length && bytes.byteOffset % 4 !== 0)) return false;
  for (let k = 0; k < terms.length; k++) if (terms[k]! >= termCount || (k && terms[k]! <= terms[k - 1]!)) return false;
  return true;
}

/** The window layout of the postings [a, b) of one term in a segment (into `into`'s arrays when given). */
export function termWindows(seg: PostingSegment, a: number, b: number, nw: number, into?: TermWindows): TermWindows {
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
function blockMaxima(seg: PostingSegment, a: number, b: number, blocks: Uint8Array): Uint8Array {
  const { docs, impacts } = seg;
  for (let p = a; p < b; p++) {
    const j = docs[p]! >> DOC_BLOCK_SHIFT;
    if (impacts[p]! > blocks[j]!) blocks[j] = impacts[p]!;
  }
  return blocks;
}
