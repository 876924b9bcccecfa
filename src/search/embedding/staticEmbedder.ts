import { normalize, type Embedder } from '../semantic/embedder.ts';
import { basicTokenize } from './basicTokenize.ts';
import { createBagSumKernel, type BagSumKernel } from './bagSumKernel.ts';
import type { WordPieceTokenizer } from './wordPieceTokenizer.ts';

/** The weights of a static model: one int8 row per vocabulary token, with a float scale per row. */
export interface StaticWeights {
  /** Model name and version, stored with every vector it makes. */
  id: string;
  /** Row length in the weight file. */
  rowDim: number;
  /** `(vocabSize + phrases) × rowDim` int8 values, row-major. */
  rows: Int8Array;
  /** One scale per row: token vector = rows[row] × scales[row]. */
  scales: Float32Array;
  /**
   * Phrase tokens, as pairs of adjacent token ids: pair i has row `vocabSize + i` and is added to a text's
   * bag wherever its two tokens follow each other ("early exit", "sp ##lat").
   */
  phrases?: ReadonlyArray<readonly [number, number]>;
  /** How a token repeated c times in a text counts: c (linear), √c (sqrt) or 1 + ln c (log). */
  termWeighting?: TermWeighting;
}

/** The sublinear term-frequency functions a static model may have been trained with. */
export type TermWeighting = 'linear' | 'sqrt' | 'log';

const TERM_WEIGHT: Record<TermWeighting, (count: number) => number> = {
  linear: (c) => c,
  sqrt: Math.sqrt,
  log: (c) => 1 + Math.log(c),
};

/**
 * paperwire's bundled embedder: a text's vector is the L2-normalized sum of its WordPiece tokens' vectors and
 * of the phrase vectors its adjacent token pairs form (the weights learned in training are folded into the
 * rows; a repeated token or phrase counts sublinearly, as in training). No runtime, no network: a query is embedded synchronously in microseconds (`embedOne`), a
 * paper in tens of microseconds. `dim` below the row length keeps the first `dim` components (the model was
 * trained with a Matryoshka loss for that).
 */
export class StaticEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;
  readonly scanDim: number | undefined;
  private readonly rowDim: number;
  private readonly rows: Int8Array;
  private readonly scales: Float32Array;
  private readonly counts: Uint32Array;
  private readonly touched: Uint32Array;
  private readonly kernel: BagSumKernel | undefined;
  private readonly tf: (count: number) => number;
  /** Phrase row by `first × vocabSize + second`; `phraseStart[first]` says whether any phrase starts there. */
  private readonly phraseRow = new Map<number, number>();
  private readonly phraseStart: Uint8Array;
  private readonly vocabSize: number;

  /** `simd: false` forces the plain JavaScript loop (the fallback where WebAssembly SIMD is missing). */
  constructor(readonly tokenizer: WordPieceTokenizer, weights: StaticWeights, dim = weights.rowDim, options: { simd?: boolean; scanDim?: number } = {}) {
    if (!Number.isInteger(dim) || dim < 1 || dim > weights.rowDim) throw new Error(`dim must be 1..${weights.rowDim}`);
    const vocabSize = tokenizer.vocab.length;
    const phrases = weights.phrases ?? [];
    const rowCount = vocabSize + phrases.length;
    if (weights.rows.length !== rowCount * weights.rowDim || weights.scales.length !== rowCount) {
      throw new Error(`weights do not fit a ${vocabSize}-token vocabulary and ${phrases.length} phrases of ${weights.rowDim}-dim rows`);
    }
    this.vocabSize = vocabSize;
    this.phraseStart = new Uint8Array(vocabSize);
    phrases.forEach(([a, b], i) => {
      if (!(a >= 0 && a < vocabSize && b >= 0 && b < vocabSize)) throw new Error(`phrase ${i} names a token outside the vocabulary`);
      this.phraseRow.set(a * vocabSize + b, vocabSize + i);
      this.phraseStart[a] = 1;
    });
    this.id = dim === weights.rowDim ? weights.id : `${weights.id}@${dim}`;
    this.dim = dim;
    this.scanDim = options.scanDim !== undefined && options.scanDim < dim ? options.scanDim : undefined;
    this.rowDim = weights.rowDim;
    this.scales = weights.scales;
    this.counts = new Uint32Array(rowCount);
    this.touched = new Uint32Array(rowCount);
    this.tf = TERM_WEIGHT[weights.termWeighting ?? 'linear'];
    if (!this.tf) throw new Error(`unknown term weighting ${weights.termWeighting}`);
    this.kernel = options.simd !== false && dim % 8 === 0 ? createBagSumKernel(weights.rows, weights.rowDim, rowCount) : undefined;
    this.rows = this.kernel ? new Int8Array(0) : weights.rows; // the kernel holds its own copy
  }

  /** One text's unit vector (all zeros when the text has no tokens). */
  embedOne(text: string): Float32Array {
    const { counts, touched, tokenizer, phraseStart, phraseRow, vocabSize } = this;
    let distinct = 0;
    let prev = -1;
    for (const word of basicTokenize(text)) {
      const pieces = tokenizer.wordIds(word);
      for (let i = 0; i < pieces.length; i++) {
        const id = pieces[i]!;
        if (counts[id]++ === 0) touched[distinct++] = id;
        if (prev >= 0 && phraseStart[prev] === 1) {
          const row = phraseRow.get(prev * vocabSize + id);
          if (row !== undefined && counts[row]++ === 0) touched[distinct++] = row;
        }
        prev = id;
      }
    }
    return this.pool(distinct);
  }

  /** The `Embedder` fast path: the same as `embedOne`. */
  embedSync(text: string): Float32Array {
    return this.embedOne(text);
  }

  /** Several texts' vectors; synchronous work behind the common `Embedder` signature. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  /**
   * The vector of a vocabulary-token sequence: each distinct id's row once, weighted by its (sublinear)
   * count, plus the rows of the phrases that adjacent ids form.
   */
  embedIds(ids: readonly number[]): Float32Array {
    const { counts, touched } = this;
    let distinct = 0;
    for (const id of this.withPhrases(ids)) {
      if (counts[id]++ === 0) touched[distinct++] = id;
    }
    return this.pool(distinct);
  }

  /** Token ids followed by the phrase rows their adjacent pairs form (what training fed the model). */
  withPhrases(ids: readonly number[]): number[] {
    const out = [...ids];
    for (let i = 1; i < ids.length; i++) {
      const row = this.phraseRow.get(ids[i - 1]! * this.vocabSize + ids[i]!);
      if (row !== undefined) out.push(row);
    }
    return out;
  }

  /** Sums the rows of the `distinct` ids in `touched` (weights from `counts`, which it resets). */
  private pool(distinct: number): Float32Array {
    const { counts, touched, rows, scales, rowDim, dim, tf } = this;
    const kernel = this.kernel;
    if (kernel) {
      for (let k = 0; k < distinct; k++) {
        const id = touched[k]!;
        kernel.ids[k] = id;
        kernel.weights[k] = scales[id]! * tf(counts[id]!);
        counts[id] = 0;
      }
      return normalize(kernel.sum(distinct, dim));
    }
    const v = new Float32Array(dim);
    for (let k = 0; k < distinct; k++) {
      const id = touched[k]!;
      const w = scales[id]! * tf(counts[id]!);
      counts[id] = 0;
      const off = id * rowDim;
      for (let j = 0; j < dim; j++) v[j] += w * rows[off + j]!;
    }
    return normalize(v);
  }
}
