import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_MODEL_DIR, bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';
import { loadStaticEmbedder } from '../../../src/search/embedding/loadStaticEmbedder.ts';
import { StaticEmbedder } from '../../../src/search/embedding/staticEmbedder.ts';
import { WordPieceTokenizer } from '../../../src/search/embedding/wordPieceTokenizer.ts';

const fixture = JSON.parse(gunzipSync(readFileSync(new URL('../../fixtures/embedding/vectors.json.gz', import.meta.url))).toString('utf8')) as {
  model: string;
  dim: number;
  texts: { text: string; vector: number[] }[];
};
const embedder = bundledEmbedder();
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

test('bundled model loads with the id and size the Python side exported', () => {
  assert.equal(embedder.id, fixture.model);
  assert.equal(embedder.dim, fixture.dim);
});

test('vectors are within 1e-3 cosine of the Python side', () => {
  for (const { text, vector } of fixture.texts) {
    const v = embedder.embedOne(text);
    const norm = Math.sqrt(dot(vector, vector));
    if (norm === 0) {
      assert.ok(v.every((x) => x === 0), `zero vector for ${JSON.stringify(text)}`);
      continue;
    }
    assert.ok(dot(v, vector) / norm >= 1 - 1e-3, `cosine for ${JSON.stringify(text.slice(0, 60))}`);
  }
});

test('embed, embedSync and embedOne agree and return unit vectors', async () => {
  const texts = ['low-bit LLM quantization', 'masked image modeling'];
  const batch = await embedder.embed(texts);
  for (let i = 0; i < texts.length; i++) {
    assert.deepEqual(batch[i], embedder.embedOne(texts[i]!));
    assert.deepEqual(batch[i], embedder.embedSync(texts[i]!));
    assert.ok(Math.abs(dot(batch[i]!, batch[i]!) - 1) < 1e-5);
  }
});

test('a paraphrased need lands nearer the right field than an unrelated one', () => {
  const q = embedder.embedOne('shrink neural network weights to fewer bits after training');
  const quant = embedder.embedOne('Post-training quantization of large language models to 4-bit integers');
  const nerf = embedder.embedOne('3D Gaussian splatting for real-time novel view synthesis');
  assert.ok(dot(q, quant) > dot(q, nerf) + 0.1);
});

test('Matryoshka prefixes: a 128-dim embedder is a distinct model id with unit vectors', () => {
  const small = bundledEmbedder({ dim: 128 });
  assert.equal(small.dim, 128);
  assert.equal(small.id, `${embedder.id}@128`);
  const v = small.embedOne('efficient semantic segmentation');
  assert.equal(v.length, 128);
  assert.ok(Math.abs(dot(v, v) - 1) < 1e-5);
  assert.throws(() => bundledEmbedder({ dim: 100 }));
});

test('the WebAssembly SIMD kernel and the JavaScript loop give the same vectors', () => {
  const plain = loadStaticEmbedder(BUNDLED_MODEL_DIR, { simd: false });
  for (const { text } of fixture.texts) {
    const a = embedder.embedOne(text);
    const b = plain.embedOne(text);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, JSON.stringify(text.slice(0, 40)));
  }
});

test('any string embeds without throwing: lone surrogates, NUL, 10,000 characters, random code points', () => {
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const texts = ['\uD800', 'a\uDC00b', '\u0000'.repeat(50), 'x'.repeat(10_000), '🤖'.repeat(3000)];
  for (let i = 0; i < 2000; i++) {
    texts.push(Array.from({ length: 1 + Math.floor(rand() * 30) }, () => String.fromCharCode(Math.floor(rand() * 0x10000))).join(''));
  }
  for (const text of texts) {
    const v = embedder.embedOne(text);
    const n = dot(v, v);
    assert.ok(n === 0 || Math.abs(n - 1) < 1e-4, JSON.stringify(text.slice(0, 20)));
  }
});

