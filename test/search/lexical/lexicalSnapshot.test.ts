import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LexicalIndex, type LexicalQuery } from '../../../src/search/lexical/lexicalIndex.ts';
import { LEXICAL_SNAPSHOT_FORMAT, LEXICAL_SNAPSHOT_NAME, readLexicalSnapshot, writeLexicalSnapshot } from '../../../src/search/lexical/lexicalSnapshot.ts';
import type { PostingSegment } from '../../../src/search/lexical/postingSegment.ts';
import type { WindowScratch } from '../../../src/search/lexical/windowScratch.ts';
import { layoutBytes } from '../../../src/search/lexical/windowLayouts.ts';
import { windowsIn } from '../../../src/search/lexical/windowTopK.ts';
import { memoryMap } from '../../../src/search/memoryMap.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { IdList } from '../../../src/search/idList.ts';
import { SyncedIndex } from '../../../src/search/lexical/syncedIndex.ts';
import { readSnapshot, SnapshotUnusable, writeSnapshot } from '../../../src/search/snapshotFile.ts';
import type { Store } from '../../../src/storage/store.ts';
import { testStore } from '../../helpers/testApp.ts';
import { execRaw, forEachBackend } from '../../helpers/backends.ts';

const synced = (store: Store, path: string) => new SyncedIndex(store.lexical, () => store.revision(), 0, undefined, { path });

const query = (scored: string[], extra: Partial<LexicalQuery> = {}): LexicalQuery => ({
  scored: scored.map((term) => ({ term, weight: 1 })),
  required: [],
  anyOf: [],
  excluded: [],
  sort: 'relevance',
  limit: 10,
  ...extra,
});

/** What an index answers to a spread of queries drawn from its own vocabulary: words, pairs, filters, sorts. */
function answers(index: LexicalIndex): string[] {
  const terms: string[] = [];
  index.forEachTerm((t, df) => df >= 2 && terms.push(t));
  terms.sort();
  const picked = terms.filter((_, i) => i % Math.max(1, Math.floor(terms.length / 40)) === 0);
  const out: string[] = [];
  const show = (q: LexicalQuery) => {
    const r = index.search(q);
    out.push(`${r.total} ${r.hits.map((h) => `${h.id}:${h.score.toFixed(4)}`).join(',')}`);
  };
  picked.forEach((t, i) => {
    show(query([t]));
    show(query([t, picked[(i + 7) % picked.length]!]));
    show(query([t], { sort: 'date' }));
    show(query([t], { required: [`t:${t}`] }));
    show(query([t], { from: 20240101 }));
  });
  const { bytes: _spare, ...sizes } = index.stats(); // spare capacity differs; the contents must not
  out.push(JSON.stringify(sizes));
  return out;
}

