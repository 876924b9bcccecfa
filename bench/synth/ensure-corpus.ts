/**
 * Benchmarks call ensureCorpus instead of generating data themselves: it returns the path of a cached corpus
 * under .cache/synth/ (gitignored) and generates it only when missing, so repeated benchmark runs start fast
 * and every benchmark with the same (count, seed, format) reads identical bytes.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_END, DEFAULT_START } from './generate-papers.ts';
import { writeCorpus, type CorpusFormat } from './write-corpus.ts';

/** Bumped whenever the generator's output changes, so stale cached corpora are not reused. */
export const GENERATOR_VERSION = 3;

export const CACHE_DIR = fileURLToPath(new URL('../../.cache/synth/', import.meta.url));

export interface EnsureOptions {
  start?: string;
  end?: string;
  /** Cache folder; default <repo>/.cache/synth. */
  dir?: string;
  /** Called once with the path when a corpus has to be generated (e.g. to log "generating …"). */
  onGenerate?: (path: string) => void;
}

/** Path of the cached corpus for these options, generating it first when it does not exist yet. */
export async function ensureCorpus(count: number, seed: number, format: CorpusFormat = 'jsonl', opts: EnsureOptions = {}): Promise<string> {
  const start = opts.start ?? DEFAULT_START;
  const end = opts.end ?? DEFAULT_END;
  const dir = opts.dir ?? CACHE_DIR;
  const span = start === DEFAULT_START && end === DEFAULT_END ? '' : `-${start}-${end}`;
  const path = join(dir, `synth-v${GENERATOR_VERSION}-${format}-n${count}-s${seed}${span}.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  opts.onGenerate?.(path);
  await writeCorpus(path, { count, seed, start, end }, format);
  return path;
}