describe('phrase tokens', () => {
  // vocabulary: 0 [PAD], 1 [UNK], 2 early, 3 exit, 4 late, 5 ##s; phrase 0 = "early exit" (row 6)
  const vocab = ['[PAD]', '[UNK]', 'early', 'exit', 'late', '##s'];
  const rowDim = 8;
  const rows = new Int8Array(7 * rowDim);
  for (let r = 0; r < 7; r++) rows[r * rowDim + (r % rowDim)] = 100; // row r points along axis r
  const scales = new Float32Array(7).fill(0.01);
  const weights = { id: 'tiny', rowDim, rows, scales, termWeighting: 'sqrt' as const, phrases: [[2, 3]] as [number, number][] };
  const tiny = new StaticEmbedder(new WordPieceTokenizer(vocab), weights, rowDim, { simd: false });
  const tinySimd = new StaticEmbedder(new WordPieceTokenizer(vocab), weights, rowDim);
  const axes = (v: Float32Array) => [...v].map((x) => Math.round(x * x * 1000) / 1000);

  test('a phrase row joins the bag exactly where its two tokens are adjacent, in that order', () => {
    // early + exit + "early exit": three equal axes
    assert.deepEqual(axes(tiny.embedOne('Early exit')), [0, 0, 0.333, 0.333, 0, 0, 0.333, 0]);
    // reversed, or separated by another word: no phrase row
    assert.deepEqual(axes(tiny.embedOne('exit early')), [0, 0, 0.5, 0.5, 0, 0, 0, 0]);
    assert.deepEqual(axes(tiny.embedOne('early late exit')), [0, 0, 0.333, 0.333, 0.333, 0, 0, 0]);
    // "exits" = exit ##s: the pair (early, exit) is still adjacent
    assert.deepEqual(axes(tiny.embedOne('early exits')), [0, 0, 0.25, 0.25, 0, 0.25, 0.25, 0]);
  });

  test('a repeated phrase counts sublinearly like any token, and the SIMD kernel and embedIds agree', () => {
    const v = tiny.embedOne('early exit early exit');
    // each of early, exit and the phrase occurs twice: equal weights again
    assert.deepEqual(axes(v), [0, 0, 0.333, 0.333, 0, 0, 0.333, 0]);
    assert.deepEqual(tiny.withPhrases([2, 3, 4, 2, 3]), [2, 3, 4, 2, 3, 6, 6]);
    assert.deepEqual(tiny.embedIds([2, 3, 2, 3]), v);
    for (const text of ['early exit', 'late early exits', 'exit']) {
      const a = tiny.embedOne(text);
      const b = tinySimd.embedOne(text);
      for (let i = 0; i < rowDim; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-6);
    }
  });

  test('weights must have one row per token and per phrase, and phrases must name vocabulary tokens', () => {
    const tokenizer = new WordPieceTokenizer(vocab);
    assert.throws(() => new StaticEmbedder(tokenizer, { ...weights, phrases: [] }), /6-token vocabulary and 0 phrases/);
    assert.throws(() => new StaticEmbedder(tokenizer, { ...weights, phrases: [[2, 9]] }), /phrase 0 names a token outside/);
  });

  test('the loader reads phrases.txt and names the line of a pair it cannot resolve', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-phrases-'));
    writeFileSync(join(dir, 'vocab.txt'), vocab.join('\n') + '\n');
    writeFileSync(join(dir, 'embeddings.i8'), rows);
    writeFileSync(join(dir, 'scales.f32'), Buffer.from(scales.buffer));
    const config = { id: 'tiny', dim: rowDim, vocabSize: 6, weights: 'embeddings.i8', scales: 'scales.f32', vocab: 'vocab.txt', termWeighting: 'sqrt', phrases: 'phrases.txt', phraseCount: 1 };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'phrases.txt'), 'early exit\n');
    assert.deepEqual(axes(loadStaticEmbedder(dir, { simd: false }).embedOne('early exit')), axes(tiny.embedOne('early exit')));
    writeFileSync(join(dir, 'phrases.txt'), 'early departure\n');
    assert.throws(() => loadStaticEmbedder(dir), /phrases\.txt:1: not a pair of vocabulary tokens/);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the bundled model carries its phrase tokens, and they change a phrase query\'s vector', () => {
    const config = JSON.parse(readFileSync(join(BUNDLED_MODEL_DIR, 'config.json'), 'utf8')) as { phraseCount: number };
    assert.ok(config.phraseCount > 0);
    const tokenizer = embedder.tokenizer;
    const ids = tokenizer.encode('large language models');
    assert.ok(embedder.withPhrases(ids).length > ids.length, 'a frequent phrase is a phrase token');
  });
});
