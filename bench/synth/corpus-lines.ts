/**
 * The corpus as text: one JSON line per paper in the chosen output format. Shared by the single-threaded
 * writer and the worker threads, so both produce the very same bytes.
 */
import { generatePapers, type GenerateOptions } from './generate-papers.ts';
import { toKaggleRecord } from './kaggle-record.ts';

export type CorpusFormat = 'jsonl' | 'kaggle';
export const FORMATS: readonly CorpusFormat[] = ['jsonl', 'kaggle'];

/** One JSON line (without the newline) per paper, in the chosen format. */
export function* corpusLines(opts: GenerateOptions, format: CorpusFormat = 'jsonl'): Generator<string> {
  if (!FORMATS.includes(format)) throw new Error(`unknown format "${format}", want jsonl or kaggle`);
  for (const p of generatePapers(opts)) yield JSON.stringify(format === 'kaggle' ? toKaggleRecord(p) : p);
}
