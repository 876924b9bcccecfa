import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { PIECE_MS, timeSlices } from '../../../src/jobs/timeSlices.ts';
import { chanceScores } from '../../../src/search/semantic/chanceScores.ts';
import { normalize } from '../../../src/search/semantic/embedder.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { VectorIndex } from '../../../src/search/semantic/vectorIndex.ts';
import { tempDir, testStore } from '../../helpers/testApp.ts';
import { readChanceScores, vectorSnapshotName } from '../../../src/search/semantic/vectorSnapshot.ts';
import { join } from 'node:path';
import { hashEmbedder } from './hashEmbedder.ts';

const random = mulberry32(11);

/** The test embedder, counting the texts it embeds one at a time: the calibration's salads (papers go in batches). */
function countingEmbedder() {
  const hash = hashEmbedder(32);
  const salads = { n: 0 };
  return { embedder: { ...hash, embedSync: (text: string) => (salads.n++, hash.embedSync(text)) }, salads };
}

/** Papers 2401.<from>…2401.<to>, with a few shared words. */
async function addPapers(store: Awaited<ReturnType<typeof testStore>>['store'], from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await store.papers.upsert({ id: `2401.${String(i).padStart(5, '0')}`, title: `paper ${i} about topic ${i % 17}`, abstract: `words ${i % 5}` });
}
const unit = (dim: number) => normalize(Float32Array.from({ length: dim }, () => random() - 0.5));

test('bestScore finds search’s best score, in pieces that let the event loop turn, brute force and clustered', async () => {
  const dim = 64;
  const index = new VectorIndex(dim);
  for (let i = 0; i < 20_000; i++) index.set(`p${i}`, unit(dim));
  const queries = Array.from({ length: 20 }, () => unit(dim));
  for (const clustered of [false, true]) {
    if (clustered) await index.buildClusters({ force: true });
    assert.equal(index.clustered, clustered);
    for (const q of queries) {
      let pauses = 0;
      // a search of another query at every pause: the kernel's query memory is overwritten meanwhile
      const other = unit(dim);
      const best = await index.bestScore(q, () => (pauses++, index.search(other, 3), Promise.resolve()));
      assert.equal(best, index.search(q, 1)[0]!.score);
      assert.ok(pauses >= (clustered ? 8 : 4), `${pauses} pauses`);
    }
  }
  assert.equal(await new VectorIndex(dim).bestScore(unit(dim), () => undefined), 0, 'an empty index scores 0');
});

test('a whole-index calibration search offers a pause after every block of vectors: no piece of it scans the whole index', async () => {
  const dim = 384;
  const index = new VectorIndex(dim);
  for (let i = 0; i < 60_000; i++) index.set(`p${i}`, unit(dim));
  const q = unit(dim);
  let pauses = 0;
  // a pause that always waits a turn of the event loop, so each piece's size is the code's, not the clock's
  const best = await index.bestScore(q, () => (pauses++, new Promise<void>((resolve) => setImmediate(resolve))));
  assert.ok(pauses >= 60_000 / 4096, `${pauses} pauses over 60,000 vectors: at most 4,096 vectors between two`);
  assert.equal(best, index.search(q, 1)[0]!.score, 'and the same best score as a search in one piece');
  // with the real time-slice budget the work still completes
  assert.equal(await index.bestScore(q, timeSlices(PIECE_MS).pause), best);
});

test('chance calibration reruns when the index doubles, not on every batch, and ends at the exact size once the index is still', async () => {
  const { store, cleanup } = await testStore();
  try {
    const { embedder, salads } = countingEmbedder();
    const settleMs = 300;
    const semantic = createSemanticSearch(store, embedder, undefined, { chanceSettleMs: settleMs });
    await semantic.load();
    let next = 1;
    const grow = async (n: number) => {
      await addPapers(store, next, next + n - 1);
      next += n;
      await semantic.embedPending();
    };
    await grow(40);
    const calls = () => salads.n;
    const first = await semantic.chanceScores();
    assert.equal(first.length, 256);
    let before = calls();
    await grow(30); // 70 < 2 × 40, and the index just changed: no recalibration
    assert.equal(await semantic.chanceScores(), first);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls(), before, 'no calibration for a batch that did not double the index');
    before = calls();
    await grow(15); // 85 ≥ 2 × 40: a new calibration starts in the background; the last one is served meanwhile
    assert.equal(await semantic.chanceScores(), first);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(calls() >= before + 256, 'the doubled index was calibrated again');
    const doubled = await semantic.chanceScores();
    assert.notEqual(doubled, first);
    await grow(5); // 90: not doubled; once still for settleMs, calibrated at the exact size
    assert.equal(await semantic.chanceScores(), doubled, 'still changing: the last calibration is served');
    await new Promise((r) => setTimeout(r, settleMs + 50));
    await semantic.chanceScores();
    await new Promise((r) => setTimeout(r, 100));
    const settled = await semantic.chanceScores();
    // a fresh start over the same database calibrates the same index: the same bar
    const fresh = createSemanticSearch(store, hashEmbedder(32));
    await fresh.load();
    assert.equal(fresh.size, 90);
    assert.deepEqual([...settled], [...(await fresh.chanceScores())]);
    assert.notDeepEqual([...settled], [...doubled]);
    semantic.close();
    fresh.close();
  } finally {
    cleanup();
  }
});

