import type { HitHeap } from './hitHeap.ts';
import type { PostingSegment } from './postingSegment.ts';
import type { WindowScratch } from './windowScratch.ts';
import { PARALLEL_FROM } from '../memoryMap.ts';
import { KERNEL_TERMS } from './windowKernel.ts';

/**
 * One scored query term: its weight × idf × impact unit (negative when papers removed but not yet merged away
 * make the term look commoner than the corpus; such a term's upper bound is 0), and its id in the segments.
 */
export interface PrunedTerm {
  factor: number;
  /** The term id in each segment's dictionary. */
  id: number;
}

/** The per-paper tests a candidate must pass (the arrays of LexicalIndex, stamped for this query). */
export interface DocFilter {
  flags: Uint8Array;
  dates: Int32Array;
  allow: Uint32Array;
  deny: Uint32Array;
  gen: number;
  hasAllow: boolean;
  /** Dates, code or excluded terms to check (alive and allow-list are always checked). */
  filtered: boolean;
  from: number;
  to: number;
  needCode: number;
  /** Every paper numbered so far is live (none removed or replaced), so with no filter every candidate passes. */
  allLive: boolean;
}

/** What a window search saw: candidates scored, how many of them passed the filters, and windows read. */
export interface WindowStats {
  /** Candidates scored (papers of a read window holding a query term). */
  examined: number;
  /** Of those, how many passed the filters. */
  passed: number;
  /** Windows in all, and how many were scored (the others' bounds could not beat the k-th score). */
  windows: number;
  scored: number;
}

/**
 * Doc numbers per window: 2^12, so a full segment has 16 windows and a window's scratch (48 KB) stays in L1/L2
 * cache. Long queries of common words read every window whatever its size (each of their words has a high impact
 * somewhere in each), so the per-window work — sorting the terms, the split, the cursors — is paid per window:
 * at 2.7M papers windows of 4,096 took 20–25 % less than windows of 1,024 (p95 and mean, same hits; 1M: 5–12 %).
 */
export const WINDOW_SHIFT = 12;
const WINDOW = 1 << WINDOW_SHIFT;
/**
 * Doc numbers per block inside a window (2^6: 64 blocks a window; at least 2^5, a word of the candidate bitmap). A
 * candidate's bound on the terms it is looked up in uses their largest impact in its block rather than in the
 * window, where they have one (common terms): at 2.7M papers a long query's look-ups fell from a median of 95k to 26k.
 */
export const DOC_BLOCK_SHIFT = 6;
/** Blocks per window. */
export const DOC_BLOCKS = 1 << (WINDOW_SHIFT - DOC_BLOCK_SHIFT);
/** 32-bit words of a window's bitmaps. */
const WORDS = WINDOW >> 5;
/** Rounding of one float32 addition, relative to the magnitudes summed (2^-23, twice the unit roundoff). */
const ROUNDING = 2 ** -23;
/** Window indexes below this fit in a sort key beside the window's bound. */
const WINDOW_KEY = 2 ** 22;
/** Tie-break weight of the doc number in a key (the exhaustive path's: later papers first on equal scores). */
const DOC_TIE = 1e-12;

/** How many windows of 2^WINDOW_SHIFT doc numbers a segment spans (its layouts have one more position). */
export const windowsIn = (seg: Pick<PostingSegment, 'base' | 'maxDoc'>): number => ((seg.maxDoc - seg.base) >> WINDOW_SHIFT) + 1;

/**
 * Top-k by BM25F relevance, window by window: every segment's doc numbers are cut into windows of 4,096, and each
 * window gets an upper bound — Σ over the query's terms of factor × the largest impact the term has there. Windows
 * are read best bound first, so the k-th score rises fast, and a window whose bound cannot beat it is not scored.
 * Inside a window, MaxScore: the terms whose window bounds together cannot lift a
 * paper into the top k only re-score the papers the other terms name (looked up by cursors that move forward, the
 * candidates being read in ascending order from a bitmap), and a paper is dropped as soon as its bound falls short —
 * a bound that takes a common non-essential term's largest impact in the paper's block of 64, not in the window.
 * The scores are the float32 sums, in query-term order, that the exhaustive path computes, and ties go to the later
 * paper as there, so the top k are the same; bounds carry an absolute slack for float32 rounding. With the native
 * addon the whole window loop runs in C (windowKernel.ts), filters included — on two threads for a query of many
 * postings, sharing the k-th score — and JavaScript only takes its best k.
 */
