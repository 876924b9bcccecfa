/** paperwire's bundled science embedding model: tokenizer, loader and embedder (see docs/model.md). */
export type { Embedder } from '../semantic/embedder.ts';
export { basicTokenize } from './basicTokenize.ts';
export { BUNDLED_MODEL, BUNDLED_MODEL_DIR, bundledEmbedder } from './bundledEmbedder.ts';
export { loadStaticEmbedder, type StaticModelConfig } from './loadStaticEmbedder.ts';
export { StaticEmbedder, type StaticWeights, type TermWeighting } from './staticEmbedder.ts';
export { WordPieceTokenizer } from './wordPieceTokenizer.ts';
