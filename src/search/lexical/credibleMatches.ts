import { addonWith } from '../memoryMap.ts';
import { SEGMENT_SPAN, type PostingSegment } from './postingSegment.ts';

/** A query term as credibility weighs it: its id in the segments and its share of the query's idf mass. */
export interface ShareTerm {
  id: number;
  share: number;
}

/** Slack on a sum of float32 shares, relative to the sum of their sizes (a few dozen roundings at most). */
const EPS = 1e-5;
/**
 * Postings a count reads before it may stop and extrapolate (about a millisecond): a query of common words at
 * 2.7M papers reads millions otherwise. It stops only after SAMPLED_SEGMENTS segments, spread over the corpus.
 */
export const CREDIBLE_READ_BUDGET = 400_000;
/** Segments a count reads at least before it extrapolates (8 full ones: 524k papers); fewer in all: always exact. */
const SAMPLED_SEGMENTS = 8;
/** Credible papers a sample must have found to be extrapolated (±10 % at one standard deviation), unless it has read four budgets. */
const SAMPLED_COUNT = 100;

/**
 * Scratch arrays for `countCredible`, one per segment's doc offsets: kept by the index and reused by every query
 * (a search allocates nothing sized by the corpus).
 */
export class CredibleScratch {
  readonly stamp = new Uint32Array(SEGMENT_SPAN);
  readonly share = new Float32Array(SEGMENT_SPAN);
  readonly touched = new Uint16Array(SEGMENT_SPAN);
  gen = 0;
  /** `native`: the native count of a segment, looked up on first use unless given; false: JavaScript's loops. */
  constructor(public native?: CredibleKernel | false) {}
}

/** The native count of one segment (native/mmap/credibleSegment.c): the same sums and the same papers as the loops of `countCredible`. */
export interface CredibleKernel {
  credibleSegment(docs: Uint16Array, ranges: Int32Array, shares: Float64Array, gathers: Uint8Array, ints: Int32Array, stamp: Uint32Array, share: Float32Array, touched: Uint16Array, bar: number): number;
}

/** Per-term arguments of the native count: postings ranges, shares, which terms name candidates; ints: [gen, read]. */
interface NativeArgs {
  ranges: Int32Array;
  shares: Float64Array;
  gathers: Uint8Array;
  ints: Int32Array;
}

/** The native count where the addon was built with it; undefined otherwise. */
export const credibleKernel = (): CredibleKernel | undefined => addonWith<CredibleKernel>('credibleSegment');

const nativeArgs = (terms: readonly ShareTerm[]): NativeArgs => ({
  ranges: new Int32Array(2 * terms.length),
  shares: Float64Array.from(terms, (t) => t.share),
  gathers: new Uint8Array(terms.length),
  ints: new Int32Array(2),
});

/**
 * How many papers hold at least `min` of a query's idf mass and pass `passes`: the float32 sum of the shares of
 * the terms a paper holds, added in the terms' order — the same sum, to the bit, as adding every posting of every
 * term into one accumulator per paper, but without reading every posting of the common words. Terms whose shares
 * together stay below `min` (the commonest words, sorted by share) cannot make a paper credible alone, so only the
 * other terms' postings name candidates; and a term whose share the others together cannot make up for is
 * held by every credible paper, so when there is one, the rarest such term in a segment names that segment's
 * candidates alone (a title's one rare word rather than the union of its mid-frequency ones). Every term's
 * postings are then read only for those candidates' sums (galloping through a list that far outnumbers them),
 * segment by segment, into scratch arrays indexed by a doc's offset in its segment. Segments are read in an
 * order spread over the corpus (bit-reversed), and once `budget` postings were read in at least SAMPLED_SEGMENTS
 * of them (and SAMPLED_COUNT papers found, or four budgets read), the count is extrapolated by the papers they
 * span (`exact: false`): the total of a query of common
 * words at the whole field's size is then an estimate, as a pruned search's total is.
 */
