// SQLite-only: proves a snapshot loads without reading the vectors from the database by dropping a SQLite trigger; the snapshot file is the same on both backends.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { IdList } from '../../../src/search/idList.ts';
import { normalize } from '../../../src/search/semantic/embedder.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { VectorIndex } from '../../../src/search/semantic/vectorIndex.ts';
import { readVectorSnapshot, VECTOR_SNAPSHOT_FORMAT, vectorSnapshotName, writeVectorSnapshot } from '../../../src/search/semantic/vectorSnapshot.ts';
import { SnapshotUnusable, writeSnapshot } from '../../../src/search/snapshotFile.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/storage/sqlite/sqliteStore.ts';
import { tempDir } from '../../helpers/testApp.ts';
import { hashEmbedder } from './hashEmbedder.ts';

const topics = ['quantization of language models', 'pruning convolutional networks', 'graph neural networks for molecules', 'diffusion models for images', 'reinforcement learning for robots'];

/** A real database with `n` papers spread over a few topics, and an embedder; every paper embedded by one server. */
async function embeddedStore(n: number) {
  const { dir, cleanup } = tempDir();
  const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
  const embedder = hashEmbedder();
  for (let i = 0; i < n; i++) {
    const topic = topics[i % topics.length]!;
    await store.papers.upsert({ id: `2401.${String(i + 1).padStart(5, '0')}`, title: `${topic} ${i}`, abstract: `A study of ${topic}, variant ${i % 7}.` });
  }
  const first = createSemanticSearch(store, embedder);
  await first.load();
  await first.embedPending();
  const path = join(dir, 'search', vectorSnapshotName(embedder.id));
  return { dir, store, embedder, path, cleanup: () => (store.close(), cleanup()) };
}

const ranked = async (sem: { search(text: string, limit: number): Promise<{ id: string; score: number }[]> }) =>
  Promise.all(topics.map(async (t) => (await sem.search(t, 5)).map((h) => `${h.id}:${h.score.toFixed(5)}`)));

const feedHead = (store: SqliteStore, model: string) => store.searchIndex.vectorChanges(model).lastChange();

test('vectors saved to a snapshot load back identical, at the saved feed position, without reading the database', async () => {
  const t = await embeddedStore(40);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await a.load()).from, 'database', 'no snapshot yet: read from the database');
    await a.persist();
    assert.ok(existsSync(t.path), 'persist wrote the snapshot');
    const b = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    const loaded = await b.load();
    assert.equal(loaded.from, 'snapshot');
    assert.equal(loaded.vectors, 40);
    assert.equal(b.position, await feedHead(t.store, t.embedder.id));
    assert.deepEqual(await ranked(b), await ranked(a), 'same neighbours, same scores');
    // proof that the vectors came from the file: the rows are gone from the table (without a feed entry, as if
    // never read), and the index loaded still has them
    t.store.db.exec('DROP TRIGGER paper_vectors_feed_delete; DELETE FROM paper_vectors');
    const c = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await c.load()).vectors, 40, 'vectors read from the snapshot, not the emptied table');
  } finally {
    t.cleanup();
  }
});

/** A clustered index of 3,000 seeded random vectors (32 dimensions), and the generator that made them, for more. */
async function clusteredIndex(start: number): Promise<{ idx: VectorIndex; vec: () => Float32Array }> {
  const dim = 32;
  const idx = new VectorIndex(dim);
  let seed = start;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const vec = () => normalize(Float32Array.from({ length: dim }, rand));
  for (let i = 0; i < 3000; i++) idx.set(`p${i}`, vec());
  await idx.buildClusters({ force: true });
  return { idx, vec };
}

test('a clustered index round-trips with its clusters: same results, no rebuild needed', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { idx, vec } = await clusteredIndex(1);
    idx.remove('p7'); // a freed slot travels too
    assert.ok(idx.clustered);
    const path = join(dir, 'v.snap');
    await writeVectorSnapshot(path, { model: 'm', position: 12, state: idx.exportState() });
    const snap = await readVectorSnapshot(path, 'm');
    assert.equal(snap.position, 12);
    const back = VectorIndex.fromState(snap.state);
    assert.ok(back.clustered, 'clusters restored');
    assert.equal(back.size, 2999);
    assert.equal(back.has('p7'), false);
    for (let q = 0; q < 20; q++) {
      const v = vec();
      assert.deepEqual(back.search(v, 10), idx.search(v, 10));
    }
    back.set('p7', vec()); // the freed slot is reused and clustered like any new vector
    assert.equal(back.size, 3000);
    assert.equal(back.search(back.vector('p7')!, 1)[0]!.id, 'p7');
  } finally {
    cleanup();
  }
});

