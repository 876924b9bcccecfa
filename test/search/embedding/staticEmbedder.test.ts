import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_MODEL_DIR, bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';
import { loadStaticEmbedder } from '../../../src/search/embedding/loadStaticEmbedder.ts';

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
