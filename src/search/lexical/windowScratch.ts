import { nativeThreads } from '../memoryMap.ts';
import type { PostingSegment } from './postingSegment.ts';
import { windowKernel, type WindowKernel } from './windowKernel.ts';
import { readGroup, type LayoutGroups } from './layoutGroups.ts';
import type { WindowLayouts } from './postingSegment.ts';
import { fillLayout, isCommon, layoutAt, layoutLength, termWindows, type TermWindows } from './windowLayouts.ts';
import { windowsIn } from './windowTopK.ts';

export type { TermWindows } from './windowLayouts.ts';

/** Most terms whose window layout a segment keeps (and most terms whose group a loaded snapshot's segments keep). */
const CACHE_TERMS = 1024;

/**
 * Buffers of `windowTopK` kept by the index and reused by every query, and the window layout of common terms: the
 * words most queries share ("model", "learning") have the most postings to seek through, and a segment never
 * changes once sealed, so their layout and block maxima are computed once per segment and kept (at most `keep`
 * terms each, about 1.1 KB a term in a full segment; forgotten with the segment). A full segment forgets its least
 * recently used layout. (Forgetting all of a segment's layouts at once, as before, made a server answering varied
 * queries — 4,000 distinct titles at 2.7M papers — fill every segment each ≈ 1,000 queries and then compute the
 * commonest words' layouts again: 14k–29k layouts made per 500 queries against 7.5k–9k now, docs/benchmarks.md.)
 * Segments loaded from a snapshot with their layouts have none computed: on a miss the term's group (its layouts in
 * every segment, layoutGroups.ts) is read from the snapshot file with one pread into a fresh buffer and kept whole,
 * the least recently used group forgotten once `keep` are kept — the next segments of the query find it there.
 */
export class WindowScratch {
  private readonly layouts = new WeakMap<PostingSegment, Map<number, TermWindows>>();
  /** The groups read from a snapshot's file, by term, least recently used first. */
  private readonly groups = new WeakMap<LayoutGroups, Map<number, (Required<TermWindows> | undefined)[]>>();
  private readonly arrays = new Map<string, Float64Array | Uint32Array>();
  private blockBytes = new Uint8Array(0);
  /** How many layouts of common terms were computed (each kept until forgotten): what `bench:latency --blocks` counts. */
  made = 0;
  /** How many were read from the snapshot file instead (segments loaded with their layouts), and in how many reads (groups). */
  read = 0;
  groupReads = 0;
  /** The layout of a rare term, rewritten by each call (by window count): the caller copies it at once. */
  private readonly spare = new Map<number, TermWindows>();

  /**
   * `kernel`: the native window step (null: JavaScript's, as where the addon is not built; tests compare both);
   * `keep`: the most layouts a segment keeps (tests lower it); `threads`: how many threads the native loop may
   * read a large query's windows on (two where the machine has two cores or more).
   */
  constructor(
    readonly kernel: WindowKernel | null = windowKernel() ?? null,
    private readonly keep = CACHE_TERMS,
    readonly threads = nativeThreads(),
  ) {}

  /** A reused array of at least `n` entries, as a view of exactly `n` (contents left from earlier queries). */
  take(name: 'pos' | 'tub' | 'ub' | 'order', n: number): Float64Array | Uint32Array {
    let a = this.arrays.get(name);
    if (!a || a.length < n) {
      const size = Math.max(n, Math.ceil((a?.length ?? 0) * 1.5));
      a = name === 'pos' ? new Uint32Array(size) : new Float64Array(size);
      this.arrays.set(name, a);
    }
    return a.subarray(0, n);
  }

  /** A reused byte array of at least `n` entries, as a view of exactly `n` (the native step's block maxima). */
  bytes(n: number): Uint8Array {
    if (this.blockBytes.length < n) this.blockBytes = new Uint8Array(Math.max(n, Math.ceil(this.blockBytes.length * 1.5)));
    return this.blockBytes.subarray(0, n);
  }

