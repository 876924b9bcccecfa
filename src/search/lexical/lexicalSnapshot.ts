import { bytesOf, readSnapshot, sectionAs, SnapshotUnusable, stringSections, stringsFrom, writeSnapshot } from '../snapshotFile.ts';
import type { AcronymForms } from './acronyms.ts';
import type { LexicalIndexState } from './lexicalIndex.ts';

/** Bumped whenever the layout below (or the analyzer's terms, or impact bytes) changes: older snapshots are rebuilt. */
export const LEXICAL_SNAPSHOT_FORMAT = 3; // 2: the dictionary and ids as string sections, not JSON; 3: the acronym table packed, not JSON (restart speed)

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
  savedAt: string;
}

/** A lexical index as saved, at a change-log position. */
export interface LexicalSnapshot {
  position: number;
  state: LexicalIndexState;
}

const FIXED_SECTIONS = 22;

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
    papers: s.ids.length,
    alive: s.alive,
    lenSums: s.lenSums,
    tailStart: s.tailStart,
    segmentBases: s.segments.map((g) => g.base),
    savedAt: new Date().toISOString(),
  };
  const sections: Uint8Array[] = [...stringSections(s.terms), ...acronymSections(s.acronyms), ...stringSections(s.ids), ...[s.df, s.rowids, s.dates, s.upvotes, s.flags, s.lens, s.tail.terms, s.tail.docs, s.tail.tfs].map(bytesOf)];
  for (const g of s.segments) sections.push(bytesOf(g.termIds), bytesOf(g.starts), bytesOf(g.docs), bytesOf(g.impacts));
  return writeSnapshot(path, LEXICAL_SNAPSHOT_FORMAT, { meta, sections });
}

/** Reads a lexical snapshot; throws SnapshotUnusable when it is missing, corrupt or of another format. */
export async function readLexicalSnapshot(path: string): Promise<LexicalSnapshot> {
  const { meta, sections } = await readSnapshot<LexicalMeta>(path, LEXICAL_SNAPSHOT_FORMAT);
  if (meta.kind !== 'lexical') throw new SnapshotUnusable('corrupt', `a ${String(meta.kind)} snapshot where the lexical index was expected`);
  if (sections.length !== FIXED_SECTIONS + meta.segmentBases.length * 4) throw new SnapshotUnusable('corrupt', 'wrong number of sections');
  const [termLengths, termText, idLengths, idText, df, rowids, dates, upvotes, flags, lens, tailTerms, tailDocs, tailTfs] = [...sections.slice(0, 2), ...sections.slice(11, FIXED_SECTIONS)] as Uint8Array[];
  const state: LexicalIndexState = {
    terms: stringsFrom(termLengths!, termText!),
    acronyms: acronymsFrom(sections.slice(2, 11)),
    ids: stringsFrom(idLengths!, idText!),
    df: sectionAs(df!, Uint32Array),
    rowids: sectionAs(rowids!, Int32Array),
    dates: sectionAs(dates!, Int32Array),
    upvotes: sectionAs(upvotes!, Int32Array),
    flags: sectionAs(flags!, Uint8Array),
    lens: sectionAs(lens!, Float32Array),
    lenSums: meta.lenSums,
    alive: meta.alive,
    segments: meta.segmentBases.map((base, i) => {
      const at = FIXED_SECTIONS + i * 4;
      return { termIds: sectionAs(sections[at]!, Uint32Array), starts: sectionAs(sections[at + 1]!, Uint32Array), docs: sectionAs(sections[at + 2]!, Uint16Array), impacts: sectionAs(sections[at + 3]!, Uint8Array), base };
    }),
    tail: { terms: sectionAs(tailTerms!, Uint32Array), docs: sectionAs(tailDocs!, Uint32Array), tfs: sectionAs(tailTfs!, Uint32Array) },
    tailStart: meta.tailStart,
  };
  const n = meta.papers;
  if (state.ids.length !== n || state.rowids.length !== n || state.flags.length !== n || state.lens.length !== n * 3 || state.df.length !== state.terms.length) {
    throw new SnapshotUnusable('corrupt', 'section lengths disagree with the header');
  }
  return { position: meta.position, state };
}
