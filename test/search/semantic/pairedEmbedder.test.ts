import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';
import type { Embedder } from '../../../src/search/semantic/embedder.ts';
import { pairedEmbedder } from '../../../src/search/semantic/pairedEmbedder.ts';
import { offThreadEmbedder } from '../../../src/search/semantic/workerEmbedder.ts';

/** An embedder that tags each vector with its own number and the text's, and records the batches it got. */
function tagging(tag: number): Embedder & { batches: string[][] } {
  const batches: string[][] = [];
  return { id: 'tagging', dim: 2, batches, embed: async (texts) => (batches.push(texts), texts.map((t) => Float32Array.of(tag, Number(t)))) };
}

test('a paired embedder gives the second part of a batch to the other embedder and keeps the texts in order', async () => {
  const near = tagging(0);
  const far = tagging(1);
  const paired = pairedEmbedder(near, far);
  const texts = Array.from({ length: 100 }, (_, i) => String(i));
  const vectors = await paired.embed(texts);
  assert.deepEqual(vectors.map((v) => v[1]), texts.map(Number), 'in the texts order');
  const fromFar = vectors.filter((v) => v[0] === 1).length;
  assert.ok(fromFar >= 40 && fromFar <= 60, `the other embedder made ${fromFar} of 100`);
  assert.ok(vectors.slice(0, 100 - fromFar).every((v) => v[0] === 0), 'the first part from this one');
  assert.equal(far.batches.length, 1);
  // a small batch is not split
  const few = await paired.embed(['1', '2', '3']);
  assert.ok(few.every((v) => v[0] === 0));
  assert.equal(far.batches.length, 1);
});

test('a failure of the other embedder fails the batch', async () => {
  const failing: Embedder = { id: 'x', dim: 2, embed: () => Promise.reject(new Error('helper gone')) };
  await assert.rejects(pairedEmbedder(tagging(0), failing).embed(Array.from({ length: 40 }, String)), /helper gone/);
});

test('the bundled model paired with its copy in a worker thread makes the very vectors it makes alone', async () => {
  const inner = bundledEmbedder();
  const helper = offThreadEmbedder(inner, { kind: 'bundled' });
  try {
    const texts = Array.from({ length: 300 }, (_, i) => `Sparse attention for long documents ${i}. We prune heads and quantize weights, variant ${i % 13}.`);
    const [paired, alone] = [await pairedEmbedder(inner, helper).embed(texts), await inner.embed(texts)];
    assert.equal(paired.length, 300);
    paired.forEach((v, i) => assert.deepEqual(v, alone[i]));
  } finally {
    await helper.close();
  }
});
