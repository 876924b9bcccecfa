import type { LayoutGroups } from './layoutGroups.ts';

/** Where `v` is in the ascending `sorted` (a segment's term ids, its layout term list, a layout group table's terms), or -1. */
export function indexInSorted(sorted: Uint32Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid]!;
    if (x === v) return mid;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Postings per skip block: `blockMax[p >> BLOCK_SHIFT]` bounds the impacts of postings p in the same block. */
export const BLOCK_SHIFT = 6;

/** Doc numbers a segment may span: they are stored as 16-bit offsets from its first doc. */
export const SEGMENT_SPAN = 65_536;

/**
 * An immutable block of posting lists: for each term, the ascending internal doc numbers that contain it (as
 * 16-bit offsets from `base`: a segment spans at most SEGMENT_SPAN doc numbers) and a one-byte impact (the term's
 * saturated, length-normalized BM25F weight in that doc). Memory is a few flat typed arrays, so a million papers
 * cost about three bytes per (term, paper) pair. For pruned top-k search it also keeps
 * each term's largest impact and the largest impact of every 64 consecutive postings (blocks of the flat arrays;
 * one may span two terms, which only loosens its bound) — about 1/64 byte per posting.
 */
export class PostingSegment {
  /** Largest impact of each term (same index as termIds). */
  readonly termMax: Uint8Array;
  /** Largest impact of each block of 2^BLOCK_SHIFT postings. */
  readonly blockMax: Uint8Array;
  /** Highest doc number present (segments hold disjoint, ascending doc ranges). */
  readonly maxDoc: number;
  /**
   * Where the window layouts of its common terms lie in the snapshot it was loaded from (windowLayouts.ts);
   * undefined for a segment built, sealed or merged by this process, whose layouts are computed on first use.
   */
  layouts?: WindowLayouts;

  constructor(
    /** Term ids present in this segment, ascending. */
    readonly termIds: Uint32Array,
    /** starts[i]..starts[i+1] is the slice of docs/impacts for termIds[i]. */
    readonly starts: Uint32Array,
    /** Doc offsets from `base`. */
    readonly docs: Uint16Array,
    readonly impacts: Uint8Array,
    /** The doc number that offset 0 stands for. */
    readonly base: number,
    /** The maxima below as a snapshot saved them (a load then skips the pass over every posting). */
    saved?: SegmentMaxima,
  ) {
    if (saved) {
      if (saved.termMax.length !== termIds.length || saved.blockMax.length !== (impacts.length >> BLOCK_SHIFT) + 1) throw new Error('segment maxima disagree with its postings');
      this.termMax = saved.termMax;
      this.blockMax = saved.blockMax;
      this.maxDoc = saved.maxDoc;
      this.layouts = saved.layouts;
      return;
    }
    const n = impacts.length;
    this.blockMax = new Uint8Array((n >> BLOCK_SHIFT) + 1);
    let maxDoc = 0;
    for (let p = 0; p < n; p++) {
      const b = p >> BLOCK_SHIFT;
      if (impacts[p]! > this.blockMax[b]!) this.blockMax[b] = impacts[p]!;
      if (docs[p]! > maxDoc) maxDoc = docs[p]!;
    }
    this.maxDoc = base + maxDoc;
    this.termMax = new Uint8Array(termIds.length);
    for (let i = 0; i < termIds.length; i++) {
      let max = 0;
      const end = starts[i + 1]!;
      for (let p = starts[i]!; p < end; p++) if (impacts[p]! > max) max = impacts[p]!;
      this.termMax[i] = max;
    }
  }

  /** The index of a term in termIds, or -1 when it does not occur here. */
  indexOf(termId: number): number {
    return indexInSorted(this.termIds, termId);
  }


  /** The slice [start, end) of this term's postings, or undefined when the term does not occur here. */
  find(termId: number): [number, number] | undefined {
    const i = this.indexOf(termId);
    return i < 0 ? undefined : [this.starts[i]!, this.starts[i + 1]!];
  }

