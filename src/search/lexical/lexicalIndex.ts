import { AcronymTable, type AcronymForms } from './acronyms.ts';
import { IMPACT_UNIT, idf, impactByte } from './bm25f.ts';
import { DocAnalyzer } from './docAnalyzer.ts';
import { HitHeap } from './hitHeap.ts';
import { countAllTerms } from './countAll.ts';
import { countCredible, CREDIBLE_READ_BUDGET, CredibleScratch, shareOf, type ShareTerm } from './credibleMatches.ts';
import { termAtATimeKernel, type TermAtATimeKernel } from './termAtATimeKernel.ts';
import { windowTopK, type DocFilter, type PrunedTerm } from './windowTopK.ts';
import { letterMask, lettersApart } from './letterMask.ts';
import { WindowScratch } from './windowScratch.ts';
import type { SectionFile } from '../sectionFile.ts';
import { nativeThreads, PARALLEL_FROM } from '../memoryMap.ts';
import { PostingSegment, SEGMENT_SPAN, SegmentBuilder, type SegmentMaxima } from './postingSegment.ts';
import { TermDict, type TermDictParts } from './termDict.ts';
import { RowidTable } from './rowidTable.ts';
import { IdList, type IdListParts } from '../idList.ts';
import { IdTable, type IdTableParts } from '../idTable.ts';
import { sortedIntersect, sortedUnion } from './topK.ts';
import { allowedInSegments, allowedKernel, type AllowedKernel } from './allowedDocs.ts';
import type { LexicalDocRow } from '../../storage/lexicalStore.ts';

/** What the index needs to know about one paper: the row the lexical store reads. */
export type IndexDoc = LexicalDocRow;

/** A query already turned into index terms (see searchPapers): scored terms, required terms and filters. */
export interface LexicalQuery {
  /** Terms that add to the score, each with its weight (1 for the user's words, less for expansions). */
  scored: { term: string; weight: number }[];
  /** Every one of these terms must be present (phrase words, `t:` title terms, `a:` author terms). */
  required: string[];
  /** From each group at least one term must be present (`c:` categories, `o:` organizations). */
  anyOf: string[][];
  /** No term of these may be present. */
  excluded: string[];
  /** Published on or after / before or on, as YYYYMMDD numbers. */
  from?: number;
  to?: number;
  hasCode?: boolean;
  sort: 'relevance' | 'date' | 'upvotes';
  /** How many ranked hits to return. */
  limit: number;
}

/** A ranked paper: its internal number, its id and its score (0 when the query had no scored terms). */
export interface Hit {
  doc: number;
  id: string;
  score: number;
}

const BULK_SEGMENT_DOCS = SEGMENT_SPAN;
const LIVE_SEGMENT_DOCS = 2_000;
const MERGE_BELOW = 4_000_000;
/** The word terms of one first letter and length: their ids, and each one's letter set (`letterMask`) at the same index. */
interface TermShapes {
  ids: number[];
  letters: number[];
}

/** Corpus size from which relevance search prunes (windowTopK.ts) and `total` becomes an estimate. */
const PRUNE_FROM = 50_000;
/**
 * Pruning also needs a query whose posting lists hold more than this many postings per paper of `pruneFrom`
 * (1M): below, reading every posting term at a time is cheaper than the windows' bookkeeping — while the
 * per-paper accumulators it scatters into stay in cache (up to CACHED_PER_PRUNE_FROM × pruneFrom papers: 250k,
 * 2 MB of scores and stamps). Beyond, the budget shrinks with the square of the corpus size (`prunePostingsAt`):
 * at 126k real papers, real queries of dozens of terms cost p95 4–6 ms either way, the many-term ones less term
 * at a time; at 1M papers a posting read term at a time cost 11 ns and at 2.7M 15–50 (cache misses on 10 MB
 * arrays, a busy machine) against 1–6 ms a query pruned, whatever its lists' size (budgets: 62k and 8.6k
 * postings; docs/benchmarks.md, "Lexical search at the field size"). Same hits either way.
 */
const EXHAUSTIVE_POSTINGS_PER_DOC = 20;
/** The native selection's `sortBy` for relevance (no per-paper sort value). */
const NO_SORT = new Int32Array(0);
/** Papers (per paper of `pruneFrom`) whose term-at-a-time accumulators stay in cache; see EXHAUSTIVE_POSTINGS_PER_DOC. */
const CACHED_PER_PRUNE_FROM = 5;

/** YYYY-MM-DD → YYYYMMDD (0 when unknown), the form dates are filtered and sorted by. */
export const dayNumber = (day: string | undefined) => (day && /^\d{4}-\d{2}-\d{2}/.test(day) ? Number(day.slice(0, 10).replace(/-/g, '')) : 0);

/**
 * paperwire's own in-memory lexical index: BM25F impacts in flat typed-array segments, term-at-a-time scoring with
 * per-query accumulators, filters as stamped bitmaps. Built from the store at start and kept current by
 * `add`/`remove` (see indexSync); an updated paper gets a new internal number and the old one is marked dead.
 */
export class LexicalIndex {
  readonly acronyms = new AcronymTable();
  private analyzer = new DocAnalyzer();
  private df: Uint32Array = new Uint32Array(1024);
  private docIds: number[] = [];
  private docPacked: number[] = [];
  private docLens = [0, 0, 0];
  private segments: PostingSegment[] = [];
  private tail = new SegmentBuilder();
  private tailTerms = new Map<number, number[]>();
  /** `countAll`'s kept bitsets of common terms on a small corpus (countAll.ts), and the adds and removals that outdate them. */
  private countBits = new Map<number, { at: number; bits: Uint32Array }>();
  private changes = 0;
  private tailStart = 0;
  private bulk = false;

  private n = 0;
  private alive = 0;
  private cap = 0;
  /** Paper ids by internal number, packed (idList.ts): a million ids in ~16 MB rather than ~40 MB of strings. */
  private ids = new IdList();
  private rowids: Int32Array = new Int32Array(0);
  private dates: Int32Array = new Int32Array(0);
  private upvotes: Int32Array = new Int32Array(0);
  private flags: Uint8Array = new Uint8Array(0);
  private lens: Float32Array = new Float32Array(0);
  private lenSums = [0, 0, 0];
  private byRowid = new RowidTable();
  private byId = new IdTable((d) => this.ids.at(d), (d, id) => this.ids.equals(d, id));

