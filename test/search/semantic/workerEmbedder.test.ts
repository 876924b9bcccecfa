import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKGROUND_NICE } from '../../../src/jobs/threadPriority.ts';
import { bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';
import { offThreadEmbedder } from '../../../src/search/semantic/workerEmbedder.ts';
import { turnsUntil } from '../../helpers/eventLoopTurns.ts';

const texts = Array.from({ length: 3000 }, (_, i) => `Graph neural networks for molecule ${i}. We study message passing and quantization of weights, variant ${i % 17}.`);

test('papers embedded in the worker get the very vectors the server thread would compute', async () => {
  const inner = bundledEmbedder();
  const off = offThreadEmbedder(inner, { kind: 'bundled' });
  assert.equal(off.id, inner.id);
  assert.equal(off.dim, inner.dim);
  const sample = texts.slice(0, 50);
  const [a, b] = [await off.embed(sample), await inner.embed(sample)];
  assert.equal(a.length, 50);
  a.forEach((v, i) => assert.deepEqual(v, b[i]));
  assert.deepEqual(off.embedSync!('sparse attention'), inner.embedSync('sparse attention'), 'queries still embed in this thread');
});

test('while the worker embeds a batch, this thread keeps turning its event loop', async () => {
  const off = offThreadEmbedder(bundledEmbedder(), { kind: 'bundled' });
  await off.embed(['warm the worker up']);
  const { turns, result: vectors } = await turnsUntil(off.embed(texts));
  assert.equal(vectors.length, texts.length);
  assert.ok(turns > 1, `the event loop turned ${turns} times while ${texts.length} papers were embedded elsewhere`);
});

test('a worker that cannot start falls back to embedding here, logged once', async () => {
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, error() {}, warn: (msg: string) => void warnings.push(msg) };
  const inner = bundledEmbedder();
  const off = offThreadEmbedder(inner, { kind: 'onnx', dir: '/nonexistent/model' }, log);
  const first = await off.embed(texts.slice(0, 3));
  const again = await off.embed(texts.slice(3, 6));
  assert.deepEqual(first, await inner.embed(texts.slice(0, 3)));
  assert.equal(again.length, 3);
  assert.equal(warnings.length, 1, 'one warning, not one per batch');
});

test('the embedding worker runs at a lower priority than this thread (Linux: nice is per thread)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  // field 19 of /proc/<pid>/task/<tid>/stat is the nice value; the name in parentheses may hold spaces
  const nice = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
  const before = new Set(readdirSync('/proc/self/task'));
  const mainNice = nice(String(process.pid));
  const off = offThreadEmbedder(bundledEmbedder(), { kind: 'bundled' });
  await off.embed(['start the worker']);
  const added = readdirSync('/proc/self/task').filter((t) => !before.has(t));
  assert.ok(added.some((t) => nice(t) === BACKGROUND_NICE), `a new thread at nice ${BACKGROUND_NICE}: ${added.map((t) => `${t}=${nice(t)}`).join(', ')}`);
  assert.equal(nice(String(process.pid)), mainNice, 'the main thread keeps its priority');
});
