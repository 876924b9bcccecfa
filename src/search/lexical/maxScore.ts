import type { HitHeap } from './hitHeap.ts';
import { BLOCK_SHIFT, type PostingSegment } from './postingSegment.ts';

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
}

/** What a pruned search saw, to estimate how many papers match in all. */
export interface PruneStats {
  /** Candidates looked at (docs found in a list that could still enter the top k). */
  examined: number;
  /** Of those, how many passed the filters. */
  passed: number;
}

/** Relative slack on summed upper bounds: scores are float32 sums, which may round up a little. */
const EPS = 1e-5;
/** Tie-break weight of the doc number in a key (the exhaustive path's: later papers first on equal scores). */
const DOC_TIE = 1e-12;

interface Cursor {
  term: number;
  factor: number;
  /** Doc offsets from the segment's base (candidates are compared as offsets; filters use base + offset). */
  docs: Uint16Array;
  impacts: Uint8Array;
  blockMax: Uint8Array;
  lo: number;
  p: number;
  ub: number;
}

/**
 * Top-k by BM25F relevance with MaxScore and block-max skipping, document at a time in *descending* doc order,
 * segment by segment (segments hold disjoint, ascending doc ranges; pass them newest first). Scores are the exact
 * float32 sums the exhaustive path computes, in query-term order, and ties go to the later paper as there, so the
 * top k are the same; what is skipped is only what provably cannot enter it: terms whose maxima together cannot
 * beat the k-th score only re-score candidates found through the other terms, and blocks of 64 postings whose
 * largest impact cannot lift a paper above it are jumped over.
 */
export function maxScoreTopK(segments: PostingSegment[], terms: PrunedTerm[], filter: DocFilter, heap: HitHeap, scores: Float32Array): PruneStats {
  const stats: PruneStats = { examined: 0, passed: 0 };
  const m = terms.length;
  const contrib = new Float64Array(m);
  const has = new Uint32Array(m);
  let stamp = 0;
  const { flags, dates, allow, deny, gen, hasAllow, filtered, from, to, needCode } = filter;
  for (const seg of segments) {
    const cs: Cursor[] = [];
    for (let t = 0; t < m; t++) {
      const at = seg.indexOf(terms[t]!.id);
      if (at < 0) continue;
      const factor = terms[t]!.factor;
      cs.push({ term: t, factor, docs: seg.docs, impacts: seg.impacts, blockMax: seg.blockMax, lo: seg.starts[at]!, p: seg.starts[at + 1]! - 1, ub: factor <= 0 ? 0 : m === 1 ? Math.fround(factor * seg.termMax[at]!) : factor * seg.termMax[at]! * (1 + EPS) });
    }
    if (!cs.length) continue;
    cs.sort((a, b) => a.ub - b.ub);
    const high = seg.maxDoc * DOC_TIE;
    const base = seg.base;
    // cs[0..ne) are non-essential: together they cannot lift a paper into the top k, so they never add candidates.
    let ne = 0;
    let neUb = 0;
    let thrByte = -1;
    let seenMin = Number.NaN;
    const split = () => {
      seenMin = heap.min;
      const need = seenMin - high;
      ne = 0;
      neUb = 0;
      while (ne < cs.length && neUb + cs[ne]!.ub <= need) neUb += cs[ne++]!.ub;
      thrByte = -1;
      if (ne === cs.length - 1 && cs[ne]!.factor > 0) {
        // One essential list: the largest impact that still cannot make it, for skipping postings and blocks.
        const c = cs[ne]!;
        for (let b = 0; b < 256; b++) {
          const bound = m === 1 ? Math.fround(c.factor * b) : (c.factor * b + neUb) * (1 + EPS);
          if (bound + high <= seenMin) thrByte = b;
          else break;
        }
      }
    };
    split();
    while (ne < cs.length) {
      if (heap.min !== seenMin) {
        split();
        if (ne === cs.length) break;
      }
      // The next candidate: the largest current doc among the essential lists.
      let d = -1;
      if (thrByte >= 0) {
        const c = cs[ne]!;
        const { impacts, blockMax, lo } = c;
        let p = c.p;
        while (p >= lo) {
          if (blockMax[p >> BLOCK_SHIFT]! <= thrByte) {
            p = ((p >> BLOCK_SHIFT) << BLOCK_SHIFT) - 1;
            continue;
          }
          if (impacts[p]! > thrByte) break;
          p--;
        }
        c.p = p;
        if (p >= lo) d = c.docs[p]!;
      } else {
        for (let i = ne; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.p >= c.lo && c.docs[c.p]! > d) d = c.docs[c.p]!;
        }
      }
      if (d < 0) break;
      stamp++;
      let partial = 0;
      for (let i = ne; i < cs.length; i++) {
        const c = cs[i]!;
        if (c.p >= c.lo && c.docs[c.p] === d) {
          const v = c.factor * c.impacts[c.p]!;
          contrib[c.term] = v;
          has[c.term] = stamp;
          partial += v;
          c.p--;
        }
      }
      stats.examined++;
      const doc = base + d;
      const f = flags[doc]!;
      if (!(f & 1) || (hasAllow && allow[doc] !== gen)) continue;
      if (filtered) {
        if (deny[doc] === gen || (needCode && !(f & 2))) continue;
        const date = dates[doc]!;
        if ((from && date < from) || (to && (date === 0 || date > to))) continue;
      }
      stats.passed++;
      const tie = doc * DOC_TIE;
      let rest = neUb;
      if (heap.full && (partial + rest) * (1 + EPS) + tie <= heap.min) continue;
      let dropped = false;
      for (let i = ne - 1; i >= 0; i--) {
        const c = cs[i]!;
        const { docs, lo } = c;
        let p = c.p;
        if (p >= lo && docs[p]! > d) {
          // Gallop down to the first posting at or below d.
          let step = 1;
          while (p - step >= lo && docs[p - step]! > d) step *= 2;
          let hi = p - (step >> 1);
          let low = Math.max(lo, p - step);
          while (low < hi) {
            const mid = (low + hi + 1) >>> 1;
            if (docs[mid]! > d) hi = mid - 1;
            else low = mid;
          }
          p = docs[low]! > d ? lo - 1 : low;
          c.p = p;
        }
        if (p >= lo && docs[p] === d) {
          const v = c.factor * c.impacts[p]!;
          contrib[c.term] = v;
          has[c.term] = stamp;
          partial += v;
          c.p = p - 1;
        }
        rest -= c.ub;
        if (heap.full && (partial + rest) * (1 + EPS) + tie <= heap.min) {
          dropped = true;
          break;
        }
      }
      if (dropped) continue;
      let s = Number.NaN;
      for (let t = 0; t < m; t++) if (has[t] === stamp) s = s === s ? Math.fround(s + contrib[t]!) : Math.fround(contrib[t]!);
      if (heap.push(s + tie, doc)) scores[doc] = s;
    }
  }
  return stats;
}