forEachBackend((backend) => {
  test(`the lexical index saved to a snapshot loads back answering exactly as before, unsealed postings included (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = synced(t.store, path);
      await a.current();
      assert.equal(a.loadedFrom, 'database');
      // live changes after the build sit in the unsealed tail: they must survive too
      await t.store.papers.upsert({ id: '2412.99001', title: 'Snapshot persistence for inverted indexes', abstract: 'We save posting lists (PL) to disk.' });
      await t.store.papers.upsert({ id: '2412.99002', title: 'Inverted indexes on flash storage', abstract: 'Posting lists (PL) on flash.' });
      const before = await a.current();
      await a.persist();
      const b = synced(t.store, path);
      const after = await b.current();
      assert.equal(b.loadedFrom, 'snapshot');
      assert.equal(b.position, a.position);
      assert.equal(after.size, before.size);
      assert.deepEqual(answers(after), answers(before));
      assert.deepEqual(after.acronyms.expand('pl'), before.acronyms.expand('pl'), 'learned acronyms travel with the index');
      // the loaded index keeps working: the same edits on both give the same answers
      for (const idx of [before, after]) {
        idx.add({ rowid: 999_001, id: '2412.99003', title: 'Persisted vectors and persisted postings', abstract: '', authors: ['Ada Lovelace'], categories: ['cs.IR'], publishedAt: '2024-12-01', upvotes: 3, hasCode: false });
        idx.remove(1);
      }
      assert.deepEqual(answers(after), answers(before));
    } finally {
      t.cleanup();
    }
  });

  test(`changes made after the snapshot are replayed from the change log: new, edited, deleted and upvoted papers (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = synced(t.store, path);
      await a.current();
      await a.persist();
      const victim = (await t.store.lexical.scan(0, 1))[0]!;
      await t.store.papers.upsert({ id: '2412.99010', title: 'Zyxwvut replay of change logs' });
      await execRaw(t.store, `DELETE FROM papers WHERE id = '${victim.id}'`); // no Store method deletes a paper
      const b = synced(t.store, path);
      const index = await b.current();
      assert.equal(b.loadedFrom, 'snapshot');
      assert.equal(b.position, await t.store.lexical.lastChange(), 'caught up');
      assert.deepEqual(index.search(query(['zyxwvut'])).hits.map((h) => h.id), ['2412.99010'], 'the paper added after the snapshot is found');
      assert.equal(index.docOf(victim.id), undefined, 'the paper deleted after the snapshot is gone');
      const live = await a.current(); // the server that saved the snapshot, following the same changes live
      assert.deepEqual(answers(index), answers(live), 'snapshot + replay answers as an index that followed the changes live');
    } finally {
      t.cleanup();
    }
  });

  test(`a corrupt, older-format or foreign snapshot, or one the change log no longer reaches, gives way to a full build (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = synced(t.store, path);
      const expected = answers(await a.current());
      await a.persist();
      const good = readFileSync(path);

      const flipped = Buffer.from(good);
      flipped[Math.floor(flipped.length / 2)] ^= 0x55;
      writeFileSync(path, flipped);
      await assert.rejects(readLexicalSnapshot(path), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'corrupt');
      const b = synced(t.store, path);
      assert.deepEqual(answers(await b.current()), expected);
      assert.equal(b.loadedFrom, 'database', 'a flipped byte fails the checksum');

      // the same snapshot marked as written by the previous format (6: the window layouts' records beside their
      // segments, mapped with them): this version does not read its sections as its own, it rebuilds
      const older = Buffer.from(good);
      older.writeUInt32LE(LEXICAL_SNAPSHOT_FORMAT - 1, 8);
      writeFileSync(path, older);
      await assert.rejects(readLexicalSnapshot(path), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'format');
      const older3 = synced(t.store, path);
      assert.deepEqual(answers(await older3.current()), expected);
      assert.equal(older3.loadedFrom, 'database', 'a snapshot of the previous format is rebuilt by itself');

      await writeSnapshot(path, 0, { meta: { kind: 'lexical' }, sections: [] });
      const c = synced(t.store, path);
      await c.current();
      assert.equal(c.loadedFrom, 'database', 'an older format is rebuilt');
      await c.persist();
      assert.equal((await readLexicalSnapshot(path)).position, c.position, 'and the rebuilt index replaced it');

      // a snapshot from another (busier) database: its position lies beyond this database's log
      const other = await testStore({ backend, demo: true });
      try {
        for (let i = 0; i < 5; i++) await other.store.papers.upsert({ id: `2412.9910${i}`, title: `Other database paper ${i}` });
        const o = synced(other.store, path);
        await o.current();
        await o.persist();
        const d = synced(t.store, path);
        await d.current();
        assert.equal(d.loadedFrom, 'database', 'a snapshot ahead of the database is not used');
        assert.equal(d.index.docOf('2412.99100'), undefined);
      } finally {
        other.cleanup();
      }

      // a snapshot whose position the log was pruned past: the changes it missed are gone, so it rebuilds
      await c.persist();
      const e0 = synced(t.store, path);
      await e0.current();
      await e0.persist();
      for (let i = 0; i < 3; i++) await t.store.papers.upsert({ id: `2412.9920${i}`, title: `Pruned change ${i} quuxification` });
      await t.store.lexical.prune(1);
      const e = synced(t.store, path);
      const index = await e.current();
      assert.equal(e.loadedFrom, 'database', 'rebuilt after the snapshot fell behind the log');
      assert.equal(index.search(query(['quuxif'])).total + index.search(query(['quuxification'])).total >= 3, true, 'every paper whose change was pruned is there');
    } finally {
      t.cleanup();
    }
  });

  test(`the lexical snapshot is written in the background after the index changes (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = new SyncedIndex(t.store.lexical, () => t.store.revision(), 0, undefined, { path, delayMs: 30 });
      await a.current();
      await new Promise((r) => setTimeout(r, 300));
      const first = await readLexicalSnapshot(path);
      assert.equal(first.position, a.position, 'written after the first build');
      await t.store.papers.upsert({ id: '2412.99300', title: 'Background snapshot writes' });
      await a.current();
      await new Promise((r) => setTimeout(r, 300));
      const second = await readLexicalSnapshot(path);
      assert.ok(second.position > first.position);
      assert.ok(IdList.fromParts(second.state.ids).toArray().includes('2412.99300'), 'the new paper was saved without being asked');
      a.close();
    } finally {
      t.cleanup();
    }
  });

  test(`an index built from the papers is replaced by its saved snapshot, with the changes made since the save replayed into it (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = synced(t.store, path);
      const built = await a.current();
      await a.persist();
      const savedAt = (await readLexicalSnapshot(path)).position;
      // changes after the save, applied to the built index before the adoption: the snapshot lacks them
      await t.store.papers.upsert({ id: '2412.99401', title: 'Adopted snapshots replay the change log', abstract: 'Quokka indexes.' });
      await a.current();
      assert.ok(a.position > savedAt);
      const before = answers(built);
      await a.adoptSaved();
      const adopted = await a.current();
      assert.notEqual(adopted, built, 'the index in use is the one read back');
      assert.equal(a.loadedFrom, 'snapshot');
      assert.equal(adopted.search(query(['quokka'])).hits[0]?.id, '2412.99401', 'the change made after the save was replayed');
      if (memoryMap()) assert.ok(mappedBytes(path) > 0, 'the index reads the mapped file');
      assert.deepEqual(answers(adopted), before, 'it answers as the built index did');
      a.close();
    } finally {
      t.cleanup();
    }
  });

  test(`the built index stays in use when the change log was pruned past the saved snapshot (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = new SyncedIndex(t.store.lexical, () => t.store.revision(), 0, 4, { path });
      const built = await a.current();
      await a.persist();
      for (let i = 0; i < 12; i++) {
        await t.store.papers.upsert({ id: `2412.995${String(i).padStart(2, '0')}`, title: `Pruned change ${i}` });
        await a.current(); // each replay may prune the log down to its newest 4 changes
      }
      await a.adoptSaved();
      assert.equal(await a.current(), built, 'the snapshot cannot be brought up to date: nothing changed');
      assert.equal(a.loadedFrom, 'database');
      a.close();
    } finally {
      t.cleanup();
    }
  });

  test(`after the background save of a build, the server's index is the mapped snapshot (${backend})`, async () => {
    const t = await testStore({ backend, demo: true });
    try {
      const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
      const a = new SyncedIndex(t.store.lexical, () => t.store.revision(), 0, undefined, { path, delayMs: 20 });
      const built = await a.current();
      const answered = answers(built);
      for (let i = 0; i < 500 && a.loadedFrom !== 'snapshot'; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(a.loadedFrom, 'snapshot', 'adopted without being asked');
      assert.notEqual(await a.current(), built);
      assert.deepEqual(answers(await a.current()), answered);
      a.close();
    } finally {
      t.cleanup();
    }
  });
});