  /**
   * One segment holding the postings of `a` then `b` (b's docs all come after a's, and b.maxDoc − a.base <
   * SEGMENT_SPAN), without those of papers `keep` rejects; `onDrop` hears the term of each posting left out so
   * document frequencies stay exact.
   */
  static merge(a: PostingSegment, b: PostingSegment, keep: (doc: number) => boolean, onDrop: (termId: number) => void): PostingSegment {
    if (b.maxDoc - a.base >= SEGMENT_SPAN) throw new Error('segments too far apart to merge');
    const termSet = new Set<number>([...a.termIds, ...b.termIds]);
    const termIds = Uint32Array.from(termSet).sort();
    const starts = new Uint32Array(termIds.length + 1);
    const docs = new Uint16Array(a.docs.length + b.docs.length);
    const impacts = new Uint8Array(docs.length);
    let n = 0;
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < termIds.length; k++) {
      const t = termIds[k]!;
      starts[k] = n;
      for (const [seg, idx] of [[a, ia], [b, ib]] as const) {
        if (seg.termIds[idx] !== t) continue;
        const shift = seg.base - a.base;
        for (let p = seg.starts[idx]!; p < seg.starts[idx + 1]!; p++) {
          if (!keep(seg.base + seg.docs[p]!)) {
            onDrop(t);
            continue;
          }
          docs[n] = seg.docs[p]! + shift;
          impacts[n++] = seg.impacts[p]!;
        }
        if (seg === a) ia++;
        else ib++;
      }
    }
    starts[termIds.length] = n;
    return new PostingSegment(termIds, starts, docs.slice(0, n), impacts.slice(0, n), a.base);
  }

  /** Bytes held by the arrays (the persisted layouts' term list included; their records stay on disk). */
  get bytes(): number {
    const layouts = this.layouts ? this.layouts.terms.byteLength : 0;
    return this.termIds.byteLength + this.starts.byteLength + this.docs.byteLength + this.impacts.byteLength + this.termMax.byteLength + this.blockMax.byteLength + layouts;
  }
}

/** A segment's per-term and per-block impact maxima and its highest doc number (and layouts, if any), as a snapshot stores them. */
export interface SegmentMaxima {
  termMax: Uint8Array;
  blockMax: Uint8Array;
  maxDoc: number;
  layouts?: WindowLayouts;
}

/**
 * The window layouts of a segment's common terms as its snapshot keeps them (windowLayouts.ts): `terms` the indexes
 * into termIds that have one, ascending (in memory); the layouts themselves stay in the snapshot file, grouped by
 * term across the segments (layoutGroups.ts), this segment the `member`-th of the groups' segments.
 */
export interface WindowLayouts {
  terms: Uint32Array;
  groups: LayoutGroups;
  member: number;
}

/** Collects postings doc by doc (doc numbers ascending) and seals them into a PostingSegment. */
export class SegmentBuilder {
  private termBuf = new Uint32Array(1 << 16);
  private docBuf = new Uint32Array(1 << 16);
  private tfBuf = new Uint32Array(1 << 16);
  private n = 0;
  docCount = 0;

  /** Adds one posting with its packed per-field term frequencies; a doc's calls come before any later doc's. */
  add(termId: number, doc: number, packedTf: number): void {
    if (this.n === this.termBuf.length) this.grow();
    this.termBuf[this.n] = termId;
    this.docBuf[this.n] = doc;
    this.tfBuf[this.n] = packedTf;
    this.n++;
  }

  get size(): number {
    return this.n;
  }

  /** Empties the builder, keeping its buffers for the next segment. */
  clear(): void {
    this.n = 0;
  }

  /** The i-th posting added. */
  at(i: number): { termId: number; doc: number; packedTf: number } {
    return { termId: this.termBuf[i]!, doc: this.docBuf[i]!, packedTf: this.tfBuf[i]! };
  }

  private grow(): void {
    const cap = this.termBuf.length * 2;
    const t = new Uint32Array(cap);
    t.set(this.termBuf);
    const d = new Uint32Array(cap);
    d.set(this.docBuf);
    const i = new Uint32Array(cap);
    i.set(this.tfBuf);
    this.termBuf = t;
    this.docBuf = d;
    this.tfBuf = i;
  }

  /**
   * Groups the postings by term (a counting sort, so docs stay ascending within each term) and turns each packed
   * frequency into its impact byte; `termCount` bounds the term ids.
   */
  seal(termCount: number, impactOf: (doc: number, packedTf: number) => number): PostingSegment {
    const n = this.n;
    const counts = new Uint32Array(termCount);
    let present = 0;
    for (let i = 0; i < n; i++) if (counts[this.termBuf[i]!]!++ === 0) present++;
    const termIds = new Uint32Array(present);
    const starts = new Uint32Array(present + 1);
    let at = 0;
    let k = 0;
    for (let t = 0; t < termCount; t++) {
      const c = counts[t]!;
      if (!c) continue;
      termIds[k] = t;
      starts[k++] = at;
      counts[t] = at;
      at += c;
    }
    starts[present] = at;
    const base = n ? this.docBuf[0]! : 0;
    if (n && this.docBuf[n - 1]! - base >= SEGMENT_SPAN) throw new Error('a segment spans too many doc numbers');
    const docs = new Uint16Array(n);
    const impacts = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const p = counts[this.termBuf[i]!]!++;
      docs[p] = this.docBuf[i]! - base;
      impacts[p] = impactOf(this.docBuf[i]!, this.tfBuf[i]!);
    }
    return new PostingSegment(termIds, starts, docs, impacts, base);
  }
}