  private gen = 0;
  /** The query whose allow/deny stamps carry generation `gen` (see `matcher`). */
  private stamped?: { q: object; gen: number };
  private acc = new Float32Array(0);
  private seen = new Uint32Array(0);
  private allow = new Uint32Array(0);
  private deny = new Uint32Array(0);
  private touched = new Uint32Array(0);
  /** Word terms' ids and letter sets by first letter and length, for `forEachTermLike`; `upTo`: the dictionary size they cover. */
  private shapes?: { upTo: number; lists: Map<number, TermShapes> };
  /** Scratch and common terms' window layouts of relevance search from `pruneFrom` papers, made on first use. */
  private windows?: WindowScratch;
  /** The native term-at-a-time steps (undefined without the addon) and their arguments' scratch, made on first use. */
  private termAtATime?: { kernel: TermAtATimeKernel | undefined; ints: Int32Array };
  /** The native filter of required terms (allowedDocs.ts), looked up on first use; null without the addon. */
  private allowKernel?: AllowedKernel | null;
  /** Scratch of `credibleCount`, made on first use. */
  private credible?: CredibleScratch;
  /** The snapshot file its loaded segments' window layouts are read from (closed by `close`). */
  private layoutFile?: SectionFile;

  /**
   * `pruneFrom`: corpus size from which relevance search prunes (tests lower it to compare both paths; 0 always
   * prunes); `prunePostings`: and only a query whose lists hold more postings than this (by default a number that
   * shrinks as the corpus grows, see `prunePostingsAt`); `native`: false runs every step in JavaScript, as
   * without the addon (tests compare both); `parallelFrom`: the postings from which term at a time runs on two
   * threads (tests lower it).
   */
  constructor(
    private readonly pruneFrom = PRUNE_FROM,
    private readonly prunePostings?: number,
    private readonly native = true,
    private readonly parallelFrom = PARALLEL_FROM,
  ) {}

  /**
   * The postings above which a relevance query over `docs` papers is pruned: `prunePostings` when given, else
   * EXHAUSTIVE_POSTINGS_PER_DOC × pruneFrom up to CACHED_PER_PRUNE_FROM × pruneFrom papers, and (cached / docs)²
   * of that beyond (term at a time scatters into per-paper arrays that leave the cache as the corpus grows).
   */
  private prunePostingsAt(docs: number): number {
    if (this.prunePostings !== undefined) return this.prunePostings;
    const cached = CACHED_PER_PRUNE_FROM * this.pruneFrom;
    const budget = EXHAUSTIVE_POSTINGS_PER_DOC * this.pruneFrom;
    return docs <= cached ? budget : budget * (cached / docs) ** 2;
  }

  /** The analyzer's dictionary (a snapshot load replaces it whole). */
  private get dict(): TermDict {
    return this.analyzer.dict;
  }

  /** Number of live papers. */
  get size(): number {
    return this.alive;
  }

  /** During a bulk load, postings go to large segments and are not searchable until `endBulk`. */
  beginBulk(): void {
    this.bulk = true;
  }

  /** Seals the last bulk segment. */
  endBulk(): void {
    this.bulk = false;
    this.seal();
    this.tail = new SegmentBuilder();
  }

  /** Indexes a paper, replacing the version indexed under the same rowid. */
  add(doc: IndexDoc): void {
    this.analyzer.analyze(doc, this.docIds, this.docPacked, this.docLens);
    this.addAnalyzed(doc, this.docIds, this.docPacked, 0, this.docIds.length, this.docLens, 0);
    if (doc.abstract) this.acronyms.learn(doc.abstract);
  }

  /**
   * Indexes a paper already analysed (by `add`, or by a build worker whose term ids were translated to this
   * index's with `termId`): its terms are `termIds[from..to)` with their packed frequencies, its field lengths
   * `lens[at..at+3)`. Acronyms are the caller's to learn.
   */
  addAnalyzed(doc: IndexDoc, termIds: ArrayLike<number>, packed: ArrayLike<number>, from: number, to: number, lens: ArrayLike<number>, at: number): void {
    this.remove(doc.rowid);
    // by a quarter, not double: at a million papers each step of the per-paper arrays costs ~45 MB, held from then on
    if (this.n === this.cap) this.grow(Math.max(1024, this.cap + (this.cap >> 2)));
    const d = this.n++;
    this.alive++;
    this.changes++;
    this.ids.set(d, doc.id);
    this.rowids[d] = doc.rowid;
    this.dates[d] = dayNumber(doc.publishedAt);
    this.upvotes[d] = doc.upvotes;
    this.flags[d] = 1 | (doc.hasCode ? 2 : 0);
    this.byRowid.set(doc.rowid, d);
    this.byId.set(doc.id, d);
    for (let f = 0; f < 3; f++) {
      this.lens[d * 3 + f] = lens[at + f]!;
      this.lenSums[f]! += lens[at + f]!;
    }
    if (this.df.length < this.dict.size) {
      const df = new Uint32Array(Math.max(this.dict.size, this.df.length * 2));
      df.set(this.df);
      this.df = df;
    }
    for (let i = from; i < to; i++) {
      const id = termIds[i]!;
      this.df[id]!++;
      this.tail.add(id, d, packed[i]!);
      if (!this.bulk) {
        const list = this.tailTerms.get(id);
        if (list) list.push(this.tail.size - 1);
        else this.tailTerms.set(id, [this.tail.size - 1]);
      }
    }
    if (d + 1 - this.tailStart >= (this.bulk ? BULK_SEGMENT_DOCS : LIVE_SEGMENT_DOCS)) this.seal();
  }

  /** This index's id of a term, created when new (for translating a build worker's term ids). */
  termId(term: string): number {
    return this.analyzer.termId(term);
  }

  /** Drops a paper from results (its postings stay until their segment is merged). */
  remove(rowid: number): void {
    const d = this.byRowid.get(rowid);
    if (d === undefined) return;
    this.byRowid.delete(rowid);
    const id = this.ids.at(d)!;
    if (this.byId.get(id) === d) this.byId.delete(id);
    this.flags[d]! &= ~1;
    this.alive--;
    this.changes++;
    for (let f = 0; f < 3; f++) this.lenSums[f]! -= this.lens[d * 3 + f]!;
  }