/** Papers of a Zipf-like vocabulary (common words in most, rare ones in few), from a seed. */
function zipfDocs(seed: number, from: number, count: number) {
  const r = mulberry32(seed);
  const word = () => `w${Math.floor(300 * r() ** 3).toString(36)}x`;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, (_, i) => ({
    rowid: from + i, id: `z${from + i}`, title: words(3 + Math.floor(r() * 6)), abstract: words(10 + Math.floor(r() * 40)),
    authors: [], categories: ['cs.LG'], hasCode: i % 3 === 0, upvotes: 0, publishedAt: `202${Math.floor(r() * 5)}-03-0${1 + Math.floor(r() * 9)}`,
  }));
}

/** The bytes of the process's mappings of `path`, from /proc/self/maps (Linux). */
function mappedBytes(path: string): number {
  let total = 0;
  for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
    const [range, , , , , ...name] = line.split(/\s+/);
    if (!name.join(' ').startsWith(path)) continue;
    const [a, b] = range!.split('-').map((h) => Number.parseInt(h, 16)) as [number, number];
    total += b - a;
  }
  return total;
}

/** How many of the process's open file descriptors are `path` (Linux). */
function openDescriptors(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
    } catch {
      return false;
    }
  }).length;
}

/** What `read` gives once it gives `want`, or after a second (a file handle closes on libuv's threads). */
async function settled<T>(read: () => T, want: T): Promise<T> {
  for (let i = 0; i < 100 && read() !== want; i++) await new Promise((r) => setTimeout(r, 10));
  return read();
}