test('a loaded clustered index (its cluster lists packed) changes like the index it was saved from: removals, moves, additions', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { idx, vec } = await clusteredIndex(5);
    const path = join(dir, 'v.snap');
    await writeVectorSnapshot(path, { model: 'm', position: 1, state: idx.exportState() });
    const back = VectorIndex.fromState((await readVectorSnapshot(path, 'm')).state);
    // the same changes to both: removals from packed lists, vectors moved to other clusters, new papers
    const moved = Array.from({ length: 40 }, () => vec());
    const added = Array.from({ length: 20 }, () => vec());
    for (const index of [idx, back]) {
      for (let i = 0; i < 3000; i += 97) index.remove(`p${i}`);
      moved.forEach((v, j) => index.set(`p${j * 61 + 1}`, v));
      added.forEach((v, j) => index.set(`new${j}`, v));
      await index.assignPending();
    }
    assert.equal(back.size, idx.size);
    const odd = (id: string) => id.length % 2 === 1; // a filter: the slot-by-slot scan of every probed list
    for (let q = 0; q < 30; q++) {
      const v = q < 20 ? vec() : moved[q]!;
      assert.deepEqual(back.search(v, 10), idx.search(v, 10));
      assert.deepEqual(back.search(v, 10, odd), idx.search(v, 10, odd));
    }
    assert.equal(back.search(moved[3]!, 1)[0]!.id, 'p184', 'a moved vector is found in its new cluster');
    assert.equal(back.search(added[5]!, 1)[0]!.id, 'new5');
    assert.equal(back.has('p97'), false);
  } finally {
    cleanup();
  }
});

test('a corrupt, truncated or older-format snapshot is ignored and the vectors are read from the database', async () => {
  const t = await embeddedStore(30);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await a.load();
    await a.persist();
    const good = readFileSync(t.path);
    const expected = await ranked(a);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] ^= 0xff;
    writeFileSync(t.path, flipped);
    await assert.rejects(readVectorSnapshot(t.path, t.embedder.id), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'corrupt');
    const b = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await b.load()).from, 'database', 'a flipped byte fails the checksum');
    assert.deepEqual(await ranked(b), expected);

    writeFileSync(t.path, good.subarray(0, good.length - 64));
    const c = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await c.load()).from, 'database', 'a truncated file is not used');

    // the same snapshot marked as the previous format's (1: ids as JSON, no id table): rebuilt, not misread
    const older = Buffer.from(good);
    older.writeUInt32LE(VECTOR_SNAPSHOT_FORMAT - 1, 8);
    writeFileSync(t.path, older);
    const c1 = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await c1.load()).from, 'database', 'a snapshot of the previous format is rebuilt by itself');
    assert.deepEqual(await ranked(c1), expected);

    await writeSnapshot(t.path, 0, { meta: { kind: 'vectors', model: t.embedder.id }, sections: [] });
    await assert.rejects(readVectorSnapshot(t.path, t.embedder.id), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'format');
    const d = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await d.load()).from, 'database', 'an older format is rebuilt');
    await d.persist();
    const e = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await e.load()).from, 'snapshot', 'the rebuilt index replaced the bad snapshot');
  } finally {
    t.cleanup();
  }
});

test('changes after the snapshot are replayed from the feed: new, re-embedded and withdrawn papers', async () => {
  const t = await embeddedStore(20);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await a.load();
    await a.persist();
    const savedAt = a.position;
    // another server (no snapshot of its own) embeds new papers, a paper is withdrawn
    await t.store.papers.upsert({ id: '2402.00001', title: 'Sparse attention for long documents', abstract: 'Attention over long documents.' });
    await t.store.papers.upsert({ id: '2401.00003', title: 'graph neural networks for molecules 2', abstract: 'A study.', withdrawnAt: '2026-12-01T00:00:00Z' });
    const other = createSemanticSearch(t.store, t.embedder);
    await other.load();
    assert.ok((await other.embedPending()) >= 1);
    assert.ok((await feedHead(t.store, t.embedder.id)) > savedAt);

    const b = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await b.load()).from, 'snapshot');
    assert.equal(b.position, await feedHead(t.store, t.embedder.id), 'caught up with the feed');
    assert.equal(b.index!.has('2402.00001'), true, 'the paper embedded after the snapshot');
    assert.equal(b.index!.has('2401.00003'), false, 'the paper withdrawn after the snapshot');
    assert.equal((await b.search('sparse attention long documents', 1))[0]!.id, '2402.00001');
  } finally {
    t.cleanup();
  }
});