export function windowTopK(segments: readonly PostingSegment[], terms: readonly PrunedTerm[], filter: DocFilter, heap: HitHeap, scores: Float32Array, scratch: WindowScratch): WindowStats {
  const stats: WindowStats = { examined: 0, passed: 0, windows: 0, scored: 0 };
  const m = terms.length;
  // Per segment: its windows' posting starts for each term (m rows of nw + 1) and the windows' bounds.
  const nws = segments.map(windowsIn);
  const rowAt = new Uint32Array(segments.length + 1);
  const ubAt = new Uint32Array(segments.length + 1);
  for (let s = 0; s < segments.length; s++) {
    rowAt[s + 1] = rowAt[s]! + m * (nws[s]! + 1);
    ubAt[s + 1] = ubAt[s]! + nws[s]!;
  }
  const pos = scratch.take('pos', rowAt[segments.length]!) as Uint32Array;
  // each term's bound in each window (same layout as pos)
  const tub = scratch.take('tub', pos.length) as Float64Array;
  const ub = scratch.take('ub', ubAt[segments.length]!) as Float64Array;
  ub.fill(0);
  // each common term's block maxima in each segment (index s × m + t)
  const blocks: (Uint8Array | undefined)[] = new Array(segments.length * m);
  // for the native loop, every kept block maxima of the query in one array (term t of segment s from blockAt[s × m + t], -1: none)
  const plain = filter.allLive && !filter.hasAllow && !filter.filtered;
  const kernel = m <= KERNEL_TERMS ? scratch.kernel : null;
  const blockAt = kernel ? new Int32Array(segments.length * m).fill(-1) : undefined;
  let blockBytes = 0;
  let postings = 0;
  let maxDoc = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    if (seg.maxDoc > maxDoc) maxDoc = seg.maxDoc;
    const nw = nws[s]!;
    const u = ubAt[s]!;
    for (let t = 0; t < m; t++) {
      const row = rowAt[s]! + t * (nw + 1);
      const windows = scratch.windows(seg, terms[t]!.id, nw);
      if (!windows) {
        pos.fill(0, row, row + nw + 1);
        continue;
      }
      pos.set(windows.pos, row);
      postings += windows.pos[nw]! - windows.pos[0]!;
      blocks[s * m + t] = windows.blocks;
      if (blockAt && windows.blocks) {
        blockAt[s * m + t] = blockBytes;
        blockBytes += windows.blocks.length;
      }
      const factor = terms[t]!.factor > 0 ? terms[t]!.factor : 0;
      const max = windows.max;
      for (let k = 0; k < nw; k++) {
        const b = factor * max[k]!;
        tub[row + k] = b;
        ub[u + k] += b;
      }
    }
  }
  // Windows best bound first, roughly (bounds in steps of 1/4096, a native sort of keys that carry the window's
  // index): the order only makes the k-th score rise early; each window is still checked against its own bound.
  stats.windows = ub.length;
  const order = scratch.take('order', ub.length) as Float64Array;
  for (let w = 0; w < ub.length; w++) order[w] = -Math.ceil(ub[w]! * 4096) * WINDOW_KEY - w;
  order.sort();
  const segOf = new Uint32Array(ub.length);
  for (let s = 0; s < segments.length; s++) segOf.fill(s, ubAt[s]!, ubAt[s + 1]!);
  const tie = maxDoc * DOC_TIE;
  // Slack on every bound: a score is m float32 additions, each off by at most ROUNDING × the magnitudes summed
  // (a term of negative factor included), so bounds are compared with this much to spare.
  let magnitude = 0;
  for (const t of terms) magnitude += Math.abs(t.factor) * 255;
  const slack = (m + 1) * ROUNDING * magnitude;
  if (kernel && blockAt) {
    const all = scratch.bytes(blockBytes);
    for (let i = 0; i < blocks.length; i++) if (blocks[i]) all.set(blocks[i]!, blockAt[i]!);
    const threads = postings >= PARALLEL_FROM ? scratch.threads : 1;
    const ints = new Int32Array(4 + 4 * segments.length);
    ints.set([m, heap.k, segments.length, threads]);
    const segs: (Uint16Array | Uint8Array)[] = [];
    for (let s = 0; s < segments.length; s++) {
      segs.push(segments[s]!.docs, segments[s]!.impacts);
      ints.set([segments[s]!.base, nws[s]!, rowAt[s]!, ubAt[s]!], 4 + 4 * s);
    }
    const reals = new Float64Array(3 + 2 * m);
    reals.set([slack, tie, heap.min]);
    for (let t = 0; t < m; t++) {
      reals[3 + t] = terms[t]!.factor;
      reals[3 + m + t] = terms[t]!.factor > 0 ? terms[t]!.factor : 0;
    }
    const k = heap.k;
    const out = new Float64Array(3 * k + 3);
    const hits = plain
      ? kernel.windowQuery(segs, pos, tub, ub, order, all, blockAt, ints, reals, out)
      : kernel.windowQuery(segs, pos, tub, ub, order, all, blockAt, ints, reals, out, [filter.flags, filter.allow, filter.deny, filter.dates], filterTests(filter));
    for (let i = 0; i < hits; i++) if (heap.push(out[i]!, out[k + i]!)) scores[out[k + i]!] = out[2 * k + i]!;
    stats.examined = out[3 * k]!;
    stats.passed = out[3 * k + 2]!;
    stats.scored = out[3 * k + 1]!;
    return stats;
  }
  const run = new WindowRun(terms, pos, tub, blocks, filter, heap, scores, stats, slack, tie);
  for (let i = 0; i < order.length; i++) {
    const w = -order[i]! % WINDOW_KEY;
    if (heap.full && ub[w]! + slack + tie <= heap.min) continue;
    const s = segOf[w]!;
    const k = w - ubAt[s]!;
    run.window(segments[s]!, s, rowAt[s]! + k, nws[s]! + 1, k);
  }
  return stats;
}

