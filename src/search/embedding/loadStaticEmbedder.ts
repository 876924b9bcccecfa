import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StaticEmbedder, type TermWeighting } from './staticEmbedder.ts';
import { WordPieceTokenizer } from './wordPieceTokenizer.ts';

/** What `config.json` of a static model directory says (written by `training/train.py`). */
export interface StaticModelConfig {
  id: string;
  dim: number;
  vocabSize: number;
  weights: string;
  scales: string;
  vocab: string;
  matryoshkaDims?: number[];
  termWeighting?: TermWeighting;
  /** File of phrase tokens, one "first second" pair of vocabulary tokens a line (row vocabSize + line). */
  phrases?: string;
  phraseCount?: number;
}

/**
 * Loads a static model directory (`config.json`, `vocab.txt`, int8 `embeddings.i8`, float32 `scales.f32`)
 * from local disk, checking that the files fit together. `dim` truncates vectors to one of the model's
 * Matryoshka sizes (smaller index, a little less quality); by default the full size.
 */
export function loadStaticEmbedder(dir: string, options: { dim?: number; simd?: boolean } = {}): StaticEmbedder {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as StaticModelConfig;
  const tokenizer = WordPieceTokenizer.fromFile(join(dir, config.vocab));
  if (tokenizer.vocab.length !== config.vocabSize) {
    throw new Error(`${dir}: vocabulary has ${tokenizer.vocab.length} tokens, config says ${config.vocabSize}`);
  }
  const raw = readFileSync(join(dir, config.weights));
  const rows = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const scaleBytes = readFileSync(join(dir, config.scales));
  const scales = new Float32Array(scaleBytes.byteLength / 4);
  for (let i = 0; i < scales.length; i++) scales[i] = scaleBytes.readFloatLE(i * 4);
  if (options.dim !== undefined && config.matryoshkaDims && !config.matryoshkaDims.includes(options.dim)) {
    throw new Error(`${config.id} was trained for dims ${config.matryoshkaDims.join(', ')}, not ${options.dim}`);
  }
  const phrases = config.phrases ? readPhrases(join(dir, config.phrases), tokenizer) : undefined;
  if (phrases && phrases.length !== config.phraseCount) {
    throw new Error(`${dir}: ${config.phrases} has ${phrases.length} phrases, config says ${config.phraseCount}`);
  }
  const weights = { id: config.id, rowDim: config.dim, rows, scales, termWeighting: config.termWeighting, phrases };
  const dim = options.dim ?? config.dim;
  return new StaticEmbedder(tokenizer, weights, dim, { simd: options.simd, scanDim: scanDimOf(config.matryoshkaDims ?? [], dim) });
}

/**
 * The Matryoshka size an index of `dim`-long vectors scans (Embedder.scanDim): the largest trained size below `dim`
 * and at least two thirds of it (384 → 256: a third less memory and scanning, the order restored by rescoring).
 */
export function scanDimOf(trained: readonly number[], dim: number): number | undefined {
  const fits = trained.filter((d) => d < dim && d * 3 >= dim * 2);
  return fits.length ? Math.max(...fits) : undefined;
}

/** Phrase tokens from their file: each line two vocabulary tokens separated by one space. */
function readPhrases(path: string, tokenizer: WordPieceTokenizer): Array<[number, number]> {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    const parts = line.split(' ');
    const [a, b] = parts.map((token) => tokenizer.tokenId(token));
    if (parts.length !== 2 || a === undefined || b === undefined) throw new Error(`${path}:${i + 1}: not a pair of vocabulary tokens`);
    return [a, b];
  });
}