test('a snapshot whose feed position was pruned away, or that is ahead of the database, is replaced by a full load', async () => {
  const t = await embeddedStore(10);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await a.load();
    await a.persist();
    await t.store.papers.upsert({ id: '2402.00002', title: 'Contrastive pretraining', abstract: 'Pairs of images and texts.' });
    const other = createSemanticSearch(t.store, t.embedder);
    await other.load();
    await other.embedPending();
    const feed = t.store.searchIndex.vectorChanges(t.embedder.id);
    await feed.prune(0);
    await t.store.papers.upsert({ id: '2402.00003', title: 'Mixture of experts', abstract: 'Routing tokens to experts.' });
    await other.embedPending();
    const b = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await b.load();
    assert.equal(b.size, 12, 'every vector, including the ones whose changes were pruned');
    assert.equal(b.index!.has('2402.00002'), true);

    // a fresh database in the same data folder: the old snapshot's position is beyond its feed
    const { dir, cleanup } = tempDir();
    try {
      const fresh = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
      await fresh.papers.upsert({ id: '2403.00001', title: 'Only paper', abstract: 'Alone.' });
      const f0 = createSemanticSearch(fresh, t.embedder);
      await f0.load();
      await f0.embedPending();
      const f = createSemanticSearch(fresh, t.embedder, undefined, { snapshot: { path: t.path } });
      const r = await f.load();
      assert.equal(r.from, 'database');
      assert.deepEqual([...f.index!.keys()], ['2403.00001']);
      fresh.close();
    } finally {
      cleanup();
    }
  } finally {
    t.cleanup();
  }
});

test('a snapshot of another model is not used', async () => {
  const t = await embeddedStore(10);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await a.load();
    await a.persist();
    await assert.rejects(readVectorSnapshot(t.path, 'another-model'), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'model');
    const next = hashEmbedder(64, 'test-hash-next');
    const b = createSemanticSearch(t.store, next, undefined, { snapshot: { path: t.path } });
    const r = await b.load();
    assert.equal(r.from, 'database', 'the file holds another model’s vectors');
    assert.equal(r.model, 'changed');
    assert.equal(b.size, 0, 'nothing of the old model leaked in');
  } finally {
    t.cleanup();
  }
});

test('a model change removes the old model’s snapshot and calibration from the data folder, nothing else', async () => {
  const t = await embeddedStore(10);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await a.load();
    await a.persist();
    assert.ok(existsSync(t.path));
    const search = join(t.dir, 'search');
    writeFileSync(join(search, 'vectors-test-hash.chance.json'), '{}');
    writeFileSync(join(search, 'lexical.snap'), 'not a vector snapshot');
    const next = hashEmbedder(64, 'test-hash-next');
    const own = join(search, vectorSnapshotName(next.id));
    const same = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    await same.load(); // the same model: nothing removed
    assert.ok(existsSync(t.path));
    const b = createSemanticSearch(t.store, next, undefined, { snapshot: { path: own } });
    assert.equal((await b.load()).model, 'changed');
    assert.deepEqual(readdirSync(search).sort(), ['lexical.snap']);
    await b.embedPending();
    await b.persist();
    assert.deepEqual(readdirSync(search).sort(), ['lexical.snap', vectorSnapshotName(next.id)]);
  } finally {
    t.cleanup();
  }
});