/** One query's pass over its windows: the buffers and the steps of reading one window (small methods, so each is optimized on its own). */
class WindowRun {
  private readonly part = new Float64Array(WINDOW);
  private readonly exact = new Float32Array(WINDOW);
  private readonly cand = new Uint32Array(WORDS);
  /** Per block of the window, the bound of the non-essential terms (block maxima where known, else window maxima). */
  private readonly weak = new Float64Array(DOC_BLOCKS);
  /** Per non-essential term (as ord), its bound in each block of the window (row e × DOC_BLOCKS). */
  private readonly neBound: Float64Array;
  private readonly ord: Int32Array;
  private readonly cur: Int32Array;
  private readonly factors: Float64Array;
  /** Factors with negative ones as 0 (what a bound counts for a term). */
  private readonly bounds: Float64Array;
  private readonly plain: boolean;
  private readonly m: number;

  constructor(
    terms: readonly PrunedTerm[],
    private readonly pos: Uint32Array,
    private readonly tub: Float64Array,
    private readonly blocks: readonly (Uint8Array | undefined)[],
    private readonly filter: DocFilter,
    private readonly heap: HitHeap,
    private readonly scores: Float32Array,
    private readonly stats: WindowStats,
    private readonly slack: number,
    private readonly tie: number,
  ) {
    this.m = terms.length;
    this.factors = Float64Array.from(terms, (t) => t.factor);
    this.bounds = Float64Array.from(terms, (t) => (t.factor > 0 ? t.factor : 0));
    this.ord = new Int32Array(this.m);
    this.cur = new Int32Array(this.m);
    this.neBound = new Float64Array(this.m * DOC_BLOCKS);
    this.plain = filter.allLive && !filter.hasAllow && !filter.filtered;
  }

  /** Scores window `k` of segment `s`: all terms at once, or MaxScore when some are weak enough. */
  window(seg: PostingSegment, s: number, row0: number, stride: number, k: number): void {
    const winLo = k << WINDOW_SHIFT;
    const present = this.sortTerms(row0, stride);
    let ne = 0;
    let neUb = 0;
    if (this.heap.full) {
      // Non-essential terms (ord[0..ne)): smallest window bounds first, together unable to lift a paper into the top k.
      const need = this.heap.min - this.tie;
      const { ord, tub, slack } = this;
      while (ne < present && neUb + tub[row0 + ord[ne]! * stride]! + slack <= need) neUb += tub[row0 + ord[ne++]! * stride]!;
    }
    if (ne === 0) this.scoreAll(seg, row0, stride, winLo);
    else {
      this.weakBounds(s, row0, stride, k, ne);
      this.essential(seg, row0, stride, winLo, ne, present);
      this.scoreSplit(seg, row0, stride, winLo, ne);
    }
  }

