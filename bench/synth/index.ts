/**
 * The synthetic corpus generator's public API, in one import for benchmarks:
 * `import { ensureCorpus, generatePapers, generateQueries } from '../synth/index.ts'`.
 */
export { generatePapers, DEFAULT_START, DEFAULT_END, type SynthPaper, type GenerateOptions } from './generate-papers.ts';
export { writeCorpus, corpusLines, FORMATS, type CorpusFormat, type WriteStats, type WriteOptions } from './write-corpus.ts';
export { ensureCorpus, CACHE_DIR, GENERATOR_VERSION, type EnsureOptions } from './ensure-corpus.ts';
export { generateQueries, type BenchQuery, type QueryKind } from './generate-queries.ts';
export { toKaggleRecord, type KaggleRecord } from './kaggle-record.ts';
export { TOPICS, type Topic } from './topics.ts';
export { ORGANIZATIONS, type Organization } from './organizations.ts';
