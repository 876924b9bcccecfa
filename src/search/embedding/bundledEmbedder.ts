import { fileURLToPath } from 'node:url';
import { loadStaticEmbedder } from './loadStaticEmbedder.ts';
import type { StaticEmbedder } from './staticEmbedder.ts';

/** Name of the model that ships in the repository (`models/<name>/`); also the id stored with its vectors. */
export const BUNDLED_MODEL = 'sci-static-v5';

/** Absolute path of the bundled model's directory, resolved from this file (never the working directory). */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL(`../../../models/${BUNDLED_MODEL}/`, import.meta.url));

let cached: StaticEmbedder | undefined;

/**
 * paperwire's default embedder: the science model in `models/sci-static-v5`, loaded once per process
 * (about 14 MB, under 100 ms) and shared. Nothing is downloaded; `dim` picks a smaller Matryoshka size.
 */
export function bundledEmbedder(options: { dim?: number } = {}): StaticEmbedder {
  if (options.dim !== undefined) return loadStaticEmbedder(BUNDLED_MODEL_DIR, options);
  return (cached ??= loadStaticEmbedder(BUNDLED_MODEL_DIR));
}
