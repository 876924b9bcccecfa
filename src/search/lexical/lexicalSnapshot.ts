import { bytesOf, readSnapshot, sectionAs, SnapshotUnusable, stringSections, stringsFrom, writeSnapshot, type OnDiskSections, type SectionSource } from '../snapshotFile.ts';
import type { SectionFile } from '../sectionFile.ts';
import type { AcronymForms } from './acronyms.ts';
import type { LexicalIndexState } from './lexicalIndex.ts';
import { windowKernel } from './windowKernel.ts';
import { groupsFit, groupSource, groupTable, type GroupInput, type LayoutGroups, type LayoutMember } from './layoutGroups.ts';
import { commonTerms, termsFit } from './windowLayouts.ts';
import { windowsIn } from './windowTopK.ts';

/** Bumped whenever the layout below (or the analyzer's terms, or impact bytes) changes: older snapshots are rebuilt. */
// 2: the dictionary and ids as string sections, not JSON; 3: the acronym table packed, not JSON; 4: the dictionary,
// the ids and the id table as the index holds them, and each segment's impact maxima (a load decodes no term or id);
// 5: sections of 64 KiB or more start on a page (snapshotFile.ts), so the file can be mapped; 6: each segment's
// window layouts (windowLayouts.ts), two more sections a segment, empty where it has none; 7: the layouts' records
// after every other section (a load maps the file up to them and reads them with pread), their term lists with
// their segments; 8: the records grouped by term across the segments (layoutGroups.ts), after a table of the groups
export const LEXICAL_SNAPSHOT_FORMAT = 8;

/** The lexical snapshot's file name in the data folder's search directory. */
export const LEXICAL_SNAPSHOT_NAME = 'lexical.snap';

interface LexicalMeta {
  kind: 'lexical';
  /** The search change-log position the index reflects: a load replays the log after it. */
  position: number;
  papers: number;
  alive: number;
  lenSums: number[];
  tailStart: number;
  segmentBases: number[];
  segmentMaxDocs: number[];
  byIdLive: number;
  byIdFilled: number;
  savedAt: string;
}

/** A lexical index as saved, at a change-log position. */
export interface LexicalSnapshot {
  position: number;
  state: LexicalIndexState;
  /** The file a loaded snapshot's window layouts are read from, kept open (the index that adopts the state closes it). */
  file?: SectionFile;
}

const FIXED_SECTIONS = 25;
/**
 * A segment's sections: termIds, starts, docs, impacts, termMax, blockMax, the terms that have a window layout;
 * after all segments' come the group table's two sections (the terms with a layout anywhere, where each one's
 * group starts) and the layouts' records, grouped by term (layoutGroups.ts), which a load leaves on disk.
 */
const PER_SEGMENT = 7;
/** The group table's sections and the records section after the segments'. */
const AFTER_SEGMENTS = 3;
const EMPTY32 = new Uint32Array(0);

/** The acronym table's nine sections (see AcronymForms). */
const acronymSections = (a: AcronymForms): Uint8Array[] => [
  ...stringSections(a.shorts),
  bytesOf(a.formsPerShort),
  bytesOf(a.termsPerForm),
  ...stringSections(a.terms),
  bytesOf(a.counts),
  bytesOf(a.firstOrder),
  bytesOf(a.firstLengths),
];
const acronymsFrom = (s: Uint8Array[]): AcronymForms => ({
  shorts: stringsFrom(s[0]!, s[1]!),
  formsPerShort: sectionAs(s[2]!, Uint32Array),
  termsPerForm: sectionAs(s[3]!, Uint32Array),
  terms: stringsFrom(s[4]!, s[5]!),
  counts: sectionAs(s[6]!, Uint32Array),
  firstOrder: sectionAs(s[7]!, Uint32Array),
  firstLengths: sectionAs(s[8]!, Uint32Array),
});

/**
 * Writes a lexical index at a change-log position (atomically; see snapshotFile.ts); returns the bytes written.
 * Where the state asks for window layouts (`withLayouts`), the records go last, grouped by term across the
 * segments (layoutGroups.ts): a segment's copied from the snapshot it was loaded from, or computed as they are
 * written (a millisecond at a time), so neither a build nor a save holds them all in memory.
 */
