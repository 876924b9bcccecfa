import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LexicalIndex, LexicalQuery } from '../../../src/search/lexical/lexicalIndex.ts';
import { LEXICAL_SNAPSHOT_FORMAT, LEXICAL_SNAPSHOT_NAME, readLexicalSnapshot } from '../../../src/search/lexical/lexicalSnapshot.ts';
import { IdList } from '../../../src/search/idList.ts';
import { SyncedIndex } from '../../../src/search/lexical/syncedIndex.ts';
import { SnapshotUnusable, writeSnapshot } from '../../../src/search/snapshotFile.ts';
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

      // the same snapshot marked as written by the previous format (3: the dictionary and ids as strings, no
      // segment maxima): this version does not read its sections as its own, it rebuilds
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
});
