import type { Config } from '../../config/config.ts';
import { bundledEmbedder } from '../embedding/bundledEmbedder.ts';
import type { Embedder } from './embedder.ts';
import { createOnnxEmbedder } from './onnxEmbedder.ts';
import { createOpenAiEmbedder } from './openAiEmbedder.ts';

/**
 * The embedder the configuration asks for: an OpenAI-compatible endpoint when PAPERWIRE_EMBEDDINGS_URL is set, a
 * local ONNX model directory when PAPERWIRE_EMBEDDINGS_DIR is, else the bundled science model
 * (`models/sci-static-v5`, loaded on this first call, never at import) — and none when PAPERWIRE_SEMANTIC is
 * off. Tests may pass another default.
 */
export function createEmbedder(config: Config, bundled: () => Embedder | undefined = () => bundledEmbedder()): Embedder | undefined {
  if (!config.semantic) return undefined;
  if (config.embeddingsUrl) return createOpenAiEmbedder({ url: config.embeddingsUrl, model: config.embeddingsModel, apiKey: config.embeddingsKey });
  if (config.embeddingsDir) return createOnnxEmbedder({ dir: config.embeddingsDir });
  return bundled();
}