export async function writeLexicalSnapshot(path: string, snap: LexicalSnapshot): Promise<number> {
  const s = snap.state;
  const meta: LexicalMeta = {
    kind: 'lexical',
    position: snap.position,
    papers: s.rowids.length,
    alive: s.alive,
    lenSums: s.lenSums,
    tailStart: s.tailStart,
    segmentBases: s.segments.map((g) => g.base),
    segmentMaxDocs: s.segments.map((g) => g.maxDoc),
    byIdLive: s.byId.live,
    byIdFilled: s.byId.filled,
    savedAt: new Date().toISOString(),
  };
  const fixed = [s.dict.text, s.dict.ends, s.dict.table, ...acronymSections(s.acronyms), s.ids.bytes, s.ids.starts, s.ids.lens, s.byId.table, s.df, s.rowids, s.dates, s.upvotes, s.flags, s.lens, s.tail.terms, s.tail.docs, s.tail.tfs];
  const sections: (Uint8Array | SectionSource)[] = fixed.map(bytesOf);
  const inputs: GroupInput[] = [];
  const releases: (() => void)[] = [];
  try {
    for (const g of s.segments) {
      let input: GroupInput = { seg: g, terms: EMPTY32, nw: windowsIn(g) };
      if (g.layouts?.groups.file.isOpen) {
        releases.push(g.layouts.groups.file.hold());
        input = { ...input, terms: g.layouts.terms, from: g.layouts };
      } else if (s.withLayouts) input = { ...input, terms: await commonTerms(g) };
      sections.push(...[g.termIds, g.starts, g.docs, g.impacts, g.termMax, g.blockMax, input.terms].map(bytesOf));
      inputs.push(input);
    }
    const table = await groupTable(inputs);
    sections.push(bytesOf(table.termIds), bytesOf(table.starts), groupSource(inputs, windowKernel() ?? null));
    return await writeSnapshot(path, LEXICAL_SNAPSHOT_FORMAT, { meta, sections });
  } finally {
    for (const release of releases) release();
  }
}

/**
 * Reads a lexical snapshot; throws SnapshotUnusable when it is missing, corrupt or of another format. Every
 * array is the section as read (its own buffer), adopted by the index as it is: nothing is decoded per term,
 * per paper or per posting.
 */
export async function readLexicalSnapshot(path: string, options: { prefault?: boolean } = {}): Promise<LexicalSnapshot> {
  const prefault = options.prefault ?? true;
  const { meta, sections, onDisk } = await readSnapshot<LexicalMeta>(path, LEXICAL_SNAPSHOT_FORMAT, undefined, {
    // every mapped section brought in at load, the look-up sections too (dates, flags, lengths: the first searches
    // after a restart would fault them in a page run at a time; docs/search.md); `prefault: false` leaves them to
    // the searches (a file just written, its pages in the page cache, read back beside the index built in memory)
    prefault: () => prefault,
    // the layouts' records stay on disk (a word's group read where a search needs it, never mapped: the kernel's
    // fault-around would bring most of them into the process's memory after a few hundred varied queries)
    leaveOnDisk: (m) => FIXED_SECTIONS + ((m as Partial<LexicalMeta> | null)?.segmentBases?.length ?? 0) * PER_SEGMENT + AFTER_SEGMENTS - 1,
  });
  let snap: LexicalSnapshot | undefined;
  try {
    return (snap = lexicalFrom(meta, sections, onDisk));
  } finally {
    if (onDisk && snap?.file !== onDisk.file) await onDisk.file.close(); // unusable, or no layouts to read after all
  }
}