test('the snapshot is written in the background after changes, and at the feed position it reflects', async () => {
  const t = await embeddedStore(5);
  try {
    const a = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path, delayMs: 30 } });
    await a.load();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(IdList.fromParts((await readVectorSnapshot(t.path, t.embedder.id)).state.ids).live(), 5, 'written after the first load');
    await t.store.papers.upsert({ id: '2402.00004', title: 'Speech recognition', abstract: 'Audio to text.' });
    await a.embedPending();
    await new Promise((r) => setTimeout(r, 200));
    const snap = await readVectorSnapshot(t.path, t.embedder.id);
    assert.equal(IdList.fromParts(snap.state.ids).live(), 6, 'the new vector was saved without being asked');
    assert.equal(snap.position, await feedHead(t.store, t.embedder.id));
    a.close();
  } finally {
    t.cleanup();
  }
});

test('a save that writes the rows from the index itself holds the feed back until the write ends: the file is the index at its position, and the changes follow', async () => {
  const t = await embeddedStore(40);
  try {
    const { lines, log } = logLines();
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path, delayMs: 60_000, liveRowsFrom: 0 } });
    await a.load();
    // 3,000 papers embedded through another index on the same database: in the feed, not yet in `a`
    for (let i = 0; i < 3_000; i++) await t.store.papers.upsert({ id: `2403.${String(i).padStart(5, '0')}`, title: `${topics[i % 5]} again ${i}`, abstract: 'More.' });
    await createSemanticSearch(t.store, t.embedder).embedPending();
    const position = a.position;
    const saved = a.persist(); // the rows are exported as a view: from here the feed waits
    const followed = a.sync!();
    await new Promise((r) => setImmediate(r));
    assert.equal(a.size, 40, 'no change applied while the rows are being written');
    await saved;
    await followed;
    assert.equal(a.size, 3_040, 'the changes applied after the write');
    assert.ok(!lines.some((l) => l.startsWith('WARN')), lines.join(' | '));
    const snap = await readVectorSnapshot(t.path, t.embedder.id);
    assert.equal(snap.position, position);
    assert.equal(IdList.fromParts(snap.state.ids).live(), 40, 'the file holds the index as it was at its position');
    const b = createSemanticSearch(t.store, t.embedder, undefined, { snapshot: { path: t.path } });
    assert.equal((await b.load()).from, 'snapshot');
    assert.equal(b.size, 3_040, 'a start from the file replays the rest');
    assert.deepEqual(await ranked(b), await ranked(a), 'and ranks as the index that wrote it');
    a.close();
    b.close();
  } finally {
    t.cleanup();
  }
});

/** A snapshot of `n` random vectors at the feed's head (clustered once `clusterAt` were in, when given); the index saved. */
async function savedIndex(t: { embedder: { id: string; dim: number }; store: SqliteStore; path: string }, n: number, clusterAt?: number): Promise<VectorIndex> {
  const idx = new VectorIndex(t.embedder.dim);
  let seed = 9;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  for (let i = 0; i < n; i++) {
    if (i === clusterAt) await idx.buildClusters();
    idx.set(`x${i}`, normalize(Float32Array.from({ length: t.embedder.dim }, rand)));
  }
  mkdirSync(dirname(t.path), { recursive: true });
  await writeVectorSnapshot(t.path, { model: t.embedder.id, position: await feedHead(t.store, t.embedder.id), state: idx.exportState() });
  return idx;
}

