import { nextTurn, PIECE_MS, timeSlices } from '../../jobs/timeSlices.ts';
import type { SectionFile } from '../sectionFile.ts';
import type { SectionSource } from '../snapshotFile.ts';
import type { WindowKernel } from './windowKernel.ts';
import { fillLayout, layoutAt, layoutBytes, layoutLength, type SegmentPostings, type TermWindows } from './windowLayouts.ts';
import { indexInSorted } from './postingSegment.ts';

/** What the group table knows of one segment of a snapshot: its term ids, the indexes among them with a layout, its window count. */
export interface LayoutMember {
  termIds: Uint32Array;
  terms: Uint32Array;
  nw: number;
}

/**
 * A snapshot's window layouts as they lie in its file, term by term: for each term with a layout in any segment
 * (`termIds`, ascending) one group of records, the segments' in segment order, from `starts[g]` to `starts[g + 1]`
 * of the records section at `offset`. A query needs a word's layout in every segment (42 at 2.7M papers); read as
 * one contiguous group it costs one pread of ≈ 46 KB (≈ 0.4 µs a record) where a record a segment cost a pread of
 * 1.1 KB at a scattered place each (3.5–6 µs: docs/benchmarks.md).
 */
export interface LayoutGroups {
  file: SectionFile;
  offset: number;
  termIds: Uint32Array;
  starts: Float64Array;
  /** Every segment of the snapshot, in order (those without layouts have no terms). */
  members: LayoutMember[];
}

/** Groups groupTable walks between two looks at the clock. */
const GROUPS_A_STEP = 1024;

/** The most bytes a write computes or copies before handing them on (and the most a copy reads at once). */
const CHUNK_BYTES = 1 << 20;

/** The record bytes a member of `members` has for `termId`, member by member (views into `bytes`), or undefined when they do not add up. */
export function splitGroup(members: readonly LayoutMember[], termId: number, bytes: Uint8Array): (Required<TermWindows> | undefined)[] | undefined {
  const out: (Required<TermWindows> | undefined)[] = new Array(members.length);
  let at = 0;
  for (let k = 0; k < members.length; k++) {
    const m = members[k]!;
    if (!m.terms.length) continue;
    const i = indexInSorted(m.termIds, termId);
    if (i < 0 || indexInSorted(m.terms, i) < 0) continue;
    if (at + layoutLength(m.nw) > bytes.length) return undefined;
    out[k] = layoutAt(bytes, at, m.nw);
    at += layoutBytes(m.nw);
  }
  return at === bytes.length ? out : undefined;
}

/**
 * Reads the group of `termId` with one pread into a fresh buffer and splits it by segment (splitGroup); undefined
 * when the term has no group, the file is closed, or the group disagrees with the table (the caller computes).
 */
export function readGroup(groups: LayoutGroups, termId: number): (Required<TermWindows> | undefined)[] | undefined {
  const g = indexInSorted(groups.termIds, termId);
  if (g < 0) return undefined;
  const bytes = new Uint8Array(groups.starts[g + 1]! - groups.starts[g]!);
  if (!groups.file.readAt(bytes, groups.offset + groups.starts[g]!)) return undefined;
  return splitGroup(groups.members, termId, bytes);
}

/** Whether a loaded group table fits its segments and `bytes` of records: every record in a group of the right size, nothing else. */
export function groupsFit(termIds: Uint32Array, starts: Float64Array, members: readonly LayoutMember[], bytes: number): boolean {
  const G = termIds.length;
  if (starts.length !== G + 1 || starts[0] !== 0 || starts[G] !== bytes) return false;
  for (let g = 1; g < G; g++) if (termIds[g]! <= termIds[g - 1]!) return false;
  const sizes = new Float64Array(G);
  for (const m of members) {
    const size = layoutBytes(m.nw);
    for (let j = 0; j < m.terms.length; j++) {
      const g = indexInSorted(termIds, m.termIds[m.terms[j]!]!);
      if (g < 0) return false;
      sizes[g]! += size;
    }
  }
  for (let g = 0; g < G; g++) if (!sizes[g] || starts[g + 1]! - starts[g]! !== sizes[g]) return false;
  return true;
}

/** One segment of a snapshot being written: its postings, the indexes of its terms with a layout, and where to copy them from, if anywhere. */
export interface GroupInput {
  seg: SegmentPostings;
  terms: Uint32Array;
  nw: number;
  /** The loaded snapshot's groups and this segment's place among their members, when its records are copied. */
  from?: { groups: LayoutGroups; member: number };
}

/**
 * The groups of `inputs` in term order (a k-way walk over the segments' term lists: 4,491 groups of 164,807 records
 * at 2.7M papers): each term id with the inputs that have it, ascending, and where it is among their terms
 * (`at[i]`: the index into input i's `terms`; valid until the next step).
 */
