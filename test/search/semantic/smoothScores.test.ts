import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from '../../../src/search/semantic/embedder.ts';
import { gramOf, smoothScores } from '../../../src/search/semantic/smoothScores.ts';

const unit = (...xs: number[]) => normalize(Float32Array.from(xs));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

test('the scores equal cosines with the smoothed vectors, computed explicitly', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const vecs = Array.from({ length: 12 }, () => unit(...Array.from({ length: 8 }, rnd)));
  const q = unit(...Array.from({ length: 8 }, rnd));
  const scores = vecs.map((v) => dot(q, v));
  const got = smoothScores(scores, gramOf(vecs), 3, 0.5);
  vecs.forEach((v, i) => {
    const near = vecs.map((u, j) => [j, dot(v, u)] as const).filter(([j]) => j !== i).sort((a, b) => b[1] - a[1]).slice(0, 3);
    const moved = Float32Array.from(v, (x, d) => x + (0.5 / 3) * near.reduce((s, [j]) => s + vecs[j]![d]!, 0));
    assert.ok(Math.abs(got[i]! - dot(q, normalize(moved))) < 1e-5, `candidate ${i}`);
  });
});

test('a paper among close neighbours that match rises above a lone paper with the same score', () => {
  // candidates 0-2 form a tight group on the query's topic; 3 matches the query as well, alone
  const vecs = [unit(1, 0.2, 0), unit(1, 0.25, 0.05), unit(1, 0.15, -0.05), unit(0.6, 0, 0.8), unit(0, 1, 0), unit(0, 0, 1)];
  const scores = [0.6, 0.62, 0.58, 0.6, 0.1, 0.05];
  const got = smoothScores(scores, gramOf(vecs), 2, 0.5);
  assert.ok(got[0]! > got[3]!, `${got[0]} > ${got[3]}`);
});

test('off (0 neighbours or weight 0) or a single candidate: scores unchanged', () => {
  const vecs = [unit(1, 0), unit(0, 1)];
  assert.deepEqual([...smoothScores([0.5, 0.2], gramOf(vecs), 0, 1)], [0.5, 0.2]);
  assert.deepEqual([...smoothScores([0.5, 0.2], gramOf(vecs), 3, 0)], [0.5, 0.2]);
  assert.deepEqual([...smoothScores([0.5], gramOf([vecs[0]!]), 3, 1)], [0.5]);
});