  /** Keeps the upvote count used by `sort: 'upvotes'` current. */
  setUpvotes(rowid: number, upvotes: number): void {
    const d = this.byRowid.get(rowid);
    if (d !== undefined) this.upvotes[d] = upvotes;
  }

  /** The words of a paper's title as indexed (stopwords out; a hyphenated word's parts and its joined form): `analyze(title).length`. */
  titleWords(doc: number): number {
    return this.lens[doc * 3]!;
  }

  /**
   * The live papers whose title holds every one of `terms` (analysed terms, through their title-only `t:` twins),
   * ascending; none when a term is in no title or the rarest is in more than `maxRare` titles, so a look-up reads
   * at most that many postings and a few binary searches each. What the exact-title rule reads when a pasted
   * title ranks below the best lexical hits (exactTitle.ts).
   */
  titleHolders(terms: readonly string[], maxRare: number): number[] {
    const ids: number[] = [];
    for (const t of new Set(terms)) {
      const id = this.dict.get(`t:${t}`);
      if (id === undefined) return [];
      ids.push(id);
    }
    if (!ids.length) return [];
    ids.sort((a, b) => this.df[a]! - this.df[b]!);
    if (this.df[ids[0]!]! > maxRare) return [];
    const out: number[] = [];
    for (const d of this.termDocs(ids[0]!)) if (this.flags[d]! & 1 && ids.every((id, k) => k === 0 || this.holds(id, d))) out.push(d);
    return out;
  }