/** The index state of a lexical snapshot's description and sections; the layouts' records found in `onDisk`. */
function lexicalFrom(meta: LexicalMeta, sections: Uint8Array[], onDisk: OnDiskSections | undefined): LexicalSnapshot {
  if (meta.kind !== 'lexical') throw new SnapshotUnusable('corrupt', `a ${String(meta.kind)} snapshot where the lexical index was expected`);
  const segments = meta.segmentBases?.length ?? 0;
  const after = FIXED_SECTIONS + segments * PER_SEGMENT;
  const recordsAt = after + AFTER_SEGMENTS - 1;
  if (sections.length !== after + AFTER_SEGMENTS || meta.segmentMaxDocs?.length !== segments) throw new SnapshotUnusable('corrupt', 'wrong number of sections');
  const [text, ends, table] = sections as [Uint8Array, Uint8Array, Uint8Array];
  const [idBytes, idStarts, idLens, byIdTable, df, rowids, dates, upvotes, flags, lens, tailTerms, tailDocs, tailTfs] = sections.slice(12, FIXED_SECTIONS) as Uint8Array[];
  const members: LayoutMember[] = meta.segmentBases.map((base, i) => {
    const at = FIXED_SECTIONS + i * PER_SEGMENT;
    const termIds = sectionAs(sections[at]!, Uint32Array);
    const terms = sectionAs(sections[at + PER_SEGMENT - 1]!, Uint32Array);
    if (!termsFit(terms, termIds.length)) throw new SnapshotUnusable('corrupt', 'window layouts disagree with their segment');
    return { termIds, terms, nw: windowsIn({ base, maxDoc: meta.segmentMaxDocs[i]! }) };
  });
  const groupTerms = sectionAs(sections[after]!, Uint32Array);
  const groupStarts = sectionAs(sections[after + 1]!, Float64Array);
  const records = onDisk && onDisk.from === recordsAt ? onDisk.lengths[recordsAt]! : 0;
  if (!groupsFit(groupTerms, groupStarts, members, records)) throw new SnapshotUnusable('corrupt', 'window layouts disagree with their groups');
  const groups: LayoutGroups | undefined = groupTerms.length ? { file: onDisk!.file, offset: onDisk!.offsets[recordsAt]!, termIds: groupTerms, starts: groupStarts, members } : undefined;
  const state: LexicalIndexState = {
    dict: { text, ends: sectionAs(ends, Uint32Array), table: sectionAs(table, Int32Array) },
    acronyms: acronymsFrom(sections.slice(3, 12)),
    ids: { bytes: idBytes!, starts: sectionAs(idStarts!, Uint32Array), lens: sectionAs(idLens!, Uint16Array) },
    byId: { table: sectionAs(byIdTable!, Int32Array), live: meta.byIdLive, filled: meta.byIdFilled },
    df: sectionAs(df!, Uint32Array),
    rowids: sectionAs(rowids!, Int32Array),
    dates: sectionAs(dates!, Int32Array),
    upvotes: sectionAs(upvotes!, Int32Array),
    flags: sectionAs(flags!, Uint8Array),
    lens: sectionAs(lens!, Float32Array),
    lenSums: meta.lenSums,
    alive: meta.alive,
    segments: members.map((m, i) => {
      const at = FIXED_SECTIONS + i * PER_SEGMENT;
      const [, starts, docs, impacts, termMax, blockMax] = sections.slice(at, at + PER_SEGMENT) as Uint8Array[];
      return {
        termIds: m.termIds,
        starts: sectionAs(starts!, Uint32Array),
        docs: sectionAs(docs!, Uint16Array),
        impacts: impacts!,
        base: meta.segmentBases[i]!,
        termMax: termMax!,
        blockMax: blockMax!,
        maxDoc: meta.segmentMaxDocs[i]!,
        layouts: m.terms.length ? { terms: m.terms, groups: groups!, member: i } : undefined,
      };
    }),
    tail: { terms: sectionAs(tailTerms!, Uint32Array), docs: sectionAs(tailDocs!, Uint32Array), tfs: sectionAs(tailTfs!, Uint32Array) },
    tailStart: meta.tailStart,
  };
  const n = meta.papers;
  if (state.ids.lens.length !== n || state.rowids.length !== n || state.dates.length !== n || state.upvotes.length !== n || state.flags.length !== n || state.lens.length !== n * 3 || state.df.length !== state.dict.ends.length) {
    throw new SnapshotUnusable('corrupt', 'section lengths disagree with the header');
  }
  return { position: meta.position, state, file: groups?.file };
}