/** An index of `bulk` papers sealed in bulk, then `live` unsealed and some removed: as a server holds one. */
function zipfIndex(pruneFrom: number): LexicalIndex {
  const index = new LexicalIndex(pruneFrom);
  index.beginBulk();
  for (const d of zipfDocs(3, 1, 30_000)) index.add(d);
  index.endBulk();
  for (const d of zipfDocs(4, 30_001, 600)) index.add(d); // an unsealed tail
  for (let rowid = 7; rowid <= 30_000; rowid += 101) index.remove(rowid);
  return index;
}

test('a snapshot keeps the segments\' window layouts on disk: the file is mapped only up to them, searches read them (none computed) and rank exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-layouts-'));
  try {
    assert.ok(memoryMap()?.mapFd, 'the native addon maps a file\'s first part (mapFd)');
    // one index that prunes (its snapshot keeps layouts), one that never does (and so has none): the same papers
    const pruned = zipfIndex(0);
    const exhaustive = zipfIndex(Number.POSITIVE_INFINITY);
    const path = join(dir, LEXICAL_SNAPSHOT_NAME);
    await writeLexicalSnapshot(path, { position: 1, state: pruned.exportState() });
    const state = (await readLexicalSnapshot(path)).state;
    const original = (pruned as unknown as { segments: PostingSegment[] }).segments;
    assert.equal(state.segments.length, original.length);
    assert.ok(state.segments.every((g) => g.layouts && g.layouts.terms.length > 0), 'every segment has layouts');
    // the layouts' records are the end of the file, and the process maps the file only up to them
    const size = statSync(path).size;
    const first = state.segments[0]!.layouts!;
    const records = state.segments.reduce((n, g) => n + g.layouts!.terms.length * layoutBytes(windowsIn(g)), 0);
    assert.ok(size - first.groups.offset >= records, 'the records lie after the first record offset');
    assert.equal(first.groups.starts.at(-1), records, 'the groups hold every record');
    assert.equal(mappedBytes(path), Math.ceil(first.groups.offset / 4096) * 4096, 'mapped: the snapshot without its layouts');
    const loaded = LexicalIndex.fromState(state, 0);
    const r = mulberry32(9);
    const word = () => `w${Math.floor(300 * r() ** 3).toString(36)}x`;
    for (let i = 0; i < 200; i++) {
      const q = query(Array.from({ length: 1 + Math.floor(r() * 8) }, word), { limit: [1, 10, 50][i % 3]!, ...(i % 7 === 0 ? { hasCode: true } : {}) });
      assert.deepEqual(loaded.search(q).hits.map((h) => [h.id, h.score]), exhaustive.search(q).hits.map((h) => [h.id, h.score]), JSON.stringify(q));
    }
    // (the unsealed tail's layouts are computed per query; that sealed segments compute none is windowTopK.test.ts's)
    const windows = (loaded as unknown as { windows: WindowScratch }).windows;
    assert.ok(windows.read > 50, `persisted layouts read: ${windows.read}`);
    assert.equal(mappedBytes(path), Math.ceil(first.groups.offset / 4096) * 4096, 'still none of the layouts mapped after the searches');
    assert.equal(openDescriptors(path), 1, 'one descriptor kept open for the reads');
    // saved again (as a server saves after changes): the records are copied from the open file, byte for byte
    const again = join(dir, 'again.snap');
    await writeLexicalSnapshot(again, { position: 2, state: loaded.exportState() });
    const recordsOf = (file: string, from: number) => readFileSync(file).subarray(from);
    const copied = (await readLexicalSnapshot(again)).state;
    assert.ok(recordsOf(again, copied.segments[0]!.layouts!.groups.offset).equals(recordsOf(path, first.groups.offset)), 'the same records');
    await LexicalIndex.fromState(copied, 0).close();
    await loaded.close();
    assert.equal(openDescriptors(path), 0, 'closed with the index');

    // a snapshot of segments without layouts loads as such (no file kept open), and a pruning index computes them
    // on first use (the lazy path)
    await writeLexicalSnapshot(path, { position: 1, state: exhaustive.exportState() });
    const bare = (await readLexicalSnapshot(path)).state;
    assert.ok(bare.segments.every((g) => g.layouts === undefined), 'no layouts saved, none loaded');
    assert.equal(openDescriptors(path), 0);
    const lazy = LexicalIndex.fromState(bare, 0);
    for (let i = 0; i < 60; i++) {
      const q = query(Array.from({ length: 2 + Math.floor(r() * 6) }, word));
      assert.deepEqual(lazy.search(q).hits.map((h) => [h.id, h.score]), exhaustive.search(q).hits.map((h) => [h.id, h.score]), JSON.stringify(q));
    }
    assert.ok((lazy as unknown as { windows: WindowScratch }).windows.made > 0, 'layouts computed on first use');

    // layouts that disagree with their segment (terms out of order, or past its terms) or with their groups (a
    // boundary moved, the sum kept) make the snapshot unusable: the good file's sections, one changed, checksummed anew
    await writeLexicalSnapshot(path, { position: 1, state: pruned.exportState() });
    const good = (await readLexicalSnapshot(path)).state;
    const g0 = good.segments[0]!;
    const whole = await readSnapshot<{ segmentBases: number[] }>(path, LEXICAL_SNAPSHOT_FORMAT);
    const termsAt = whole.sections.length - 3 - whole.meta.segmentBases.length * 7 + 6; // the first segment's layout terms
    const starts = Float64Array.from(g0.layouts!.groups.starts);
    starts[1]! += 4;
    const changes: [number, ArrayBufferView][] = [
      [termsAt, g0.layouts!.terms.slice().reverse()],
      [termsAt, Uint32Array.from([...g0.layouts!.terms.subarray(1), g0.termIds.length])],
      [whole.sections.length - 2, starts],
    ];
    for (const [at, section] of changes) {
      const bad = join(dir, 'bad.snap');
      const sections = whole.sections.map((x, i) => (i === at ? new Uint8Array(section.buffer, section.byteOffset, section.byteLength) : x));
      await writeSnapshot(bad, LEXICAL_SNAPSHOT_FORMAT, { meta: whole.meta, sections });
      await assert.rejects(readLexicalSnapshot(bad), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'corrupt');
      assert.equal(openDescriptors(bad), 0, 'an unusable snapshot leaves no descriptor open');
    }
    await LexicalIndex.fromState(good, 0).close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the snapshot file an index reads its layouts from is closed when the index is replaced or closed', async () => {
  const t = await testStore();
  try {
    const path = join(t.dir, 'search', LEXICAL_SNAPSHOT_NAME);
    mkdirSync(join(t.dir, 'search'));
    // a snapshot with layouts (of other papers: what matters here is the file's lifetime)
    await writeLexicalSnapshot(path, { position: 0, state: zipfIndex(0).exportState() });
    const a = synced(t.store, path);
    await a.current();
    assert.equal(a.loadedFrom, 'snapshot');
    assert.equal(openDescriptors(path), 1, 'kept open while the loaded index is in use');
    await a.rebuild(); // as when the change log was pruned past the index
    assert.equal(a.loadedFrom, 'database');
    assert.equal(await settled(() => openDescriptors(path), 0), 0, 'closed when the index was replaced');
    await writeLexicalSnapshot(path, { position: 0, state: zipfIndex(0).exportState() });
    const b = synced(t.store, path);
    await b.current();
    assert.equal(openDescriptors(path), 1);
    b.close();
    assert.equal(await settled(() => openDescriptors(path), 0), 0, 'closed with the synced index');
  } finally {
    t.cleanup();
  }
});