  /** Each non-essential term's bound in each block of window `k` into `neBound`, their sum per block into `weak`. */
  private weakBounds(s: number, row0: number, stride: number, k: number, ne: number): void {
    const { weak, neBound, blocks, bounds, tub, ord, m } = this;
    weak.fill(0);
    const at = k * DOC_BLOCKS;
    for (let e = 0; e < ne; e++) {
      const t = ord[e]!;
      const row = e * DOC_BLOCKS;
      const whole = tub[row0 + t * stride]!;
      const b = blocks[s * m + t];
      if (b === undefined || whole === 0) {
        // a term without kept block maxima (a rarer one) bounds every block by its window maximum
        neBound.fill(whole, row, row + DOC_BLOCKS);
        for (let j = 0; j < DOC_BLOCKS; j++) weak[j] += whole;
        continue;
      }
      const unit = bounds[t]!;
      for (let j = 0; j < DOC_BLOCKS; j++) {
        const v = unit * b[at + j]!;
        neBound[row + j] = v;
        weak[j] += v;
      }
    }
  }

  /** The terms present in the window into `ord`, by window bound ascending; returns how many. */
  private sortTerms(row0: number, stride: number): number {
    const { pos, tub, ord, m } = this;
    let present = 0;
    for (let t = 0; t < m; t++) {
      const r = row0 + t * stride;
      if (pos[r]! === pos[r + 1]!) continue;
      const b = tub[r]!;
      let j = present++;
      while (j > 0 && tub[row0 + ord[j - 1]! * stride]! > b) {
        ord[j] = ord[j - 1]!;
        j--;
      }
      ord[j] = t;
    }
    return present;
  }

