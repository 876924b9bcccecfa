import type { Config } from '../../config/config.ts';
import type { Embedder } from './embedder.ts';
import { createOpenAiEmbedder } from './openAiEmbedder.ts';

/**
 * The embedder the configuration asks for: an OpenAI-compatible endpoint when PAPERWIRE_EMBEDDINGS_URL is set,
 * else the bundled model (passed in by the caller, so that nothing is loaded at import), else none — and none
 * when PAPERWIRE_SEMANTIC is off. A local ONNX model directory would plug in here the same way.
 */
export function createEmbedder(config: Config, bundled?: () => Embedder | undefined): Embedder | undefined {
  if (!config.semantic) return undefined;
  if (config.embeddingsUrl) return createOpenAiEmbedder({ url: config.embeddingsUrl, model: config.embeddingsModel, apiKey: config.embeddingsKey });
  return bundled?.();
}