export function countCredible(segments: readonly PostingSegment[], terms: readonly ShareTerm[], min: number, passes: (doc: number) => boolean, scratch: CredibleScratch, budget = CREDIBLE_READ_BUDGET): { count: number; exact: boolean } {
  const bar = min - 1e-9;
  const byShare = terms.map((_, i) => i).sort((a, b) => terms[a]!.share - terms[b]!.share);
  const essential = new Uint8Array(terms.length).fill(1);
  // the most a paper holding only non-essential terms can reach: their positive shares, plus slack for rounding
  let low = 0;
  let size = 0;
  for (const i of byShare) {
    const w = terms[i]!.share;
    if (low + Math.max(0, w) + (size + Math.abs(w)) * EPS >= bar) break;
    low += Math.max(0, w);
    size += Math.abs(w);
    essential[i] = 0;
  }
  // terms every credible paper holds: the positive shares of all the others, with slack, stay below the bar
  let positive = 0;
  let sizes = 0;
  for (const t of terms) {
    positive += Math.max(0, t.share);
    sizes += Math.abs(t.share);
  }
  const required = terms.map((t, i) => i).filter((i) => terms[i]!.share > 0 && positive - terms[i]!.share + sizes * EPS < bar);
  const { stamp, share, touched } = scratch;
  let count = 0;
  const order = spreadOrder(segments.length);
  const native = (scratch.native ??= credibleKernel() ?? false);
  const args = native ? nativeArgs(terms) : undefined;
  let read = 0;
  let covered = 0;
  let done = 0;
  for (; done < order.length; done++) {
    if (read >= budget && done >= SAMPLED_SEGMENTS && (count >= SAMPLED_COUNT || read >= 4 * budget)) break;
    const seg = segments[order[done]!]!;
    covered += seg.maxDoc - seg.base + 1;
    const ranges = terms.map((t) => {
      const at = seg.indexOf(t.id);
      return at < 0 ? undefined : ([seg.starts[at]!, seg.starts[at + 1]!] as const);
    });
    if (scratch.gen >= 0xfffffff0) {
      stamp.fill(0);
      scratch.gen = 0;
    }
    const gen = ++scratch.gen;
    const docs = seg.docs;
    let n = 0;
    // the rarest required term here names the candidates (none here: no credible paper in this segment)
    let naming = -1;
    for (const i of required) {
      const r = ranges[i];
      if (!r) {
        naming = -2;
        break;
      }
      if (naming < 0 || r[1] - r[0] < ranges[naming]![1] - ranges[naming]![0]) naming = i;
    }
    if (naming === -2) continue;
    const base = seg.base;
    if (native && args) {
      ranges.forEach((r, i) => {
        args.ranges[2 * i] = r ? r[0] : -1;
        args.ranges[2 * i + 1] = r ? r[1] : -1;
        args.gathers[i] = naming >= 0 ? Number(i === naming) : essential[i]!;
      });
      args.ints[0] = gen;
      const found = native.credibleSegment(docs, args.ranges, args.shares, args.gathers, args.ints, stamp, share, touched, bar);
      read += args.ints[1]!;
      for (let k = 0; k < found; k++) if (passes(base + touched[k]!)) count++;
      continue;
    }
    for (let i = 0; i < terms.length; i++) {
      const r = ranges[i];
      if (!r || (naming >= 0 ? i !== naming : !essential[i])) continue;
      read += r[1] - r[0];
      for (let p = r[0]; p < r[1]; p++) {
        const off = docs[p]!;
        if (stamp[off] !== gen) {
          stamp[off] = gen;
          share[off] = 0;
          touched[n++] = off;
        }
      }
    }
    if (!n) continue;
    // a common word's postings far outnumber the candidates: look the candidates up in its list instead
    let sorted: Uint16Array | undefined;
    for (let i = 0; i < terms.length; i++) {
      const r = ranges[i];
      if (!r) continue;
      const w = terms[i]!.share;
      if (i !== naming && (naming >= 0 || !essential[i]) && n * 16 < r[1] - r[0]) {
        sorted ??= touched.slice(0, n).sort();
        read += n;
        let p = r[0];
        for (let k = 0; k < n && p < r[1]; k++) {
          const off = sorted[k]!;
          if (docs[p]! < off) {
            let step = 1;
            while (p + step < r[1] && docs[p + step]! < off) step *= 2;
            let lo = p + (step >> 1);
            let hi = Math.min(p + step, r[1]);
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (docs[mid]! < off) lo = mid + 1;
              else hi = mid;
            }
            p = lo;
          }
          if (p < r[1] && docs[p] === off) share[off] += w;
        }
        continue;
      }
      read += r[1] - r[0];
      for (let p = r[0]; p < r[1]; p++) {
        const off = docs[p]!;
        if (stamp[off] === gen) share[off] += w;
      }
    }
    for (let k = 0; k < n; k++) {
      const off = touched[k]!;
      if (share[off]! >= bar && passes(base + off)) count++;
    }
  }
  if (done === order.length) return { count, exact: true };
  let span = 0;
  for (const seg of segments) span += seg.maxDoc - seg.base + 1;
  return { count: Math.round((count * span) / covered), exact: false };
}

/** 0..n-1 in bit-reversed order (0, n/2, n/4, 3n/4, …): any prefix is spread evenly over the range. */
function spreadOrder(n: number): number[] {
  let bits = 0;
  while (1 << bits < n) bits++;
  const out: number[] = [];
  for (let i = 0; i < 1 << bits; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    if (r < n) out.push(r);
  }
  return out;
}

/**
 * For each of a few docs (a ranked page), the sum of the shares of the terms it holds, in the terms' order (capped
 * at 1): each term is looked up in the doc's segment by binary search rather than by copying its posting list.
 */
export function shareOf(segments: readonly PostingSegment[], terms: readonly ShareTerm[], docs: readonly number[]): Float64Array {
  const out = new Float64Array(docs.length);
  const segOf = docs.map((d) => segments.findIndex((s) => d >= s.base && d <= s.maxDoc));
  for (const t of terms) {
    const at = segments.map((s) => s.indexOf(t.id));
    docs.forEach((d, i) => {
      const k = segOf[i]!;
      const a = k < 0 ? -1 : at[k]!;
      if (a < 0) return;
      const seg = segments[k]!;
      const off = d - seg.base;
      const list = seg.docs;
      let lo = seg.starts[a]!;
      let hi = seg.starts[a + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid]! < off) lo = mid + 1;
        else hi = mid;
      }
      if (lo < seg.starts[a + 1]! && list[lo] === off) out[i] += t.share;
    });
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, out[i]!);
  return out;
}