  /**
   * Every term is essential (the heap is not full yet, or no term is weak enough here): the terms are added in
   * query-term order, as the exhaustive path adds them, and every paper is offered.
   */
  private scoreAll(seg: PostingSegment, row0: number, stride: number, winLo: number): void {
    const { pos, cand, exact, factors, m, stats, heap, scores, plain } = this;
    const { docs, impacts } = seg;
    cand.fill(0);
    let candidates = 0;
    for (let t = 0; t < m; t++) {
      const r = row0 + t * stride;
      const factor = factors[t]!;
      for (let p = pos[r]!, p1 = pos[r + 1]!; p < p1; p++) {
        const off = docs[p]! - winLo;
        const v = factor * impacts[p]!;
        const bit = 1 << (off & 31);
        if (cand[off >> 5]! & bit) exact[off] += v;
        else {
          cand[off >> 5] |= bit;
          exact[off] = v;
          candidates++;
        }
      }
    }
    stats.examined += candidates;
    stats.scored++;
    const start = seg.base + winLo;
    let floor = heap.full ? heap.min : Number.NEGATIVE_INFINITY;
    for (let wi = 0; wi < WORDS; wi++) {
      let word = cand[wi]!;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const off = (wi << 5) + 31 - Math.clz32(low);
        const doc = start + off;
        if (!plain && !passes(this.filter, doc)) continue;
        stats.passed++;
        const sc = exact[off]!;
        const key = sc + doc * DOC_TIE;
        if (key <= floor) continue;
        if (heap.push(key, doc)) {
          scores[doc] = sc;
          if (heap.full) floor = heap.min;
        }
      }
    }
  }

  /** Candidates: papers holding an essential term (bits of `cand`), with the sum of those terms' contributions in `part`. */
  private essential(seg: PostingSegment, row0: number, stride: number, winLo: number, ne: number, present: number): void {
    const { pos, cand, part, ord, factors, stats } = this;
    const { docs, impacts } = seg;
    cand.fill(0);
    let candidates = 0;
    for (let e = ne; e < present; e++) {
      const t = ord[e]!;
      const r = row0 + t * stride;
      const factor = factors[t]!;
      for (let p = pos[r]!, p1 = pos[r + 1]!; p < p1; p++) {
        const off = docs[p]! - winLo;
        const v = factor * impacts[p]!;
        const bit = 1 << (off & 31);
        if (cand[off >> 5]! & bit) part[off] += v;
        else {
          cand[off >> 5] |= bit;
          part[off] = v;
          candidates++;
        }
      }
    }
    stats.examined += candidates;
    stats.scored++;
  }

  /** MaxScore over the candidates, in ascending order: non-essential terms looked up by forward cursors, survivors scored exactly. */
  private scoreSplit(seg: PostingSegment, row0: number, stride: number, winLo: number, ne: number): void {
    const { pos, cand, part, ord, cur, factors, stats, heap, scores, plain, slack, weak, neBound } = this;
    const { docs, impacts } = seg;
    for (let e = 0; e < ne; e++) cur[e] = pos[row0 + ord[e]! * stride]!;
    const start = seg.base + winLo;
    let floor = heap.full ? heap.min : Number.NEGATIVE_INFINITY;
    for (let wi = 0; wi < WORDS; wi++) {
      let word = cand[wi]!;
      if (word === 0) continue;
      const j = wi >> (DOC_BLOCK_SHIFT - 5);
      const blockRest = weak[j]!;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const off = (wi << 5) + 31 - Math.clz32(low);
        const doc = start + off;
        if (!plain && !passes(this.filter, doc)) continue;
        stats.passed++;
        const docTie = doc * DOC_TIE;
        let partial = part[off]!;
        let rest = blockRest;
        if (partial + rest + slack + docTie <= floor) continue;
        // Look the paper up in the non-essential terms, largest bound first, while it can still make it.
        let dropped = false;
        const d = winLo + off;
        for (let e = ne - 1; e >= 0; e--) {
          const r = row0 + ord[e]! * stride;
          const at = seek(docs, cur, e, pos[r + 1]!, d);
          if (at >= 0) partial += factors[ord[e]!]! * impacts[at]!;
          rest -= neBound[e * DOC_BLOCKS + j]!;
          if (partial + rest + slack + docTie <= floor) {
            dropped = true;
            break;
          }
        }
        if (dropped) continue;
        const sc = this.exactScore(docs, impacts, row0, stride, d);
        if (heap.push(sc + docTie, doc)) {
          scores[doc] = sc;
          if (heap.full) floor = heap.min;
        }
      }
    }
  }

  /** A paper's score as the exhaustive path computes it: float32 sums in query-term order. */
  private exactScore(docs: Uint16Array, impacts: Uint8Array, row0: number, stride: number, d: number): number {
    const { pos, factors, m } = this;
    let sc = Number.NaN;
    for (let t = 0; t < m; t++) {
      const r = row0 + t * stride;
      const p0 = pos[r]!;
      const p1 = pos[r + 1]!;
      if (p0 === p1) continue;
      const at = findDoc(docs, p0, p1, d);
      if (at < 0) continue;
      const v = factors[t]! * impacts[at]!;
      sc = sc === sc ? Math.fround(sc + v) : Math.fround(v);
    }
    return sc;
  }
}

/** Moves cursor `cur[e]` forward (galloping) to the first posting at or after doc offset `d` before `end`; its position when it holds `d`, else -1. */
function seek(docs: Uint16Array, cur: Int32Array, e: number, end: number, d: number): number {
  let p = cur[e]!;
  if (p < end && docs[p]! < d) {
    let step = 1;
    while (p + step < end && docs[p + step]! < d) step *= 2;
    let lo = p + (step >> 1) + 1;
    let hi = Math.min(p + step, end);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    p = lo;
    cur[e] = p;
  }
  return p < end && docs[p] === d ? p : -1;
}

/** The position of doc offset `d` in the ascending `docs[lo..hi)`, or -1. */
function findDoc(docs: Uint16Array, lo: number, hi: number, d: number): number {
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < d) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && docs[lo] === d ? lo : -1;
}

/** A filter's tests as the native loop takes them: [gen, hasAllow, filtered, from, to, needCode]. */
const filterTests = (f: DocFilter) => Int32Array.of(f.gen, f.hasAllow ? 1 : 0, f.filtered ? 1 : 0, f.from, f.to, f.needCode);

/** Whether a paper passes a query's filters (live, allowed, not excluded, dates, code). */
function passes(filter: DocFilter, doc: number): boolean {
  const { flags, gen } = filter;
  const f = flags[doc]!;
  if (!(f & 1) || (filter.hasAllow && filter.allow[doc] !== gen)) return false;
  if (!filter.filtered) return true;
  if (filter.deny[doc] === gen || (filter.needCode && !(f & 2))) return false;
  const date = filter.dates[doc]!;
  return !((filter.from && date < filter.from) || (filter.to && (date === 0 || date > filter.to)));
}
