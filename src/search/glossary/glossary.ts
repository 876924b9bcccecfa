import { terms } from '../lexical/analyzer.ts';

/** One glossary term a query's words describe, with how much of the query's idf mass its best description holds. */
export interface GlossaryMatch {
  term: string;
  /** Share (0–1) of the query's idf mass found in the description; a query word no description holds counts with the largest idf. */
  coverage: number;
  /** BM25 score of that description. */
  score: number;
  description: string;
  /** Index of that description in `entries`. */
  entry: number;
}

const K1 = 1.2;
const B = 0.75;

/**
 * A glossary mined from the corpus: descriptions in other words of technical terms ("widely used method to reduce
 * memory usage and inference time" → "quantization"), searched by BM25 over the descriptions' analysed
 * words. It exists because everyday-word queries miss their papers when they lack the field's term; finding the
 * term from its description lets search add it (src/search/glossary/glossaryExpansion.ts). Its index is built
 * from the asset alone, so its size and speed do not depend on the corpus.
 */
export class Glossary {
  private readonly postings = new Map<string, number[]>();
  private readonly lengths: Uint16Array;
  private readonly avgLength: number;

  constructor(readonly entries: ReadonlyArray<{ term: string; description: string }>) {
    this.lengths = new Uint16Array(entries.length);
    let total = 0;
    entries.forEach((e, i) => {
      const words = terms(e.description);
      this.lengths[i] = Math.min(65_535, words.length);
      total += words.length;
      for (const t of words) {
        const list = this.postings.get(t);
        if (!list) this.postings.set(t, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    this.avgLength = total / Math.max(1, entries.length);
  }

  private vectors?: { embed: (text: string) => Float32Array; rows: Float32Array[] };

  /**
   * Lets `match` check meaning too: every description is embedded once with `embed` (an in-process model, the
   * one the papers are embedded with), so a description must agree with the query by its words and its vector.
   */
  useVectors(embed: (text: string) => Float32Array): void {
    this.vectors = { embed, rows: this.entries.map((e) => embed(e.description)) };
  }

  /** Whether `useVectors` has run. */
  get hasVectors(): boolean {
    return !!this.vectors;
  }

  get size(): number {
    return this.entries.length;
  }

  private idf(df: number): number {
    const n = this.entries.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * The terms whose descriptions best match the analysed query terms, best first, one per term (its best
   * description), at most `limit`. Repeated words count once (term frequency in the description is ignored too).
   * With `agree` (after `useVectors`), only descriptions whose vector has at least `minCosine` with the query
   * text's are kept.
   */
  match(queryTerms: readonly string[], limit: number, agree?: { text: string; minCosine: number }): GlossaryMatch[] {
    const found = this.matchWords(queryTerms, agree && this.vectors ? limit * 10 : limit);
    if (!agree || !this.vectors) return found;
    // both signals must agree: the description's words and its meaning
    const q = this.vectors.embed(agree.text);
    return found.filter((m) => dot(this.vectors!.rows[m.entry]!, q) >= agree.minCosine).slice(0, limit);
  }

  private matchWords(queryTerms: readonly string[], limit: number): GlossaryMatch[] {
    const own = [...new Set(queryTerms)];
    if (!own.length || !this.entries.length) return [];
    const maxIdf = this.idf(0);
    let mass = 0;
    const scores = new Map<number, { score: number; mass: number }>();
    for (const t of own) {
      const list = this.postings.get(t);
      const idf = list ? this.idf(list.length) : maxIdf;
      mass += idf;
      if (!list) continue;
      for (const d of list) {
        const norm = K1 * (1 - B + (B * this.lengths[d]!) / this.avgLength);
        const s = scores.get(d) ?? { score: 0, mass: 0 };
        s.score += (idf * (K1 + 1)) / (1 + norm);
        s.mass += idf;
        scores.set(d, s);
      }
    }
    const best = new Map<string, GlossaryMatch>();
    for (const [d, s] of scores) {
      const e = this.entries[d]!;
      const key = e.term.toLowerCase();
      const prev = best.get(key);
      if (!prev || s.score > prev.score) best.set(key, { term: e.term, coverage: s.mass / mass, score: s.score, description: e.description, entry: d });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