/** A logger that keeps its lines (`debug`: its debug lines too, with their fields). */
function logLines(options: { debug?: boolean } = {}) {
  const lines: string[] = [];
  const debug = options.debug ? (m: string, f?: object) => void lines.push(`${m} ${JSON.stringify(f)}`) : () => {};
  return { lines, log: { debug, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`), error() {} } };
}

test('a background save due during a cluster build waits for its end: one save then, with the clusters and the change made meanwhile', async () => {
  const t = await embeddedStore(40);
  try {
    await savedIndex(t, 100_000);
    const { lines, log } = logLines();
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path, delayMs: 1 } });
    await a.load(); // starts a build of the clusters
    // a change while it runs: its save is due 1 ms later, and waits for no build
    await t.store.papers.upsert({ id: '2402.00009', title: 'Speech recognition', abstract: 'Audio to text.' });
    await a.embedPending();
    await a.sync?.();
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(!lines.some((l) => /vector snapshot saved/.test(l)), `no save while the build runs: ${lines.join(' | ')}`);
    await a.settled();
    await new Promise((r) => setTimeout(r, 300));
    const saved = lines.filter((l) => /vector snapshot saved/.test(l));
    assert.equal(saved.length, 1, lines.join(' | '));
    const snap = await readVectorSnapshot(t.path, t.embedder.id);
    assert.ok(snap.state.clusters, 'the save after the build holds its clusters');
    assert.equal(IdList.fromParts(snap.state.ids).live(), 100_001, 'and the change made during it');
    a.close();
  } finally {
    t.cleanup();
  }
});

test('a snapshot whose clusters were made for far fewer vectors is loaded, and its clusters built again', async () => {
  const t = await embeddedStore(40);
  try {
    // clusters built at 100,000 vectors, then 100,000 more added before the save (a server stopped before its next build ended)
    assert.ok((await savedIndex(t, 200_000, 100_000)).clustersOutgrown);
    const { lines, log } = logLines();
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path } });
    assert.equal((await a.load()).from, 'snapshot');
    await a.settled();
    assert.ok(lines.some((l) => /vector index clustered/.test(l)), `the start built the clusters again: ${lines.join(' | ')}`);
    assert.ok(a.index && !a.index.clustersOutgrown);
    a.close();
  } finally {
    t.cleanup();
  }
});

test('a snapshot whose clusters the index has not outgrown (40 % more vectors) is loaded and not built again: the waiting vectors join them', async () => {
  const t = await embeddedStore(40);
  try {
    // what a first server leaves when its last build came at 100,000 and 40,000 more arrived: it would build at 150,000
    assert.equal((await savedIndex(t, 140_000, 100_000)).pending, 40_000);
    const { lines, log } = logLines({ debug: true });
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path } });
    assert.equal((await a.load()).from, 'snapshot');
    await a.settled();
    for (let i = 0; i < 600 && !lines.some((l) => /new vectors assigned to clusters/.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(a.index!.pending, 0, 'the waiting vectors went into the loaded clusters');
    await new Promise((r) => setTimeout(r, 200)); // where a build would follow the assignment
    assert.ok(!lines.some((l) => /vector clustering started|vector index clustered/.test(l)), `no build: ${lines.join(' | ')}`);
    assert.equal(a.index!.clusteredFor, 100_000);
    a.close();
  } finally {
    t.cleanup();
  }
});

test('once the embedding queue empties, clusters made for less than the index by DRAINED_GROWTH are built again (a start left them)', async () => {
  const t = await embeddedStore(40);
  try {
    await savedIndex(t, 125_000, 100_000); // a quarter more than the clusters were made for: a start leaves them
    const { lines, log } = logLines();
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path } });
    await a.load();
    await a.settled();
    assert.ok(!lines.some((l) => /vector index clustered/.test(l)), `the start built nothing: ${lines.join(' | ')}`);
    assert.equal(await a.embedPending(), 0, 'nothing queued: nothing embedded, nothing built');
    assert.ok(!lines.some((l) => /vector index clustered/.test(l)));
    await t.store.papers.upsert({ id: '2402.00011', title: 'Protein folding', abstract: 'Structures from sequences.' });
    assert.equal(await a.embedPending(), 1);
    for (let i = 0; i < 600 && !lines.some((l) => /vector index clustered/.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(lines.some((l) => /vector index clustered/.test(l)), 'the queue emptied: built for the index as it stands');
    assert.ok(a.index!.clusteredFor > 100_000 && !a.index!.clustersOutgrown);
    a.close();
  } finally {
    t.cleanup();
  }
});

test('a start whose clusters were outgrown puts the vectors waiting for them into the loaded clusters first, then builds again', async () => {
  const t = await embeddedStore(40);
  try {
    assert.equal((await savedIndex(t, 200_000, 100_000)).pending, 100_000, 'saved with 100,000 vectors waiting for clusters');
    // and a paper embedded after the save, which the load's replay of the feed adds (it once started the build)
    await t.store.papers.upsert({ id: '2402.00010', title: 'Protein folding', abstract: 'Structures from sequences.' });
    await createSemanticSearch(t.store, t.embedder).embedPending();
    const { lines, log } = logLines({ debug: true });
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path } });
    await a.load();
    assert.ok(a.index!.clustered && a.index!.pending > 0 && !lines.some((l) => /vector index clustered/.test(l)), 'no build yet: the waiting vectors go first');
    await a.settled();
    for (let i = 0; i < 600 && !lines.some((l) => /vector index clustered/.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
    const assigned = lines.findIndex((l) => /new vectors assigned to clusters/.test(l));
    const started = lines.findIndex((l) => /vector clustering started/.test(l));
    assert.ok(assigned >= 0 && started > assigned, `assigned, then built: ${lines.join(' | ')}`);
    assert.match(lines[started]!, /"waiting":0/, 'none left to brute force beside the build');
    assert.ok(!a.index!.clustersOutgrown && a.index!.pending === 0);
    assert.ok(a.index!.has('2402.00010'), 'the replayed vector is in');
    a.close();
  } finally {
    t.cleanup();
  }
});

test('a shutdown waits for a cluster build only so long: persist with stopBuild past its grace saves the vectors as they were, within it the clusters; the next start builds what is missing', async () => {
  const t = await embeddedStore(40);
  try {
    // 100,000 vectors (clustering starts from CLUSTER_FROM) in a snapshot at the feed's head, unclustered
    const idx = new VectorIndex(t.embedder.dim);
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (let i = 0; i < 100_000; i++) idx.set(`x${i}`, normalize(Float32Array.from({ length: t.embedder.dim }, rand)));
    mkdirSync(dirname(t.path), { recursive: true });
    await writeVectorSnapshot(t.path, { model: t.embedder.id, position: await feedHead(t.store, t.embedder.id), state: idx.exportState() });
    const lines: string[] = [];
    const log = { debug() {}, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error() {} };
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path }, buildGraceMs: 0 });
    assert.equal((await a.load()).from, 'snapshot');
    // the load started a build of the clusters; the shutdown's save gives it no time and stops it
    await a.persist({ stopBuild: true });
    assert.ok(lines.some((l) => /vector clustering stopped/.test(l)), lines.join('\n'));
    assert.ok(!lines.some((l) => /vector index clustered/.test(l)), 'the build did not run to its end');
    assert.equal((await readVectorSnapshot(t.path, t.embedder.id)).state.clusters, undefined, 'saved as it was: unclustered');
    a.close();
    // the next start builds them; its shutdown, within the default grace, waits for the build and saves them
    const b = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path } });
    await b.load();
    await b.persist({ stopBuild: true });
    assert.ok(lines.some((l) => /the shutdown waits for the cluster build/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /vector index clustered/.test(l)), 'the next start built the clusters');
    assert.ok((await readVectorSnapshot(t.path, t.embedder.id)).state.clusters, 'and saved them');
    b.close();
  } finally {
    t.cleanup();
  }
});

test('a background save comes no sooner after the last one than nine times as long as that one took', async () => {
  const t = await embeddedStore(40);
  try {
    // each line with when it was logged
    const lines: { line: string; at: number }[] = [];
    const put = (line: string) => void lines.push({ line, at: performance.now() });
    const log = { debug: (m: string, f?: object) => put(`${m} ${JSON.stringify(f)}`), info: put, warn: put, error() {} };
    const a = createSemanticSearch(t.store, t.embedder, log, { snapshot: { path: t.path, delayMs: 1 } });
    await a.load();
    const change = async (n: number) => {
      await t.store.papers.upsert({ id: `2402.0001${n}`, title: `Speech recognition ${n}`, abstract: 'Audio to text.' });
      await a.embedPending();
      await a.sync?.();
    };
    const saved = () => lines.filter((l) => /vector snapshot saved/.test(l.line));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await change(1);
    await until(() => saved().length >= 1);
    await change(2);
    const scheduled = lines.filter((l) => /save scheduled/.test(l.line)).at(-1)!;
    const { inMs, lastSaveMs } = JSON.parse(scheduled.line.slice(scheduled.line.indexOf('{'))) as { inMs: number; lastSaveMs: number };
    assert.ok(Math.abs(inMs - Math.max(1, lastSaveMs * 9)) <= 1, `nine times the last save's time: ${scheduled.line}`);
    assert.ok(inMs > 1, `the last save's time sets the wait, not the 1 ms delay: ${scheduled.line}`);
    await until(() => saved().length >= 2);
    assert.equal(saved().length, 2, lines.map((l) => l.line).join(' | '));
    assert.ok(saved()[1]!.at - scheduled.at >= inMs - 1, `saved ${(saved()[1]!.at - scheduled.at).toFixed(1)} ms after it was scheduled, not before ${inMs} ms`);
    a.close();
  } finally {
    t.cleanup();
  }
});