test('a restart from the vector snapshot, or from the database, serves the saved chance calibration at once', async () => {
  const { store, cleanup } = await testStore();
  const { dir, cleanup: cleanDir } = tempDir();
  try {
    const { embedder, salads } = countingEmbedder();
    const path = join(dir, 'search', vectorSnapshotName(embedder.id));
    await addPapers(store, 1, 40);
    const first = createSemanticSearch(store, embedder, undefined, { snapshot: { path } });
    await first.load();
    await first.embedPending();
    const measured = await first.chanceScores();
    assert.equal(salads.n, 256, 'the first server calibrated');
    await first.persist();
    await new Promise((r) => setTimeout(r, 50)); // the calibration's file is written in the background
    first.close();
    const second = createSemanticSearch(store, embedder, undefined, { snapshot: { path } });
    assert.equal((await second.load()).from, 'snapshot');
    assert.deepEqual([...(await second.chanceScores())], [...measured], 'the same bar');
    assert.equal(salads.n, 256, 'served from the file: no salad embedded again');
    second.close();
    // the vectors read from the database instead (the snapshot gone, as after a change of its format): the same bar
    rmSync(path);
    const rebuilt = createSemanticSearch(store, embedder, undefined, { snapshot: { path } });
    assert.equal((await rebuilt.load()).from, 'database');
    assert.deepEqual([...(await rebuilt.chanceScores())], [...measured], 'the same bar from the database');
    assert.equal(salads.n, 256, 'still no salad embedded again');
    await rebuilt.persist();
    rebuilt.close();
    // a paper more since the snapshot: the saved bar is served at once, and once the index is still the exact
    // size (41) is calibrated in the background
    await store.papers.upsert({ id: '2401.00041', title: 'one more paper', abstract: 'words' });
    await first.embedPending();
    const third = createSemanticSearch(store, embedder, undefined, { snapshot: { path }, chanceSettleMs: 50 });
    await third.load();
    assert.equal(third.size, 41);
    assert.deepEqual([...(await third.chanceScores())], [...measured], 'served at once');
    assert.equal(salads.n, 256);
    await new Promise((r) => setTimeout(r, 100));
    await third.chanceScores();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(salads.n, 512, 'calibrated again at 41 vectors');
    third.close();
  } finally {
    cleanDir();
    cleanup();
  }
});

test('a restart over an index more than twice the size of its saved calibration serves that one at once and measures the new size in the background', async () => {
  const { store, cleanup } = await testStore();
  const { dir, cleanup: cleanDir } = tempDir();
  try {
    const { embedder, salads } = countingEmbedder();
    const path = join(dir, 'search', vectorSnapshotName(embedder.id));
    const add = (from: number, to: number) => addPapers(store, from, to);
    await add(1, 40);
    const first = createSemanticSearch(store, embedder, undefined, { snapshot: { path } });
    await first.load();
    await first.embedPending();
    const measured = await first.chanceScores(); // as a fresh import's first server calibrates part way through
    await new Promise((r) => setTimeout(r, 50)); // its file is written in the background
    await add(41, 100);
    await first.embedPending();
    await first.persist(); // the snapshot at 100 vectors, the calibration still at 40
    first.close();
    assert.equal((await readChanceScores(path, embedder.id))?.size, 40);

    const second = createSemanticSearch(store, embedder, undefined, { snapshot: { path } });
    assert.equal((await second.load()).from, 'snapshot');
    assert.equal(second.size, 100);
    assert.deepEqual([...(await second.chanceScores())], [...measured], 'the saved bar, at once: the first search waits for no calibration');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(salads.n, 512, 'meanwhile the index was calibrated at its own size');
    const own = await second.chanceScores();
    assert.notDeepEqual([...own], [...measured]);
    assert.equal((await readChanceScores(path, embedder.id))?.size, 100, 'and that calibration saved for the next start');
    second.close();
  } finally {
    cleanDir();
    cleanup();
  }
});

test('a calibration stops between salads once its signal aborts (the index was closed)', async () => {
  const hash = hashEmbedder(32);
  const stop = new AbortController();
  let searched = 0;
  const best = () => (++searched === 10 && stop.abort(), 0.5);
  await assert.rejects(chanceScores(async (texts) => texts.map((t) => hash.embedSync(t)), best, 1, stop.signal), { name: 'AbortError' });
  assert.equal(searched, 10, 'no salad searched after the abort');
});