  /**
   * A term's windows in a segment of `nw` windows, or undefined when the segment lacks it. A rare term's (not kept)
   * is rewritten by the next call: read it before asking again.
   */
  windows(seg: PostingSegment, termId: number, nw: number): TermWindows | undefined {
    const at = seg.indexOf(termId);
    if (at < 0) return undefined;
    const a = seg.starts[at]!;
    const b = seg.starts[at + 1]!;
    if (!isCommon(b - a, nw)) {
      let spare = this.spare.get(nw);
      if (!spare) this.spare.set(nw, (spare = { pos: new Uint32Array(nw + 1), max: new Uint8Array(nw) }));
      return termWindows(seg, a, b, nw, spare);
    }
    const saved = seg.layouts && this.fromGroup(seg.layouts, termId);
    if (saved) return saved;
    let kept = this.layouts.get(seg);
    if (!kept) this.layouts.set(seg, (kept = new Map()));
    let w = kept.get(termId);
    if (w) {
      // most recently used last: a Map iterates in insertion order, so its first key is the one to forget
      kept.delete(termId);
      kept.set(termId, w);
      return w;
    }
    if (kept.size >= this.keep) kept.delete(kept.keys().next().value!);
    // one allocation for the three arrays: at 1M papers ≈ 14k layouts are kept after a few hundred queries, and a
    // buffer each (an ArrayBuffer, its backing-store record and a malloc'd block) cost ≈ 11 MB more resident memory
    const full = layoutAt(new Uint8Array(layoutLength(nw)), 0, nw);
    this.made++;
    fillLayout(seg, a, b, nw, full, this.kernel);
    kept.set(termId, full);
    return full;
  }

  /** A loaded segment's layout of a common term from its kept group, or from the group read now; undefined where it cannot be read. */
  private fromGroup(layouts: WindowLayouts, termId: number): Required<TermWindows> | undefined {
    let kept = this.groups.get(layouts.groups);
    if (!kept) this.groups.set(layouts.groups, (kept = new Map()));
    let group = kept.get(termId);
    if (group) {
      kept.delete(termId);
      kept.set(termId, group);
    } else {
      group = readGroup(layouts.groups, termId);
      if (!group) return undefined;
      this.groupReads++;
      for (const w of group) if (w) this.read++;
      if (kept.size >= this.keep) kept.delete(kept.keys().next().value!);
      kept.set(termId, group);
    }
    return group[layouts.member];
  }

  /** Whether a segment's layout of a term is kept (computed, or in a group read from the snapshot). */
  private holds(seg: PostingSegment, termId: number): boolean {
    return !!(this.layouts.get(seg)?.has(termId) || (seg.layouts && this.groups.get(seg.layouts.groups)?.get(termId)?.[seg.layouts.member]));
  }

  /**
   * Computes the layouts of `termIds` (the commonest terms) in every segment ahead of the searches that need them:
   * otherwise the first long queries after a start pay for their common words' layouts and block maxima (at 2.7M
   * papers, lexical p95 over HTTP 37 ms on the first pass of the evaluation set, 18 on the second). `pause` runs
   * between terms, so requests go first. In a segment loaded with its layouts they are read from the snapshot file
   * instead (a pread a term for all of them, 256 at 2.7M papers, where a search would otherwise pay for them).
   * Returns how many layouts it kept, made or read (terms a segment already kept are skipped).
   */
  async warm(segments: readonly PostingSegment[], termIds: readonly number[], pause: () => Promise<void> | undefined): Promise<number> {
    let kept = 0;
    for (const seg of segments) {
      const nw = windowsIn(seg);
      for (const id of termIds) {
        if (this.holds(seg, id)) continue;
        if (this.windows(seg, id, nw) && this.holds(seg, id)) kept++;
        await pause();
      }
    }
    return kept;
  }
}
