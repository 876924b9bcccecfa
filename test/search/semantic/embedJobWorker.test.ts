import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';
import { embedQueued } from '../../../src/search/semantic/embedQueued.ts';
import { paperText, quantize } from '../../../src/search/semantic/embedder.ts';
import { markPairedEmbedding, restWhileServing } from '../../../src/jobs/requestActivity.ts';
import { offThreadEmbedJob } from '../../../src/search/semantic/offThreadEmbedJob.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import type { StoreConfig } from '../../../src/storage/openStore.ts';
import { openPgStore } from '../../../src/storage/postgres/pgStore.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/sqliteStore.ts';
import type { Store } from '../../../src/storage/store.ts';
import { forEachBackend, freshPgDatabase, type Backend } from '../../helpers/backends.ts';

const topics = ['quantization of language models', 'graph neural networks for molecules', 'protein folding with diffusion', 'sparse attention for long documents'];
const papers = Array.from({ length: 600 }, (_, i) => ({
  id: `2401.${String(i + 1).padStart(5, '0')}`,
  title: `${topics[i % 4]} (${i})`,
  abstract: `We study ${topics[i % 4]}; variant ${i}.`,
}));

/** A database with two connections, as a server thread and its worker have, plus the config the worker opens. */
async function twoConnections(backend: Backend): Promise<{ config: StoreConfig; server: Store; other: Store; cleanup: () => Promise<void> }> {
  if (backend === 'postgres') {
    const { url, drop } = await freshPgDatabase();
    const [server, other] = [await openPgStore(url, { poolSize: 4 }), await openPgStore(url, { poolSize: 2 })];
    return { config: { databasePath: '', databaseUrl: url }, server, other, cleanup: async () => (await Promise.all([server.closed(), other.closed()]), await drop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-test-'));
  const path = join(dir, 'paperwire.db');
  const server = openSqliteStore(path, { migrate: true });
  const other = openSqliteStore(path);
  return { config: { databasePath: path }, server, other, cleanup: async () => (server.close(), other.close(), rmSync(dir, { recursive: true, force: true })) };
}

forEachBackend((backend) => {
  test(`the embedding worker writes the vectors itself; the server's index and another store's learn of them through the feed (${backend})`, async () => {
    const t = await twoConnections(backend);
    const embedder = bundledEmbedder();
    const job = offThreadEmbedJob(t.config, { kind: 'bundled' }, () => Promise.reject(new Error('the fallback must not run')));
    try {
      for (const p of papers) await t.server.papers.upsert(p);
      const sem = createSemanticSearch(t.server, embedder, undefined, { writer: job });
      await sem.load();
      const progress: number[] = [];
      const done = await sem.embedPending({ batch: 128, onProgress: (n) => progress.push(n) });
      assert.equal(done, papers.length);
      assert.ok(progress.length >= 5, `progress after each batch: ${progress.join(', ')}`);
      assert.equal(await t.server.searchIndex.queuedCount('embed'), 0, 'the queue rows went with their vectors');
      assert.equal(await t.server.searchIndex.vectorCount(embedder.id), papers.length);
      assert.equal(sem.size, papers.length, 'the server thread holds every vector it never wrote');
      // the worker stored exactly what the server thread would have computed
      const stored = await t.other.searchIndex.vectors(embedder.id, 0, 3);
      const expected = quantize((await embedder.embed([paperText(papers[0]!)]))[0]!);
      assert.equal(stored[0]!.id, papers[0]!.id);
      assert.deepEqual([...stored[0]!.vector], [...expected.vector]);
      assert.ok(Math.abs(stored[0]!.scale - expected.scale) < 1e-6);
      // a second server (another connection) finds the worker's papers by meaning
      const second = createSemanticSearch(t.other, embedder);
      await second.load();
      const hits = await second.search('protein folding diffusion', 5);
      assert.equal(hits.length, 5);
      assert.ok(hits.every((h) => Number(h.id.slice(5)) % 4 === 3), `protein papers first: ${hits.map((h) => h.id).join(' ')}`);
    } finally {
      await job.close();
      await t.cleanup();
    }
  });

  test(`an aborted run stops after a whole batch; the next run embeds the rest, nothing lost or twice (${backend})`, async () => {
    const t = await twoConnections(backend);
    const embedder = bundledEmbedder();
    const job = offThreadEmbedJob(t.config, { kind: 'bundled' }, () => Promise.reject(new Error('the fallback must not run')));
    try {
      for (const p of papers) await t.server.papers.upsert(p);
      const stop = new AbortController();
      // small batches, so the worker has many left when the abort reaches it (a loaded machine is slow to relay it)
      const first = await job.embedPending({ batch: 10, signal: stop.signal, afterBatch: (n) => void (n >= 20 && stop.abort()) });
      assert.ok(first >= 20 && first < papers.length && first % 10 === 0, `stopped on a batch boundary: ${first}`);
      assert.equal(await t.server.searchIndex.vectorCount(embedder.id), first);
      assert.equal(await t.server.searchIndex.queuedCount('embed'), papers.length - first);
      const rest = await job.embedPending({ batch: 100 });
      assert.equal(first + rest, papers.length);
      assert.equal(await t.server.searchIndex.vectorCount(embedder.id), papers.length);
      assert.equal(await embedQueued(t.server, embedder), 0, 'nothing left to embed');
    } finally {
      await job.close();
      await t.cleanup();
    }
  });
});

test('a worker that cannot open the store falls back to the given loop, logged once', async () => {
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, error() {}, warn: (msg: string) => void warnings.push(msg) };
  let fallbacks = 0;
  const job = offThreadEmbedJob({ databasePath: '/nonexistent/dir/paperwire.db' }, { kind: 'bundled' }, async () => ++fallbacks && 7, log);
  assert.equal(await job.embedPending({}), 7);
  assert.equal(await job.embedPending({}), 7);
  assert.equal(fallbacks, 2);
  assert.equal(warnings.length, 1, 'one warning, not one per run');
  await job.close();
});

test('a large backlog is embedded on two threads, the keyword worker resting meanwhile; the same vectors; a small one on one', async () => {
  const t = await twoConnections('sqlite');
  const embedder = bundledEmbedder();
  const activity = new SharedArrayBuffer(12); // the server's activity cells (trackRequests)
  const rested = (ms: number) => restWhileServing(activity, ms)();
  const job = offThreadEmbedJob(t.config, { kind: 'bundled' }, () => Promise.reject(new Error('the fallback must not run')), undefined, { helperFrom: 400, activity });
  try {
    for (const p of papers) await t.server.papers.upsert(p);
    const rests: number[] = [];
    // whether the paired mark was still on when the first rest ended (a rest ends early only once the run has)
    let markedAfterFirst = true;
    // 600 queued, a helper from 400: the first batch's progress comes while the run goes on, a keyword worker resting
    const afterBatch = () => {
      rests.push(rested(30));
      if (rests.length === 1) markedAfterFirst = Atomics.load(new Int32Array(activity), 2) === 1;
    };
    assert.equal(await job.embedPending({ batch: 100, afterBatch }), papers.length);
    assert.ok(rests[0]! >= 25 || (rests[0]! > 0 && !markedAfterFirst), `rests during the run (its whole limit, or until the run ended): ${rests.join(', ')}`);
    assert.ok(rested(200) < 20, 'the mark is off once the run has ended');
    const stored = await t.other.searchIndex.vectors(embedder.id, 0, papers.length);
    assert.equal(stored.length, papers.length);
    const expected = await embedder.embed(papers.map(paperText));
    for (const [i, s] of stored.entries()) assert.deepEqual([...s.vector], [...quantize(expected[i]!).vector], `paper ${s.id}`);
    // 100 queued: one thread, no rest
    for (const p of papers.slice(0, 100)) await t.server.papers.upsert({ ...p, title: `${p.title}, revised` });
    const small: number[] = [];
    assert.equal(await job.embedPending({ batch: 50, afterBatch: () => void small.push(rested(30)) }), 100);
    assert.ok(small.every((r) => r < 20), `no rests for a small backlog: ${small.join(', ')}`);
    // a worker stopped in the middle of a paired run (the mark still on) leaves no mark behind
    markPairedEmbedding(activity, true);
    await job.close();
    for (let i = 0; i < 50 && rested(1) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(rested(200) < 20, 'the stopped worker took the mark off');
  } finally {
    await job.close();
    await t.cleanup();
  }
});

test('the worker is let go once idle (its thread ends) and a later run starts another: nothing falls back, every paper embedded', async () => {
  const t = await twoConnections('sqlite');
  const embedder = bundledEmbedder();
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, error() {}, warn: (msg: string) => void warnings.push(msg) };
  const threads = () => readdirSync('/proc/self/task').length;
  const until = async (what: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; !what() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    return what();
  };
  const job = offThreadEmbedJob(t.config, { kind: 'bundled' }, () => Promise.reject(new Error('the fallback must not run')), log, { idleMs: 300 });
  try {
    const before = threads();
    for (const p of papers.slice(0, 50)) await t.server.papers.upsert(p);
    assert.equal(await job.embedPending({ batch: 20 }), 50);
    assert.ok(job.holdsWorker && threads() > before, 'a run holds a worker thread');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(job.holdsWorker, 'kept for a while after its run');
    assert.ok(await until(() => !job.holdsWorker, 5000), 'let go once idle');
    assert.ok(await until(() => threads() === before, 5000), `its thread ended: ${threads()} threads, ${before} before`);
    for (const p of papers.slice(50, 60)) await t.server.papers.upsert(p);
    assert.equal(await job.embedPending({ batch: 20 }), 10, 'the next run starts a worker again');
    assert.equal(await t.server.searchIndex.vectorCount(embedder.id), 60);
    assert.deepEqual(warnings, [], 'letting a worker go is no failure');
  } finally {
    await job.close();
    await t.cleanup();
  }
});
