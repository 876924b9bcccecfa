// SQLite-only: the ONNX embedder; the store is incidental (semantic search runs on both backends in semanticSearch.test.ts).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { WordPieceTokenizer } from '../../../src/search/embedding/wordPieceTokenizer.ts';
import { searchJobs } from '../../../src/search/searchJobs.ts';
import { createEmbedder } from '../../../src/search/semantic/createEmbedder.ts';
import { createOnnxEmbedder, OnnxModelError } from '../../../src/search/semantic/onnxEmbedder.ts';
import { tempDir, testApp } from '../../helpers/testApp.ts';

// test/fixtures/onnx: a tiny model written by make_tiny_model.py — row i of its table is sin(0.7 i + 1.3 j).
const FIXTURE = fileURLToPath(new URL('../../fixtures/onnx/', import.meta.url));
const tokenizer = WordPieceTokenizer.fromFile(join(FIXTURE, 'vocab.txt'));

/** What the embedder must return: the mean of [CLS] text [SEP]'s table rows, normalized. */
function expected(text: string): number[] {
  const ids = [2, ...tokenizer.encode(text), 3];
  const v = Array.from({ length: 8 }, (_, j) => ids.reduce((s, i) => s + Math.sin(0.7 * i + 1.3 * j), 0) / ids.length);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const close = (a: ArrayLike<number>, b: number[]) => b.every((x, j) => Math.abs(a[j]! - x) < 1e-5);

test('an ONNX model directory embeds texts: WordPiece ids, [CLS]/[SEP], mean pooling over the mask, unit length', async () => {
  const embedder = createOnnxEmbedder({ dir: FIXTURE, batch: 4 });
  assert.match(embedder.id, /^onnx:onnx:[0-9a-f]{12}$/, 'named after the directory and the model file hash');
  assert.equal(embedder.dim, 8, 'width read from config.json');
  const texts = ['quantization of large language models', 'robot grasp', 'speech recognition for the video graph model', 'pruning neural networks, image diffusion - weights', ''];
  const vectors = await embedder.embed(texts);
  assert.equal(vectors.length, texts.length);
  texts.forEach((t, i) => assert.ok(close(vectors[i]!, expected(t)), `vector of "${t}" matches the pooled table rows`));
  const alone = await embedder.embed([texts[1]!]);
  assert.ok(close(alone[0]!, expected(texts[1]!)), 'padding in a batch does not change a short text');
});

test('a directory without its files, or with an incomplete vocabulary, is refused with a message', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.throws(() => createOnnxEmbedder({ dir }), (e: unknown) => e instanceof OnnxModelError && /has no model\.onnx/.test(e.message));
    copyFileSync(join(FIXTURE, 'model.onnx'), join(dir, 'model.onnx'));
    assert.throws(() => createOnnxEmbedder({ dir }), /has no vocab\.txt/);
  } finally {
    cleanup();
  }
});

test('PAPERWIRE_EMBEDDINGS_DIR makes the ONNX model the semantic ranker of search, and excludes an endpoint', async () => {
  assert.throws(() => loadConfig({ PAPERWIRE_EMBEDDINGS_DIR: FIXTURE, PAPERWIRE_EMBEDDINGS_URL: 'http://127.0.0.1:9/' }), (e: unknown) => e instanceof ConfigError && /choose one/.test(e.message));
  const t = await testApp({ demo: false, env: { PAPERWIRE_EMBEDDINGS_DIR: FIXTURE } });
  try {
    const embedder = createEmbedder(t.config)!;
    assert.match(embedder.id, /^onnx:/);
    const speech = await t.store.papers.upsert({ title: 'Speech recognition', abstract: 'Speech recognition for large language models.' });
    await t.store.papers.upsert({ title: 'Robot grasp', abstract: 'A robot grasp network for image diffusion.' });
    searchJobs(t.search, t.config, createLogger('silent'));
    await t.search.warmUp;
    assert.equal(await t.store.searchIndex.vectorCount(embedder.id), 2, 'both papers embedded with the ONNX model');
    const found = (await (await t.app.request('/api/papers/search?q=speech+recognition&mode=semantic')).json()) as { paper: { id: string } }[];
    assert.equal(found[0]!.paper.id, speech.id);
  } finally {
    t.cleanup();
  }
});

test('an empty model directory fails at startup with the configuration named, not at the first search', () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'model'));
    assert.throws(() => createEmbedder(loadConfig({ PAPERWIRE_DATA_DIR: dir, PAPERWIRE_EMBEDDINGS_DIR: join(dir, 'model') })), /has no model\.onnx/);
  } finally {
    cleanup();
  }
});