  /** Whether paper `doc` has a posting of term `id` (binary searches: its segment, then the term's docs there). */
  private holds(id: number, doc: number): boolean {
    if (doc >= this.tailStart) return (this.tailTerms.get(id) ?? []).some((i) => this.tail.at(i).doc === doc);
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.base <= doc) lo = mid;
      else hi = mid - 1;
    }
    const seg = segs[lo];
    const r = seg?.find(id);
    if (!seg || !r) return false;
    const docs = seg.docs.subarray(r[0], r[1]);
    const at = lowerBound(docs, doc - seg.base);
    return at < docs.length && docs[at] === doc - seg.base;
  }

  /** The paper id of an internal number. */
  idOf(doc: number): string | undefined {
    return this.ids.at(doc);
  }

  /** Whether a paper id is indexed and live, and its internal number. */
  docOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /**
   * Readies the window path for the first searches after a start: the layouts of the `count` commonest terms in
   * every sealed segment (WindowScratch.warm), on a corpus large enough for the path to be taken by most long
   * queries (from CACHED_PER_PRUNE_FROM × pruneFrom papers, where the term-at-a-time budget starts to shrink).
   * Returns how many layouts it kept (made, or read from the snapshot file where its segments have them).
   */
  async warmWindows(count: number, pause: () => Promise<void> | undefined): Promise<number> {
    if (this.n < CACHED_PER_PRUNE_FROM * this.pruneFrom || !this.segments.length) return 0;
    const ids: number[] = [];
    const common = this.n >> 12; // fewer postings than that per window of 4,096 never keep a layout
    for (let id = 0, size = this.dict.size; id < size; id++) if (this.df[id]! > common) ids.push(id);
    ids.sort((a, b) => this.df[b]! - this.df[a]!).length = Math.min(ids.length, count);
    return (this.windows ??= new WindowScratch(this.native ? undefined : null)).warm([...this.segments], ids, pause);
  }

  /** Number of papers containing an index term (dead ones included until merged away). */
  docFreq(term: string): number {
    const id = this.dict.get(term);
    return id === undefined ? 0 : this.df[id]!;
  }

  /**
   * How many live papers contain every one of `terms` (what a search requiring them counts, without ranking or
   * copying lists), for the keyword job's phrase frequencies: exact while the rarest term is in at most
   * 2 × COUNT_EXACT_DF papers, a sampled estimate above (countAll.ts), so one count costs about the same at any size.
   */
  countAll(terms: readonly string[]): number {
    const ids: number[] = [];
    for (const t of new Set(terms)) {
      const id = this.dict.get(t);
      if (id === undefined || this.df[id] === 0) return 0;
      ids.push(id);
    }
    if (!ids.length) return 0;
    ids.sort((a, b) => this.df[a]! - this.df[b]!);
    const tailDocs = (id: number) => (this.tailTerms.get(id) ?? []).map((i) => this.tail.at(i).doc);
    const bitsetsBelow = CACHED_PER_PRUNE_FROM * this.pruneFrom;
    return countAllTerms(ids, this.df, { segments: this.segments, flags: this.flags, alive: this.alive, tailStart: this.tailStart, n: this.n, tailDocs, bitsetsBelow, bits: this.countBits, changes: this.changes });
  }

  /** Every word term of the index with its document frequency (field-filter terms such as `t:…` left out): the vocabulary spelling suggestions draw on. */
  forEachTerm(fn: (term: string, df: number) => void): void {
    this.dict.forEach((term, id) => {
      if (this.df[id]! > 0 && !term.includes(':')) fn(term, this.df[id]!);
    });
  }

  /** The per-letter, per-length term lists of `forEachTermLike`, extended by at most `count` more dictionary terms. */
  private extendShapes(count: number): { upTo: number; lists: Map<number, TermShapes> } {
    const dict = this.analyzer.dict;
    const shape = (this.shapes ??= { upTo: 0, lists: new Map<number, TermShapes>() });
    for (const end = Math.min(dict.size, shape.upTo + count); shape.upTo < end; shape.upTo++) {
      const term = dict.term(shape.upTo);
      const c = term.charCodeAt(0);
      if (c < 97 || c > 122 || term.includes(':')) continue;
      const key = c * 64 + Math.min(63, term.length);
      let list = shape.lists.get(key);
      if (!list) shape.lists.set(key, (list = { ids: [], letters: [] }));
      list.ids.push(shape.upTo);
      list.letters.push(letterMask(dict.bytes, dict.start(shape.upTo), dict.end(shape.upTo)));
    }
    return shape;
  }

  /**
   * Makes `forEachTermLike`'s term lists ahead of the first misspelled or rare query word, `pause` between pieces of
   * 8,192 terms: otherwise the first such search after a restart reads the whole dictionary (millions of terms at
   * the field size, a few hundred milliseconds). Returns how many pauses it took (0 when the lists were made).
   */
  async warmTermShapes(pause: () => Promise<void> | undefined): Promise<number> {
    let pauses = 0;
    while ((this.shapes?.upTo ?? 0) < this.analyzer.dict.size) {
      this.extendShapes(8192);
      await pause();
      pauses++;
    }
    return pauses;
  }

  /**
   * `forEachTerm` narrowed to what spelling correction compares: word terms of `min`..`max` characters starting
   * with the lower-case letter `first` (a char code), with their document frequencies (those under `minDf`, and 0
   * ones, left out). A term is given as its UTF-8 bytes, `text[start, end)`, not as a string: a misspelled word at
   * 2.7M papers is compared with 5–8k terms, and making a string of each cost more than comparing it. Reads
   * per-letter, per-length lists of term ids, made on first use and extended as the dictionary grows, instead of
   * the whole dictionary (400k terms at 126k papers) for every misspelled or rare word. `near`: only terms whose
   * letter set (`letterMask`) is within `edits` letters of `letters` either way — tested on the lists' own letter
   * sets, in order, before a term's frequency or bytes are read (at 2.7M papers a scan read 17k terms scattered over
   * the dictionary: 6–9 ms on its first run after a start).
   */
  forEachTermLike(first: number, min: number, max: number, fn: (text: Buffer, start: number, end: number, df: number) => void, minDf = 1, near?: { letters: number; edits: number }): void {
    const dict = this.analyzer.dict;
    const shape = this.extendShapes(Infinity);
    const text = dict.bytes;
    // lengths from 63 up share the last list, the only one whose terms' lengths are checked one by one
    for (let len = Math.min(63, Math.max(1, min)); len <= Math.min(63, max); len++) {
      const list = shape.lists.get(first * 64 + len);
      if (!list) continue;
      const { ids, letters } = list;
      for (let i = 0; i < ids.length; i++) {
        if (near && lettersApart(near.letters, letters[i]!, near.edits)) continue;
        const id = ids[i]!;
        const df = this.df[id]!;
        if (!(df >= minDf) || !(df > 0)) continue;
        if (len === 63) {
          const term = dict.term(id);
          if (term.length < min || term.length > max) continue;
        }
        fn(text, dict.start(id), dict.end(id), df);
      }
    }
  }

  /**
   * How much of a query each paper holds: for each doc, Σ weight × idf over the scored terms it contains, divided
   * by Σ idf over `own` (the user's own terms; a term no paper has counts with the largest idf). Search uses it
   * to tell a credible lexical match (most of the query's rare words) from one that shares a single common word.
   */
  coverage(scored: ReadonlyArray<{ term: string; weight: number }>, own: readonly string[], docs: readonly number[]): Float64Array {
    const terms = this.shareTerms(scored, own);
    if (!terms) return new Float64Array(docs.length);
    return shareOf(this.searchedSegments(terms.map((t) => t.id)), terms, docs);
  }

  /**
   * How many papers pass a query's filters and hold at least `min` of its idf mass (as `coverage` measures it):
   * the count of credible lexical matches from the postings of the terms that can reach `min`
   * (credibleMatches.ts) — exact, or extrapolated from a spread sample of segments once it has read `budget`
   * postings (`exact: false`; only on a corpus of more than 8 segments, 500k papers).
   */
  credibleCount(q: LexicalQuery, own: readonly string[], min: number, budget = CREDIBLE_READ_BUDGET): { count: number; exact: boolean } {
    const terms = this.shareTerms(q.scored, own);
    if (!terms) return { count: 0, exact: true };
    this.credible ??= new CredibleScratch(this.native ? undefined : false);
    return countCredible(this.searchedSegments(terms.map((t) => t.id)), terms, min, this.matcher(q), this.credible, budget);
  }

  /** The scored terms some paper holds, in query order, each with its share of the idf mass of `own`; undefined when that mass is 0. */
  private shareTerms(scored: ReadonlyArray<{ term: string; weight: number }>, own: readonly string[]): ShareTerm[] | undefined {
    const n = Math.max(1, this.alive);
    let mass = 0;
    for (const t of new Set(own)) mass += idf(n, this.docFreq(t));
    if (!(mass > 0)) return undefined;
    const terms: ShareTerm[] = [];
    for (const { term, weight } of scored) {
      if (!(weight > 0) || !this.docFreq(term)) continue;
      terms.push({ id: this.dict.get(term)!, share: (weight * idf(n, this.docFreq(term))) / mass });
    }
    return terms;
  }

  /** The sealed segments, then the live tail's postings of `termIds` as one more (what a query reads). */
  private searchedSegments(termIds: number[]): PostingSegment[] {
    const tail = this.tailSegment(termIds);
    return tail ? [...this.segments, tail] : this.segments;
  }

  /** Whether the paper passes a query's filters (used to filter semantic neighbours the same way). */
  passes(doc: number, q: Pick<LexicalQuery, 'from' | 'to' | 'hasCode'>): boolean {
    if (!(this.flags[doc]! & 1)) return false;
    if (q.hasCode && !(this.flags[doc]! & 2)) return false;
    const date = this.dates[doc]!;
    if ((q.from && date < q.from) || (q.to && (date === 0 || date > q.to))) return false;
    return true;
  }

  /**
   * A test for "passes every filter of the query" (required terms, groups, exclusions, dates, code), to filter
   * semantic neighbours the same way. Use it at once: the next search reuses its stamps. Called with the query
   * object of the last search, and no search since, it reuses that search's stamps instead of computing them again.
   */
  matcher(q: Omit<LexicalQuery, 'scored' | 'sort' | 'limit'>): (doc: number) => boolean {
    const hasAllow = q.required.length > 0 || q.anyOf.length > 0;
    let gen = this.gen;
    if (this.stamped?.q !== q || this.stamped.gen !== gen) {
      gen = ++this.gen;
      if (hasAllow) this.allowedDocs(q, gen);
      for (const term of q.excluded) this.forEachPosting(term, (d) => (this.deny[d] = gen));
    }
    return (d) => (!hasAllow || this.allow[d] === gen) && this.deny[d] !== gen && this.passes(d, q);
  }

  /** Ranks papers for a query; `total` counts every paper that matches it. */
  search(q: LexicalQuery): { hits: Hit[]; total: number; exact: boolean } {
    const gen = ++this.gen;
    const hasAllow = q.required.length > 0 || q.anyOf.length > 0;
    let allowed: Uint32Array | undefined;
    if (hasAllow) {
      allowed = this.allowedDocs(q, gen);
      if (!allowed.length) return { hits: [], total: 0, exact: true };
    }
    for (const term of q.excluded) this.forEachPosting(term, (d) => (this.deny[d] = gen));
    this.stamped = { q, gen };

    let candidates: Uint32Array;
    const scored = q.scored.filter((s) => this.dict.has(s.term));
    const docCount = Math.max(1, this.alive);
    if (scored.length) {
      const factor = (s: { term: string; weight: number }) => s.weight * idf(docCount, this.docFreq(s.term)) * IMPACT_UNIT;
      const postings = scored.reduce((sum, s) => sum + this.docFreq(s.term), 0);
      let nt = 0;
      if (allowed && allowed.length * 8 < postings) {
        // A few allowed papers (author:, a rare phrase): look each one up in the lists instead of reading them.
        for (const s of scored) nt = this.accumulateAllowed(this.dict.get(s.term)!, factor(s), gen, allowed, nt);
      } else if (q.sort === 'relevance' && docCount >= this.pruneFrom && postings > this.prunePostingsAt(docCount)) {
        return this.searchPruned(q, scored.map((s) => ({ id: this.dict.get(s.term)!, factor: factor(s) })), gen, hasAllow);
      } else if (q.sort === 'relevance' && this.segments.length && this.nativeSteps().kernel) {
        // relevance keys are unique, so the order papers are first seen in (which two threads change) does not matter
        nt = this.accumulateAll(scored.map((s) => ({ id: this.dict.get(s.term)!, factor: factor(s) })), gen, hasAllow, postings);
      } else {
        for (const s of scored) nt = this.accumulate(this.dict.get(s.term)!, factor(s), gen, hasAllow, nt);
      }
      candidates = this.touched.subarray(0, nt);
    } else if (q.scored.length) {
      return { hits: [], total: 0, exact: true };
    } else {
      candidates = allowed ?? Uint32Array.from({ length: this.n }, (_, i) => i);
      for (const d of candidates) this.acc[d] = 0;
    }
    const { flags, dates, deny, acc, upvotes } = this;
    const from = q.from ?? 0;
    const to = q.to ?? 0;
    const needCode = q.hasCode ? 2 : 0;
    const filtered = from > 0 || to > 0 || needCode > 0 || q.excluded.length > 0;
    const bySort = q.sort === 'date' ? dates : q.sort === 'upvotes' ? upvotes : undefined;
    // One pass: filter, count, and keep the best `limit` in a min-heap (the bound is checked inline: this runs
    // per matching paper).
    const heap = new HitHeap(Math.max(1, q.limit));
    const limit = q.limit;
    // the smallest key in a full heap (what a candidate must beat), kept in a local
    let floor = Number.NEGATIVE_INFINITY;
    let total = 0;
    const { kernel, ints } = this.nativeSteps();
    if (kernel) {
      ints.set([gen, filtered ? 1 : 0, from, to, needCode, limit, 0]);
      total = kernel.topHits(candidates, flags, acc, deny, dates, bySort ?? NO_SORT, ints, heap.keys, heap.docs);
      heap.size = ints[6]!;
    }
    for (let i = 0; !kernel && i < candidates.length; i++) {
      const d = candidates[i]!;
      const f = flags[d]!;
      if (!(f & 1)) continue;
      if (filtered) {
        if (deny[d] === gen || (needCode && !(f & 2))) continue;
        const date = dates[d]!;
        if ((from && date < from) || (to && (date === 0 || date > to))) continue;
      }
      total++;
      if (limit <= 0) continue;
      const key = bySort ? bySort[d]! * 1024 + Math.min(1023, acc[d]! * 16) : acc[d]! + d * 1e-12;
      if (key <= floor) continue;
      heap.push(key, d);
      if (heap.size === heap.k) floor = heap.keys[0]!;
    }
    const hits = heap.order().map((i) => ({ doc: heap.docs[i]!, id: this.ids.at(heap.docs[i]!)!, score: acc[heap.docs[i]!]! }));
    return { hits, total, exact: true };
  }

  /**
   * Relevance top-k on a large corpus without reading whole posting lists (windowTopK.ts: windows read best bound
   * first, MaxScore inside each). The hits are those of the exhaustive path; `total` is estimated from the terms' document
   * frequencies (as if independent) times the share of examined candidates that passed the filters.
   */
  private searchPruned(q: LexicalQuery, terms: PrunedTerm[], gen: number, hasAllow: boolean): { hits: Hit[]; total: number; exact: boolean } {
    const filtered = !!q.from || !!q.to || !!q.hasCode || q.excluded.length > 0;
    const filter: DocFilter = { flags: this.flags, dates: this.dates, allow: this.allow, deny: this.deny, gen, hasAllow, filtered, from: q.from ?? 0, to: q.to ?? 0, needCode: q.hasCode ? 2 : 0, allLive: this.alive === this.n };
    const heap = new HitHeap(Math.max(1, q.limit));
    const tail = this.tailSegment(terms.map((t) => t.id));
    const segments = tail ? [...this.segments, tail] : this.segments;
    const stats = windowTopK(segments, terms, filter, heap, this.acc, (this.windows ??= new WindowScratch(this.native ? undefined : null)));
    const hits = q.limit > 0 ? heap.order().map((i) => ({ doc: heap.docs[i]!, id: this.ids.at(heap.docs[i]!)!, score: this.acc[heap.docs[i]!]! })) : [];
    const n = Math.max(1, this.n);
    const any = terms.length === 1 ? this.df[terms[0]!.id]! : n * (1 - terms.reduce((p, t) => p * (1 - Math.min(1, this.df[t.id]! / n)), 1));
    const exact = terms.length === 1 && !filtered && !hasAllow && this.alive === this.n;
    const share = stats.examined ? stats.passed / stats.examined : 1;
    return { hits, total: exact ? any : Math.max(hits.length, Math.round(any * share)), exact };
  }

  /** The live tail's postings of some terms as a small segment (impacts computed now), or undefined when empty. */
  private tailSegment(termIds: number[]): PostingSegment | undefined {
    const ids = [...new Set(termIds)].filter((id) => this.tailTerms.has(id)).sort((a, b) => a - b);
    if (!ids.length) return undefined;
    const avgs = this.averages();
    const lists = ids.map((id) => this.tailTerms.get(id)!);
    const starts = new Uint32Array(ids.length + 1);
    const docs = new Uint16Array(lists.reduce((s, l) => s + l.length, 0));
    const impacts = new Uint8Array(docs.length);
    const base = this.tailStart;
    let n = 0;
    lists.forEach((list, k) => {
      starts[k] = n;
      for (const i of list) {
        const { doc, packedTf } = this.tail.at(i);
        docs[n] = doc - base;
        impacts[n++] = impactByte(packedTf, this.lens, doc * 3, avgs);
      }
    });
    starts[ids.length] = n;
    return new PostingSegment(Uint32Array.from(ids), starts, docs, impacts, base);
  }

  /**
   * Adds a term's impacts to the allowed papers (`allowed`, ascending) that have it: galloping search through each
   * segment's postings when the allowed papers are few, a stamped scan otherwise. Same accumulators as `accumulate`.
   */
  private accumulateAllowed(termId: number, factor: number, gen: number, allowed: Uint32Array, nt: number): number {
    const { acc, seen, touched, allow } = this;
    const { kernel, ints } = this.nativeSteps();
    const add = (d: number, v: number) => {
      if (seen[d] !== gen) {
        seen[d] = gen;
        acc[d] = v;
        touched[nt++] = d;
      } else acc[d]! += v;
    };
    for (const seg of this.segments) {
      const r = seg.find(termId);
      if (!r) continue;
      const { docs, impacts, base } = seg;
      const [a, b] = r;
      // The allowed docs inside this segment's range, compared as offsets from its base.
      let i = lowerBound(allowed, base);
      const end = lowerBound(allowed, seg.maxDoc + 1);
      if (i === end) continue;
      if ((end - i) * 8 > b - a && kernel) {
        ints.set([a, b, base, gen, nt, 1]);
        nt = kernel.accumulate(docs, impacts, ints, factor, acc, seen, touched, allow);
        continue;
      }
      if ((end - i) * 8 > b - a) {
        for (let p = a; p < b; p++) {
          const d = base + docs[p]!;
          if (allow[d] !== gen) continue;
          const v = factor * impacts[p]!;
          if (seen[d] !== gen) {
            seen[d] = gen;
            acc[d] = v;
            touched[nt++] = d;
          } else acc[d]! += v;
        }
        continue;
      }
      let p = a;
      for (; i < end && p < b; i++) {
        const c = allowed[i]! - base;
        if (docs[p]! < c) {
          let step = 1;
          while (p + step < b && docs[p + step]! < c) step *= 2;
          let lo = p + (step >> 1);
          let hi = Math.min(p + step, b);
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (docs[mid]! < c) lo = mid + 1;
            else hi = mid;
          }
          p = lo;
        }
        if (p < b && docs[p] === c) add(base + c, factor * impacts[p]!);
      }
    }
    const positions = this.tailTerms.get(termId);
    if (positions) {
      const avgs = this.averages();
      for (const i of positions) {
        const { doc: d, packedTf } = this.tail.at(i);
        if (allow[d] === gen) add(d, factor * impactByte(packedTf, this.lens, d * 3, avgs));
      }
    }
    return nt;
  }

  /**
   * Adds every term's impacts (times its factor) to the accumulators in one native call — on two threads from
   * `parallelFrom` postings (at 126k papers a pasted abstract's 0.5–0.8M postings took 3–4 ms on one) — then the
   * unsealed tail's, term by term: each paper gets its terms' additions in query order, as `accumulate` gives them.
   */
  private accumulateAll(terms: readonly PrunedTerm[], gen: number, hasAllow: boolean, postings: number): number {
    const { acc, seen, touched, allow, segments } = this;
    const S = segments.length;
    const segs: (Uint16Array | Uint8Array)[] = [];
    const ranges = new Int32Array(2 * terms.length * S);
    const ints = new Int32Array(4 + S);
    ints.set([gen, hasAllow ? 1 : 0, postings >= this.parallelFrom ? nativeThreads() : 1, 0]);
    for (let s = 0; s < S; s++) {
      const seg = segments[s]!;
      segs.push(seg.docs, seg.impacts);
      ints[4 + s] = seg.base;
      for (let t = 0; t < terms.length; t++) {
        const r = seg.find(terms[t]!.id);
        if (r) ranges.set(r, 2 * (t * S + s));
      }
    }
    const factors = Float64Array.from(terms, (t) => t.factor);
    let nt = this.nativeSteps().kernel!.accumulateAll(segs, ranges, factors, ints, acc, seen, touched, allow);
    for (const t of terms) nt = this.accumulateTail(t.id, t.factor, gen, hasAllow, nt);
    return nt;
  }

  /** Adds one term's impacts (times `factor`) to the accumulators; the hot loop of every query. */
  private accumulate(termId: number, factor: number, gen: number, hasAllow: boolean, nt: number): number {
    const { acc, seen, touched, allow } = this;
    const { kernel, ints } = this.nativeSteps();
    for (const seg of this.segments) {
      const r = seg.find(termId);
      if (!r) continue;
      const { docs, impacts, base } = seg;
      if (kernel) {
        ints.set([r[0], r[1], base, gen, nt, hasAllow ? 1 : 0]);
        nt = kernel.accumulate(docs, impacts, ints, factor, acc, seen, touched, allow);
        continue;
      }
      for (let p = r[0], end = r[1]; p < end; p++) {
        const d = base + docs[p]!;
        if (hasAllow && allow[d] !== gen) continue;
        if (seen[d] !== gen) {
          seen[d] = gen;
          acc[d] = factor * impacts[p]!;
          touched[nt++] = d;
        } else acc[d]! += factor * impacts[p]!;
      }
    }
    return this.accumulateTail(termId, factor, gen, hasAllow, nt);
  }

  /** `accumulate` for the unsealed tail's postings of one term. */
  private accumulateTail(termId: number, factor: number, gen: number, hasAllow: boolean, nt: number): number {
    const { acc, seen, touched, allow } = this;
    const positions = this.tailTerms.get(termId);
    if (positions) {
      const avgs = this.averages();
      for (const i of positions) {
        const { doc: d, packedTf } = this.tail.at(i);
        if (hasAllow && allow[d] !== gen) continue;
        const v = factor * impactByte(packedTf, this.lens, d * 3, avgs);
        if (seen[d] !== gen) {
          seen[d] = gen;
          acc[d] = v;
          touched[nt++] = d;
        } else acc[d]! += v;
      }
    }
    return nt;
  }

  /** The native term-at-a-time kernel, looked up on first use, and the scratch its integer arguments travel in. */
  private nativeSteps(): { kernel: TermAtATimeKernel | undefined; ints: Int32Array } {
    return (this.termAtATime ??= { kernel: this.native ? termAtATimeKernel() : undefined, ints: new Int32Array(7) });
  }

  /** Docs with every required term and one term of each anyOf group, ascending, each stamped allow[d] = gen. */
  private allowedDocs(q: Pick<LexicalQuery, 'required' | 'anyOf'>, gen: number): Uint32Array {
    const kernel = this.native ? (this.allowKernel ??= allowedKernel() ?? null) : null;
    if (kernel) {
      const stages = [...q.required.map((t) => [t]), ...q.anyOf].map((group) => group.map((t) => this.dict.get(t)).filter((id) => id !== undefined));
      if (stages.some((ids) => !ids.length)) return new Uint32Array(0);
      const tail = this.tailSegment(stages.flat());
      const found = allowedInSegments(kernel, tail ? [...this.segments, tail] : this.segments, stages, gen, this.allow);
      if (found) return found;
    }
    const lists = q.required.map((t) => this.postingDocs(t));
    for (const group of q.anyOf) lists.push(group.map((t) => this.postingDocs(t)).reduce(sortedUnion, new Uint32Array(0)));
    lists.sort((a, b) => a.length - b.length);
    const allowed = lists.reduce((a, b) => sortedIntersect(a, b));
    for (const d of allowed) this.allow[d] = gen;
    return allowed;
  }

  /** A term's doc numbers, ascending, copied out of the segments in one pass. */
  private postingDocs(term: string): Uint32Array {
    const id = this.dict.get(term);
    return id === undefined ? new Uint32Array(0) : this.termDocs(id);
  }

  /** `postingDocs` by term id. */
  private termDocs(id: number): Uint32Array {
    const ranges = this.segments.map((seg) => seg.find(id));
    const tail = this.tailTerms.get(id) ?? [];
    const out = new Uint32Array(ranges.reduce((n, r) => n + (r ? r[1] - r[0] : 0), 0) + tail.length);
    let n = 0;
    this.segments.forEach((seg, i) => {
      const r = ranges[i];
      if (r) for (let p = r[0]; p < r[1]; p++) out[n++] = seg.base + seg.docs[p]!;
    });
    for (const i of tail) out[n++] = this.tail.at(i).doc;
    return out;
  }

  /** Calls `fn(doc, impact)` for each posting of a term, in ascending doc order. */
  private forEachPosting(term: string, fn: (doc: number, impact: number) => void): void {
    const id = this.dict.get(term);
    if (id === undefined) return;
    for (const seg of this.segments) {
      const r = seg.find(id);
      if (!r) continue;
      const { docs, impacts, base } = seg;
      for (let p = r[0]; p < r[1]; p++) fn(base + docs[p]!, impacts[p]!);
    }
    const positions = this.tailTerms.get(id);
    if (positions) {
      const avgs = this.averages();
      for (const i of positions) {
        const { doc, packedTf } = this.tail.at(i);
        fn(doc, impactByte(packedTf, this.lens, doc * 3, avgs));
      }
    }
  }

  private averages(): number[] {
    const n = Math.max(1, this.alive);
    return this.lenSums.map((s) => s / n);
  }

  /** Turns the pending postings into a segment; small live segments are merged so their number stays logarithmic. */
  private seal(): void {
    if (!this.tail.size) return;
    const avgs = this.averages();
    this.segments.push(this.tail.seal(this.dict.size, (d, packed) => impactByte(packed, this.lens, d * 3, avgs)));
    // A bulk load reuses the large buffers for its next segment; afterwards the live tail starts small again.
    if (this.bulk) this.tail.clear();
    else this.tail = new SegmentBuilder();
    this.tailTerms.clear();
    this.tailStart = this.n;
    while (!this.bulk && this.segments.length > 1) {
      const [a, b] = this.segments.slice(-2) as [PostingSegment, PostingSegment];
      if (a.docs.length > MERGE_BELOW || b.docs.length * 2 < a.docs.length || b.maxDoc - a.base >= SEGMENT_SPAN) break;
      this.segments.splice(-2, 2, PostingSegment.merge(a, b, (d) => (this.flags[d]! & 1) === 1, (t) => this.df[t]!--));
    }
  }

  private grow(cap: number): void {
    const g = <T extends Int32Array | Uint32Array | Uint8Array | Float32Array>(old: T, size: number): T => {
      const next = new (old.constructor as new (n: number) => T)(size);
      next.set(old);
      return next;
    };
    this.rowids = g(this.rowids, cap);
    this.dates = g(this.dates, cap);
    this.upvotes = g(this.upvotes, cap);
    this.flags = g(this.flags, cap);
    this.lens = g(this.lens, cap * 3);
    this.acc = new Float32Array(cap);
    this.seen = g(this.seen, cap);
    this.allow = g(this.allow, cap);
    this.deny = g(this.deny, cap);
    this.touched = new Uint32Array(cap);
    this.cap = cap;
  }

  /**
   * Everything the index holds, for a snapshot (lexicalSnapshot.ts): the segments as they are (they never change
   * once sealed), copies of the per-paper arrays and of the unsealed tail's postings. Taken at once, so it matches
   * the change-log position of the moment; scratch buffers and lookup maps are rebuilt on load.
   */
  exportState(): LexicalIndexState {
    const n = this.n;
    const t = this.tail.size;
    const tail = { terms: new Uint32Array(t), docs: new Uint32Array(t), tfs: new Uint32Array(t) };
    for (let i = 0; i < t; i++) {
      const p = this.tail.at(i);
      tail.terms[i] = p.termId;
      tail.docs[i] = p.doc;
      tail.tfs[i] = p.packedTf;
    }
    return {
      dict: this.dict.toParts(),
      acronyms: this.acronyms.exportForms(),
      df: this.df.slice(0, this.dict.size),
      ids: this.ids.toParts(n),
      byId: this.byId.toParts(),
      rowids: this.rowids.slice(0, n),
      dates: this.dates.slice(0, n),
      upvotes: this.upvotes.slice(0, n),
      flags: this.flags.slice(0, n),
      lens: this.lens.slice(0, n * 3),
      lenSums: this.lenSums.slice(),
      alive: this.alive,
      segments: this.segments.map((g) => ({ termIds: g.termIds, starts: g.starts, docs: g.docs, impacts: g.impacts, base: g.base, termMax: g.termMax, blockMax: g.blockMax, maxDoc: g.maxDoc, layouts: g.layouts })),
      tail,
      tailStart: this.tailStart,
      withLayouts: this.n >= this.pruneFrom,
    };
  }

  /** An index answering exactly as the one `exportState` was taken from; it owns the state's arrays from then on. */
  static fromState(state: LexicalIndexState, pruneFrom = PRUNE_FROM): LexicalIndex {
    const idx = new LexicalIndex(pruneFrom);
    idx.analyzer.loadDict(TermDict.fromParts(state.dict));
    idx.acronyms.importForms(state.acronyms);
    const n = state.rowids.length;
    // the state's arrays are taken over, not copied (a load's sections: a second copy would double them while
    // loading and leave freed memory behind); the first paper added grows them by a quarter
    idx.rowids = state.rowids;
    idx.dates = state.dates;
    idx.upvotes = state.upvotes;
    idx.flags = state.flags;
    idx.lens = state.lens;
    idx.df = state.df;
    idx.acc = new Float32Array(n);
    idx.seen = new Uint32Array(n);
    idx.allow = new Uint32Array(n);
    idx.deny = new Uint32Array(n);
    idx.touched = new Uint32Array(n);
    idx.cap = n;
    idx.n = n;
    idx.alive = state.alive;
    idx.ids = IdList.fromParts(state.ids);
    idx.lenSums = state.lenSums.slice();
    let maxRowid = 0;
    for (let d = 0; d < n; d++) if (idx.flags[d]! & 1) maxRowid = Math.max(maxRowid, idx.rowids[d]!);
    idx.byRowid.reserve(maxRowid);
    idx.byId.adopt(state.byId);
    for (let d = 0; d < n; d++) if (idx.flags[d]! & 1) idx.byRowid.set(idx.rowids[d]!, d);
    idx.segments = state.segments.map((g) => new PostingSegment(g.termIds, g.starts, g.docs, g.impacts, g.base, g));
    idx.layoutFile = state.segments.find((g) => g.layouts)?.layouts!.groups.file;
    idx.tailStart = state.tailStart;
    const { terms, docs, tfs } = state.tail;
    for (let i = 0; i < terms.length; i++) {
      idx.tail.add(terms[i]!, docs[i]!, tfs[i]!);
      const list = idx.tailTerms.get(terms[i]!);
      if (list) list.push(i);
      else idx.tailTerms.set(terms[i]!, [i]);
    }
    return idx;
  }

  /**
   * Lets go of the snapshot file its segments' layouts are read from (SectionFile), when the index is replaced or
   * its owner closes: no descriptor outlives the index in use. Searches on it afterwards compute their layouts.
   */
  close(): Promise<void> {
    return this.layoutFile?.close() ?? Promise.resolve();
  }

  /** Sizes for benchmarks and the admin: papers, terms, postings, segments and bytes held by typed arrays. */
  stats(): { docs: number; terms: number; postings: number; segments: number; bytes: number; acronyms: number } {
    const postings = this.segments.reduce((s, g) => s + g.docs.length, 0) + this.tail.size;
    const bytes = this.segments.reduce((s, g) => s + g.bytes, 0) + this.cap * 40 + this.df.byteLength;
    return { docs: this.alive, terms: this.dict.size, postings, segments: this.segments.length, bytes, acronyms: this.acronyms.size };
  }
}

