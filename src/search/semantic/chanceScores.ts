import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIECE_MS, timeSlices } from '../../jobs/timeSlices.ts';
import { BUNDLED_MODEL_DIR } from '../embedding/bundledEmbedder.ts';

/** How many random word salads calibrate a model against a corpus. */
export const CHANCE_QUERIES = 256;
/** The most of the server thread a calibration takes while it runs (it rests in between; see timeSlices). */
const CHANCE_SHARE = 1 / 2;

let words: string[] | undefined;

/**
 * Words to build nonsense queries from: the whole alphabetic words of four or more letters in the bundled model's
 * vocabulary (15k science and everyday words). The same list serves any embedder, so every model is calibrated
 * against the same kind of chance.
 */
function saladWords(): string[] {
  return (words ??= readFileSync(join(BUNDLED_MODEL_DIR, 'vocab.txt'), 'utf8')
    .split('\n')
    .filter((w) => /^[a-z]{4,}$/.test(w)));
}

/**
 * What a model calls close by chance, on this corpus: `CHANCE_QUERIES` queries of one to eight random words
 * ("banana lattice reflex"), seeded so every run draws the same ones, each embedded and matched against the
 * index; the result is their best scores, ascending. Search keeps a semantic neighbour only when it scores above a
 * percentile of these (`RankingSettings.credibility`), so a query that means nothing finds nothing, whatever the
 * model and whatever the corpus size (at a larger corpus chance finds closer strangers, and the bar rises).
 * `share`: the part of the server thread it may take (a first calibration, which searches wait for, takes it all
 * between its pieces; a refresh in the background half); `signal` stops it between salads.
 */
export async function chanceScores(
  embed: (texts: string[]) => Promise<Float32Array[]>,
  best: (v: Float32Array, pause: () => Promise<void> | undefined) => number | Promise<number>,
  share = CHANCE_SHARE,
  signal?: AbortSignal,
): Promise<Float64Array> {
  const list = saladWords();
  let seed = 20261205;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const queries: string[] = [];
  for (let i = 0; i < CHANCE_QUERIES; i++) {
    const n = 1 + (i % 8);
    queries.push(Array.from({ length: n }, () => list[Math.floor(next() * list.length)]!).join(' '));
  }
  // each match is a search of the whole index on the server thread (semanticSearch.ts decides how often): in
  // pieces of about a millisecond (`best` pauses inside one search, between blocks of vectors) with rests
  // between them, so a request never waits behind more than a piece and the calibration takes at most half the thread
  const vectors = await embed(queries);
  const scores = new Float64Array(queries.length);
  const slices = timeSlices(PIECE_MS, share);
  for (let i = 0; i < vectors.length; i++) {
    signal?.throwIfAborted(); // the index was closed (a shutdown): no process waits for a calibration nobody reads
    scores[i] = await best(vectors[i]!, slices.pause);
    await slices.pause();
  }
  return scores.sort();
}

/** The value below which a share `p` (0–1) of sorted scores fall (0 for an empty list). */
export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))]!;
}