function* groupsOf(inputs: readonly GroupInput[]): Generator<{ termId: number; has: readonly number[]; at: Uint32Array }> {
  const at = new Uint32Array(inputs.length);
  const has: number[] = [];
  for (;;) {
    let min = Infinity;
    has.length = 0;
    for (let i = 0; i < inputs.length; i++) {
      const { seg, terms } = inputs[i]!;
      if (at[i]! >= terms.length) continue;
      const id = seg.termIds[terms[at[i]!]!]!;
      if (id < min) {
        min = id;
        has.length = 0;
      }
      if (id === min) has.push(i);
    }
    if (!has.length) return;
    yield { termId: min, has, at };
    for (const i of has) at[i]!++;
  }
}

/** The group table of a snapshot being written: the terms with a layout in any segment and where each one's group starts. */
export async function groupTable(inputs: readonly GroupInput[]): Promise<{ termIds: Uint32Array; starts: Float64Array }> {
  const ids: number[] = [];
  const starts: number[] = [0];
  const { pause } = timeSlices(PIECE_MS);
  let bytes = 0;
  for (const { termId, has } of groupsOf(inputs)) {
    for (const i of has) bytes += layoutBytes(inputs[i]!.nw);
    ids.push(termId);
    starts.push(bytes);
    if (ids.length % GROUPS_A_STEP === 0) await pause();
  }
  return { termIds: Uint32Array.from(ids), starts: Float64Array.from(starts) };
}

/**
 * The records section of a snapshot being written, group by group (groupTable's order): each record copied from
 * the loaded snapshot's group of the same term (a megabyte of whole groups read at a time, off this thread) or
 * computed (fillLayout), in pieces of at most a megabyte and PIECE_MS of computing, each handed on before the next
 * is made and followed by a turn of the event loop — a server writing its snapshot answers requests meanwhile and
 * never holds all the layouts (≈ 180 MB at 2.7M papers).
 */
export function groupSource(inputs: readonly GroupInput[], kernel: WindowKernel | null): SectionSource {
  const byteLength = inputs.reduce((n, x) => n + x.terms.length * layoutBytes(x.nw), 0);
  return {
    byteLength,
    async *chunks() {
      const readers = new Map<LayoutGroups, GroupReader>();
      let out = new Uint8Array(Math.min(CHUNK_BYTES, byteLength));
      let m = 0;
      let started = performance.now();
      for (const { termId, has, at } of groupsOf(inputs)) {
        for (const i of has) {
          const x = inputs[i]!;
          const size = layoutBytes(x.nw);
          if (m + size > out.length || (m && performance.now() - started >= PIECE_MS)) {
            yield out.subarray(0, m);
            await nextTurn();
            out = new Uint8Array(Math.max(size, Math.min(CHUNK_BYTES, byteLength)));
            m = 0;
            started = performance.now();
          }
          const copied = x.from && (await reader(readers, x.from.groups).record(termId, x.from.member));
          if (copied) out.set(copied, m);
          else {
            const t = x.terms[at[i]!]!;
            fillLayout(x.seg, x.seg.starts[t]!, x.seg.starts[t + 1]!, x.nw, layoutAt(out, m, x.nw), kernel);
          }
          m += size;
        }
      }
      if (m) yield out.subarray(0, m);
    },
  };
}

const reader = (readers: Map<LayoutGroups, GroupReader>, groups: LayoutGroups): GroupReader => {
  let r = readers.get(groups);
  if (!r) readers.set(groups, (r = new GroupReader(groups)));
  return r;
};

/** Reads a loaded snapshot's groups in term order, a megabyte of whole groups at a time (asynchronously: libuv's threads). */
class GroupReader {
  private span?: { from: number; to: number; bytes: Uint8Array };
  /** The last group split (a group's records are taken one after another). */
  private last?: { g: number; split: (Required<TermWindows> | undefined)[] | undefined };

  constructor(private readonly groups: LayoutGroups) {}

  /** The record of `member` in the group of `termId` (its bytes, padding included), or undefined where there is none or it cannot be read. */
  async record(termId: number, member: number): Promise<Uint8Array | undefined> {
    const { termIds, starts, members, file, offset } = this.groups;
    const g = indexInSorted(termIds, termId);
    if (g < 0) return undefined;
    if (!this.span || g < this.span.from || g >= this.span.to) {
      let to = g + 1;
      while (to < termIds.length && starts[to + 1]! - starts[g]! <= CHUNK_BYTES) to++;
      const bytes = await file.readSpan(offset + starts[g]!, starts[to]! - starts[g]!);
      if (!bytes) return undefined;
      this.span = { from: g, to, bytes };
    }
    if (this.last?.g !== g) {
      const base = starts[g]! - starts[this.span.from]!;
      this.last = { g, split: splitGroup(members, termId, this.span.bytes.subarray(base, base + starts[g + 1]! - starts[g]!)) };
    }
    const w = this.last.split?.[member];
    return w && new Uint8Array(w.pos.buffer, w.pos.byteOffset, layoutBytes(members[member]!.nw));
  }
}
