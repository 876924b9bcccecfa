import { TermDict } from './termDict.ts';
import { isStopword, normalizeWord, scanWordRanges } from './analyzer.ts';
import { WordMemo } from './wordMemo.ts';

/** Raw words remembered with their term ids by default (cleared when full). */
const WORD_MEMO = 1_000_000;

/** The fields of a paper that analysis reads. */
export interface AnalyzableDoc {
  title: string;
  abstract?: string;
  authors: string[];
  categories: string[];
  orgName?: string;
}

/**
 * Turns one paper into its distinct index terms, each with its per-field frequencies packed as title << 16 |
 * abstract << 8 | authors (filter-only terms — `t:` title twins, `a:` authors, `c:` categories, `o:`
 * organization — get 0), and the three field lengths. Term ids come from its own dictionary: the lexical index
 * owns one, and each build worker owns another whose ids the index translates (see parallelBuild.ts).
 */
export class DocAnalyzer {
  /** Term → id, packed (termDict.ts); replaced whole by `loadDict`. */
  dict = new TermDict();
  /** Made on the first paper analyzed (26 MB at the default size): a served index loaded from its snapshot may analyze none. */
  private wordMemo?: WordMemo;
  /** Joined hyphenated words (strings already), remembered apart from plain words: rarer, and always terms. */
  private joinedWords = new Map<string, number>();
  /** Raw words of author names → their `a:` term ids (a second memo: the same word's plain term may be a stopword's -1). */
  private authorMemo?: WordMemo;
  private tfStamp = new Uint32Array(1024);
  private tfPacked = new Uint32Array(1024);
  private titleIds = new Int32Array(1024).fill(-1);
  private seq = 0;
  private ids: number[] = [];

  /** `memo`: how many raw words to remember with their ids (build workers keep fewer to save memory). */
  constructor(private readonly memo = WORD_MEMO) {}

  private get words(): WordMemo {
    return (this.wordMemo ??= new WordMemo(this.memo));
  }

  private get authorWords(): WordMemo {
    return (this.authorMemo ??= new WordMemo(Math.ceil(this.memo / 4)));
  }

  /**
   * Analyzes a paper: `ids` and `packed` receive its distinct terms and their packed frequencies (cleared first),
   * `lens` its title, abstract and author word counts.
   */
  analyze(doc: AnalyzableDoc, ids: number[], packed: number[], lens: number[]): void {
    const stamp = ++this.seq;
    this.ids = ids;
    ids.length = 0;
    const fields = [doc.title, doc.abstract ?? '', doc.authors.join(', ')];
    for (let f = 0; f < 3; f++) {
      const shift = (2 - f) * 8;
      let len = 0;
      const text = fields[f]!;
      scanWordRanges(text, (start, end, _pos, joined) => {
        const id = joined === undefined ? this.wordId(text, start, end) : this.joinedId(joined);
        if (id < 0) return;
        len++;
        this.count(id, shift, stamp);
        if (f === 0) this.count(this.titleTwin(id), 24, stamp);
      });
      lens[f] = len;
    }
    for (const name of doc.authors) {
      scanWordRanges(name, (start, end, _pos, joined) => this.count(joined === undefined ? this.authorWordId(name, start, end) : this.termId(`a:${normalizeWord(joined)}`), 24, stamp));
    }
    for (const c of doc.categories) this.count(this.termId(`c:${c.toLowerCase()}`), 24, stamp);
    if (doc.orgName) this.count(this.termId(`o:${doc.orgName.toLowerCase()}`), 24, stamp);
    packed.length = ids.length;
    for (let i = 0; i < ids.length; i++) packed[i] = this.tfPacked[ids[i]!]! & 0xffffff;
  }

  /**
   * Adopts a dictionary (a snapshot's) in place of an empty one, sizing the per-term arrays once for it.
   */
  loadDict(dict: TermDict): void {
    if (this.dict.size) throw new Error('loadDict replaces an empty dictionary only');
    this.dict = dict;
    let size = this.tfStamp.length;
    while (size <= dict.size) size *= 2;
    if (size === this.tfStamp.length) return;
    this.tfStamp = new Uint32Array(size);
    this.tfPacked = new Uint32Array(size);
    this.titleIds = new Int32Array(size).fill(-1);
  }

  /** The id of a term, created when new. */
  termId(term: string): number {
    const id = this.dict.idOf(term);
    if (id >= this.tfStamp.length) {
      const size = this.tfStamp.length * 2;
      const stamp = new Uint32Array(size);
      stamp.set(this.tfStamp);
      this.tfStamp = stamp;
      // Keep the counts: the paper being analysed may already have counted terms (a fresh array lost them).
      const counts = new Uint32Array(size);
      counts.set(this.tfPacked);
      this.tfPacked = counts;
      const twins = new Int32Array(size).fill(-1);
      twins.set(this.titleIds);
      this.titleIds = twins;
    }
    return id;
  }

  private count(id: number, shift: number, stamp: number): void {
    if (this.tfStamp[id] !== stamp) {
      this.tfStamp[id] = stamp;
      this.tfPacked[id] = 0;
      this.ids.push(id);
    }
    if (((this.tfPacked[id]! >>> shift) & 255) < 255) this.tfPacked[id]! += 1 << shift;
  }

  /** The term id of the raw word text[start, end) (one memo lookup once seen, no string made); -1 for stopwords. */
  private wordId(text: string, start: number, end: number): number {
    const known = this.words.get(text, start, end);
    if (known !== undefined) return known;
    const word = text.slice(start, end);
    const id = isStopword(word) ? -1 : this.termId(normalizeWord(word));
    this.words.set(text, start, end, id);
    return id;
  }

  /**
   * The term id of a joined hyphenated word ("pre-training" → pretraining). Always a term, even when it spells a
   * stopword ("in-to" → into), and remembered apart from plain words, so a plain "into" stays a stopword whatever
   * papers came before.
   */
  private joinedId(word: string): number {
    let id = this.joinedWords.get(word);
    if (id === undefined) {
      id = this.termId(normalizeWord(word));
      if (this.joinedWords.size >= this.memo) this.joinedWords.clear();
      this.joinedWords.set(word, id);
    }
    return id;
  }

  /** The `a:` term id of the raw author-name word text[start, end) (one memo lookup once seen, no string made). */
  private authorWordId(text: string, start: number, end: number): number {
    const known = this.authorWords.get(text, start, end);
    if (known !== undefined) return known;
    const id = this.termId(`a:${normalizeWord(text.slice(start, end))}`);
    this.authorWords.set(text, start, end, id);
    return id;
  }

  /** The id of the title-only twin (`t:term`) of a term. */
  private titleTwin(id: number): number {
    let twin = this.titleIds[id]!;
    if (twin < 0) {
      twin = this.termId(`t:${this.dict.term(id)}`);
      this.titleIds[id] = twin;
    }
    return twin;
  }
}
