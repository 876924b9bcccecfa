import { SEGMENT_SPAN, type PostingSegment } from './postingSegment.ts';

/**
 * How many of the rarest term's postings `countAllTerms` reads of a common phrase: each segment's first share of
 * papers is read so that about this many of them are, and the count is scaled up by live papers: the
 * estimate's relative error is about 1/√(papers found in the sample) — 1–4 % for the common phrases that take
 * this path — and one count costs the same at 126k and at 2.7M papers (at 2.7M an exact count of a phrase of
 * common words read up to millions of postings: 9 ms at p95, 86 ms at worst, on the server thread). 8,192 before:
 * at 2.7M the look-ups of 2,000 papers' phrases took 1.3 s of the server thread (75–88 over 1 ms), 0.7–0.8 s now (3–9), and
 * 99 % of the papers get the same keywords (docs/benchmarks.md).
 */
export const COUNT_EXACT_DF = 4_096;

/** What `countAllTerms` reads of a lexical index. */
export interface CountSource {
  segments: readonly PostingSegment[];
  /** Bit 1: the paper is live. */
  flags: Uint8Array;
  /** Live papers in all, and the first doc number of the live tail (papers not yet in a segment: [tailStart, n)). */
  alive: number;
  tailStart: number;
  n: number;
  /** A term's doc numbers in the live tail. */
  tailDocs(id: number): readonly number[];
  /** Below this many papers, phrases of common words are counted on kept bitsets (see `bits`). */
  bitsetsBelow: number;
  /** Common terms' live-paper bitsets kept between counts, each with the `changes` it was made at. */
  bits: Map<number, { at: number; bits: Uint32Array }>;
  /** Adds and removals so far: a kept bitset made at another count is stale. */
  changes: number;
}

/** The most memory the kept bitsets take (8 MB: 256 terms at 262k papers). */
const BITS_BYTES = 8 << 20;

/**
 * How many live papers hold every one of `ids` (distinct term ids present in the index, rarest first): the
 * rarest term's postings looked up in the others' lists by galloping, segment by segment, then the live tail's
 * papers exactly. Exact while reading every segment costs little (the rarest term in at most 2 × COUNT_EXACT_DF
 * papers); above, an estimate (see COUNT_EXACT_DF) scaled by live papers, so papers removed in one stretch of doc
 * numbers do not skew it. On a small corpus (`bitsetsBelow`) a phrase of common words is an AND of kept bitsets,
 * so every count there is exact. The keyword job's phrase frequencies use it (an idf needs no exact count);
 * searches count their own matches.
 */
export function countAllTerms(ids: readonly number[], df: ArrayLike<number>, src: CountSource): number {
  const { segments, flags } = src;
  if (src.n < src.bitsetsBelow && df[ids[0]!]! * 32 >= src.n) {
    // a small corpus, every word common (in 1/32 of the papers or more): an AND of kept bitsets, exact, and a
    // fraction of the galloping's cost for the keyword job's most frequent look-ups
    const bits = ids.map((id) => liveBits(id, src));
    let n = 0;
    for (let w = 0; w < bits[0]!.length; w++) {
      let v = bits[0]![w]!;
      for (let k = 1; k < bits.length && v; k++) v &= bits[k]![w]!;
      n += popcount(v);
    }
    return n;
  }
  const ratio = COUNT_EXACT_DF / Math.max(1, df[ids[0]!]!);
  const share = ratio > 0.5 ? 1 : ratio;
  const allLive = src.alive === src.n; // no paper removed: the sample's live papers need no counting
  const at = new Int32Array(ids.length);
  const ends = new Int32Array(ids.length);
  let found = 0;
  let liveRead = 0;
  for (const seg of segments) {
    const cut = share === 1 ? SEGMENT_SPAN : Math.ceil((seg.maxDoc - seg.base + 1) * share);
    if (share < 1) {
      const end = Math.min(seg.base + cut, seg.maxDoc + 1);
      if (allLive) liveRead += end - seg.base;
      else for (let d = seg.base; d < end; d++) liveRead += flags[d]! & 1;
    }
    let present = true;
    for (let k = 0; k < ids.length && present; k++) {
      const i = seg.indexOf(ids[k]!);
      present = i >= 0;
      at[k] = seg.starts[i]!;
      ends[k] = seg.starts[i + 1]!;
    }
    if (present) found += countInSegment(seg, at, ends, cut, flags);
  }
  let n = found;
  if (share < 1) {
    let liveTail = 0;
    for (let d = src.tailStart; d < src.n; d++) liveTail += flags[d]! & 1; // (the tail is small)
    n = liveRead ? Math.round((found * (src.alive - liveTail)) / liveRead) : 0;
  }
  // the live tail: few papers, counted exactly
  const rest = ids.slice(1).map((id) => new Set(src.tailDocs(id)));
  for (const d of src.tailDocs(ids[0]!)) if (flags[d]! & 1 && rest.every((s) => s.has(d))) n++;
  return n;
}

/**
 * Live papers of one segment, below offset `cut`, in every list `[at[k], ends[k])` (list 0 the rarest, read in
 * order; the others galloped through). `at` is advanced in place.
 */
function countInSegment(seg: PostingSegment, at: Int32Array, ends: Int32Array, cut: number, flags: Uint8Array): number {
  const { docs, base } = seg;
  let n = 0;
  outer: for (let p = at[0]!; p < ends[0]!; p++) {
    const want = docs[p]!;
    if (want >= cut) break;
    for (let k = 1; k < at.length; k++) {
      let q = at[k]!;
      const end = ends[k]!;
      if (q < end && docs[q]! < want) {
        let step = 1;
        while (q + step < end && docs[q + step]! < want) step *= 2;
        let lo = q + (step >> 1);
        let hi = Math.min(q + step, end);
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (docs[mid]! < want) lo = mid + 1;
          else hi = mid;
        }
        q = lo;
        at[k] = q;
      }
      if (q >= end) break outer;
      if (docs[q] !== want) continue outer;
    }
    if (flags[base + want]! & 1) n++;
  }
  return n;
}

/** A term's live papers as a bitset by doc number, kept in `src.bits` until the index changes (least recently used dropped first). */
function liveBits(id: number, src: CountSource): Uint32Array {
  const cache = src.bits;
  const hit = cache.get(id);
  cache.delete(id);
  if (hit && hit.at === src.changes) return cache.set(id, hit), hit.bits;
  const bits = new Uint32Array((src.n + 31) >>> 5);
  const set = (d: number) => {
    if (src.flags[d]! & 1) bits[d >>> 5]! |= 1 << (d & 31);
  };
  for (const seg of src.segments) {
    const i = seg.indexOf(id);
    if (i >= 0) for (let p = seg.starts[i]!, end = seg.starts[i + 1]!; p < end; p++) set(seg.base + seg.docs[p]!);
  }
  for (const d of src.tailDocs(id)) set(d);
  cache.set(id, { at: src.changes, bits });
  const most = Math.max(4, Math.floor(BITS_BYTES / bits.byteLength));
  for (const key of cache.keys()) {
    if (cache.size <= most) break;
    cache.delete(key);
  }
  return bits;
}

/** The number of set bits in a 32-bit word. */
function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
