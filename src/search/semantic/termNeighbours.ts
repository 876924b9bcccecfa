import { isStopword } from '../lexical/analyzer.ts';
import { VectorIndex } from './vectorIndex.ts';

/** What term neighbours need from a static model: its vocabulary and a text's vector. */
export interface VocabularyModel {
  readonly vocab: readonly string[];
  embedOne(text: string): Float32Array;
}

/**
 * The model's own nearest vocabulary words to a query word: every whole-word token of the model's vocabulary
 * (letters only, three or more, no stopword) as a unit vector in a vector index of its own, searched with the
 * word's vector. Why: a query in everyday words ("film", "talk", "forgets") has near it in the model's space the
 * terms papers use ("video", "speech", "catastrophic forgetting"), which the lexical side can then also match.
 * Built on first use (about 17k words); the neighbours of a word are cached.
 */
export class TermNeighbours {
  private index: VectorIndex | undefined;
  private readonly cache = new Map<string, { word: string; score: number }[]>();

  constructor(private readonly model: VocabularyModel) {}

  /** The `k` nearest vocabulary words to `word`, the word itself left out, best first, with their cosines. */
  near(word: string, k: number): { word: string; score: number }[] {
    const key = `${word.toLowerCase()}\u0000${k}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const index = (this.index ??= this.build());
    const v = this.model.embedOne(word);
    const out = index.search(v, k + 1).filter((h) => h.id !== word.toLowerCase()).slice(0, k).map((h) => ({ word: h.id, score: h.score }));
    if (this.cache.size >= 4096) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, out);
    return out;
  }

  private build(): VectorIndex {
    const first = this.model.embedOne('a');
    const index = new VectorIndex(first.length);
    for (const w of this.model.vocab) if (/^[a-z]{3,}$/.test(w) && !isStopword(w)) index.set(w, this.model.embedOne(w));
    return index;
  }
}
