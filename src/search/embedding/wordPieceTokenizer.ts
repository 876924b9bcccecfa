import { readFileSync } from 'node:fs';
import { basicTokenize } from './basicTokenize.ts';

const MAX_WORD_CHARS = 100;
const CACHE_LIMIT = 200_000;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Uncased WordPiece tokenizer over a BERT vocabulary (one token a line, id = line number), matching
 * `training/wordpiece.py` exactly so that ids at search time are the ids the model was trained on:
 * greedy longest-match-first with `##` continuation pieces, and `[UNK]` for a word that cannot be split
 * or is longer than 100 characters. Words are cached, since papers repeat most of them.
 */
export class WordPieceTokenizer {
  readonly vocab: readonly string[];
  readonly unkId: number;
  private readonly index = new Map<string, number>();
  private readonly cache = new Map<string, readonly number[]>();

  constructor(vocab: readonly string[]) {
    this.vocab = vocab;
    vocab.forEach((token, id) => this.index.set(token, id));
    const unk = this.index.get('[UNK]');
    if (unk === undefined) throw new Error('WordPiece vocabulary has no [UNK] token');
    this.unkId = unk;
  }

  /** Reads a vocabulary file (UTF-8, one token a line). */
  static fromFile(path: string): WordPieceTokenizer {
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    return new WordPieceTokenizer(lines);
  }

  /** The id of a vocabulary entry, if it is one. */
  tokenId(token: string): number | undefined {
    return this.index.get(token);
  }

  /** Token ids of a text, in order (repeats kept). */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const word of basicTokenize(text)) {
      const pieces = this.wordIds(word);
      for (let i = 0; i < pieces.length; i++) ids.push(pieces[i]!);
    }
    return ids;
  }

  /** Token ids of one basic-tokenized word. */
  wordIds(word: string): readonly number[] {
    return this.cache.get(word) ?? this.miss(word);
  }

  private miss(word: string): readonly number[] {
    const ids = this.split(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  private split(word: string): readonly number[] {
    const chars = ASCII_ONLY.test(word) ? undefined : Array.from(word);
    const n = chars ? chars.length : word.length;
    if (n > MAX_WORD_CHARS) return [this.unkId];
    const slice = chars ? (a: number, b: number) => chars.slice(a, b).join('') : (a: number, b: number) => word.slice(a, b);
    const ids: number[] = [];
    let start = 0;
    while (start < n) {
      let end = n;
      let found: number | undefined;
      while (start < end) {
        const sub = start > 0 ? `##${slice(start, end)}` : slice(start, end);
        found = this.index.get(sub);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      ids.push(found);
      start = end;
    }
    return ids;
  }
}
