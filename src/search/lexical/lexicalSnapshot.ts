import { bytesOf, readSnapshot, sectionAs, SnapshotUnusable, stringSections, stringsFrom, writeSnapshot } from '../snapshotFile.ts';
import type { AcronymForms } from './acronyms.ts';
import type { LexicalIndexState } from './lexicalIndex.ts';
import { layoutsFit } from './windowLayouts.ts';
import { WINDOW_SHIFT } from './windowTopK.ts';

/** Bumped whenever the layout below (or the analyzer's terms, or impact bytes) changes: older snapshots are rebuilt. */
// 2: the dictionary and ids as string sections, not JSON; 3: the acronym table packed, not JSON; 4: the dictionary,
// the ids and the id table as the index holds them, and each segment's impact maxima (a load decodes no term or id);
// 5: sections of 64 KiB or more start on a page (snapshotFile.ts), so the file can be mapped; 6: each segment's
// window layouts (windowLayouts.ts), two more sections a segment, empty where it has none
export const LEXICAL_SNAPSHOT_FORMAT = 6;

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
}

const FIXED_SECTIONS = 25;
/** A segment's sections: termIds, starts, docs, impacts, termMax, blockMax, then its layouts' terms and bytes. */
const PER_SEGMENT = 8;
/** The first of a segment's layout sections, which a load leaves unfaulted (read only where searches need them). */
const LAYOUT_SECTIONS = 6;
const EMPTY = new Uint8Array(0);

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

/** Writes a lexical index at a change-log position (atomically; see snapshotFile.ts); returns the bytes written. */
export function writeLexicalSnapshot(path: string, snap: LexicalSnapshot): Promise<number> {
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
  const sections: Uint8Array[] = fixed.map(bytesOf);
  for (const g of s.segments) sections.push(...[g.termIds, g.starts, g.docs, g.impacts, g.termMax, g.blockMax, g.layouts?.terms ?? EMPTY, g.layouts?.bytes ?? EMPTY].map(bytesOf));
  return writeSnapshot(path, LEXICAL_SNAPSHOT_FORMAT, { meta, sections });
}

/**
 * Reads a lexical snapshot; throws SnapshotUnusable when it is missing, corrupt or of another format. Every
 * array is the section as read (its own buffer), adopted by the index as it is: nothing is decoded per term,
 * per paper or per posting.
 */
export async function readLexicalSnapshot(path: string): Promise<LexicalSnapshot> {
  const { meta, sections } = await readSnapshot<LexicalMeta>(path, LEXICAL_SNAPSHOT_FORMAT, undefined, {
    // the layouts are left to fault in as searches read them: most of a segment's are for words few queries hold
    prefault: (i) => i >= FIXED_SECTIONS && (i - FIXED_SECTIONS) % PER_SEGMENT < LAYOUT_SECTIONS,
  });
  if (meta.kind !== 'lexical') throw new SnapshotUnusable('corrupt', `a ${String(meta.kind)} snapshot where the lexical index was expected`);
  const segments = meta.segmentBases?.length ?? 0;
  if (sections.length !== FIXED_SECTIONS + segments * PER_SEGMENT || meta.segmentMaxDocs?.length !== segments) throw new SnapshotUnusable('corrupt', 'wrong number of sections');
  const [text, ends, table] = sections as [Uint8Array, Uint8Array, Uint8Array];
  const [idBytes, idStarts, idLens, byIdTable, df, rowids, dates, upvotes, flags, lens, tailTerms, tailDocs, tailTfs] = sections.slice(12, FIXED_SECTIONS) as Uint8Array[];
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
    segments: meta.segmentBases.map((base, i) => {
      const at = FIXED_SECTIONS + i * PER_SEGMENT;
      const [termIds, starts, docs, impacts, termMax, blockMax, layoutTerms, layoutBytes] = sections.slice(at, at + PER_SEGMENT) as Uint8Array[];
      const ids = sectionAs(termIds!, Uint32Array);
      const maxDoc = meta.segmentMaxDocs[i]!;
      const layouts = layoutTerms!.byteLength || layoutBytes!.byteLength ? { terms: sectionAs(layoutTerms!, Uint32Array), bytes: layoutBytes! } : undefined;
      if (layouts && !layoutsFit(layouts, ids.length, ((maxDoc - base) >> WINDOW_SHIFT) + 1)) throw new SnapshotUnusable('corrupt', 'window layouts disagree with their segment');
      return {
        termIds: ids,
        starts: sectionAs(starts!, Uint32Array),
        docs: sectionAs(docs!, Uint16Array),
        impacts: impacts!,
        base,
        termMax: termMax!,
        blockMax: blockMax!,
        maxDoc,
        layouts,
      };
    }),
    tail: { terms: sectionAs(tailTerms!, Uint32Array), docs: sectionAs(tailDocs!, Uint32Array), tfs: sectionAs(tailTfs!, Uint32Array) },
    tailStart: meta.tailStart,
  };
  const n = meta.papers;
  if (state.ids.lens.length !== n || state.rowids.length !== n || state.dates.length !== n || state.upvotes.length !== n || state.flags.length !== n || state.lens.length !== n * 3 || state.df.length !== state.dict.ends.length) {
    throw new SnapshotUnusable('corrupt', 'section lengths disagree with the header');
  }
  return { position: meta.position, state };
}