/** What a lexical index holds, as plain arrays (see `LexicalIndex.exportState`): what its snapshot stores. */
export interface LexicalIndexState {
  /** The dictionary, packed (termDict.ts). */
  dict: TermDictParts;
  acronyms: AcronymForms;
  df: Uint32Array;
  /** Per internal paper number: id, rowid, day number, upvotes, flags (1 live, 2 has code), three field lengths. */
  ids: IdListParts;
  /** Paper id → internal number, the table as it is (see IdTable.toParts). */
  byId: IdTableParts;
  rowids: Int32Array;
  dates: Int32Array;
  upvotes: Int32Array;
  flags: Uint8Array;
  lens: Float32Array;
  lenSums: number[];
  alive: number;
  segments: ({ termIds: Uint32Array; starts: Uint32Array; docs: Uint16Array; impacts: Uint8Array; base: number } & SegmentMaxima)[];
  /** Postings not yet sealed into a segment (term, doc, packed frequencies), and the first doc they may hold. */
  tail: { terms: Uint32Array; docs: Uint32Array; tfs: Uint32Array };
  tailStart: number;
  /**
   * Whether a snapshot written from this state keeps every segment's window layouts (a corpus of `pruneFrom` papers
   * or more, which the window path serves): those a segment was not loaded with are computed as the file is written.
   */
  withLayouts?: boolean;
}

/** The first index of an ascending list whose value is at least `v`. */
function lowerBound(list: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
