import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { copySqliteToPostgres as copyToPostgres } from '../../src/storage/copyInstance.ts';
import { openPgStore } from '../../src/storage/postgres/pgStore.ts';
import { freshPgDatabase } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

test('db copy moves a SQLite instance into an empty PostgreSQL database: interrupted, resumed, every count checked, nothing lost', async () => {
  const { store, dir, cleanup } = await testStore({ demo: true });
  const { url, drop } = await freshPgDatabase({ unmigrated: true });
  try {
    // what an instance holds besides papers: accounts, sessions, votes, comments, a subscription, a collection,
    // an ingest cursor, vectors
    const ada = (await store.accounts.create({ username: 'Ada', email: 'ada@example.org', passwordHash: 'scrypt$x', verified: true })) as { id: number };
    await store.accounts.createSession('session-hash', ada.id, '2099-01-01T00:00:00.000Z');
    const paper = (await store.daily.list({ from: '0000-01-01', to: '9999-12-31' }, 'upvotes', { limit: 1, offset: 0 })).entries[0]!.paper;
    await store.votes.set(ada.id, paper.id, true);
    await store.comments.add({ paperId: paper.id, userId: ada.id, body: 'Worth reading.' });
    await store.subscribers.ensure('ada@example.org', 'weekly', ada.id);
    await store.personal.createCollection(ada.id, { name: 'To read' });
    await store.ingest.commit('api', [], 'cursor-42');
    await store.searchIndex.useModel('m');
    const [queued] = await store.searchIndex.queued('embed', 1);
    await store.searchIndex.putVectors('m', [{ rowid: queued!.rowid, scale: 0.25, vector: new Int8Array([1, -2, 3]) }]);
    const papers = await store.papers.count();
    store.close();

    // a copy that dies after a few batches (as after kill -9: each batch commits with its position), then resumes
    let batches = 0;
    await assert.rejects(copyToPostgres(join(dir, 'paperwire.db'), url, { batchRows: 40, onBatch: () => { if (++batches === 6) throw new Error('killed'); } }), /killed/);
    const report = await copyToPostgres(join(dir, 'paperwire.db'), url, { batchRows: 40 });
    assert.equal(report.resumed, true);
    assert.equal(report.tables.find((t) => t.name === 'papers')?.rows, papers);

    const pgStore = await openPgStore(url);
    try {
      assert.equal(await pgStore.papers.count(), papers);
      assert.equal((await pgStore.accounts.sessionAccount('session-hash', new Date().toISOString()))?.username, 'Ada', 'the session still signs Ada in');
      assert.equal((await pgStore.papers.get(paper.id))!.upvotes, paper.upvotes + 1);
      assert.deepEqual((await pgStore.accounts.upvotedPapers(ada.id, { limit: 5, offset: 0 })).map((p) => p.id), [paper.id]);
      assert.deepEqual((await pgStore.comments.forPaper(paper.id)).map((c) => c.body), ['Worth reading.']);
      assert.equal((await pgStore.subscribers.byEmail('ada@example.org'))?.frequency, 'weekly');
      assert.ok((await pgStore.personal.collectionsOf(ada.id)).some((c) => c.name === 'To read'));
      assert.equal(await pgStore.ingest.cursor('api'), 'cursor-42');
      const [v] = await pgStore.searchIndex.vectors('m', 0, 10);
      assert.deepEqual([...v!.vector], [1, -2, 3]);
      assert.equal(await pgStore.searchIndex.queuedCount('embed'), papers - 1, 'the work queue is the source’s, not one the copy made');
      // new rows get fresh ids after the copied ones
      const bob = await pgStore.accounts.create({ username: 'bob', email: 'bob@example.org', passwordHash: 'scrypt$y' });
      assert.ok(typeof bob === 'object' && bob.id > ada.id);
      assert.equal((await pgStore.papers.upsert({ arxivId: '2612.99999', title: 'After the move' })).status, 'new');
    } finally {
      await pgStore.closed();
    }
    const saved = { ...process.env };
    const write = process.stderr.write.bind(process.stderr);
    try {
      process.stderr.write = (() => true) as typeof process.stderr.write;
      process.env.PAPERWIRE_DATA_DIR = dir;
      assert.equal(await main(['db', 'copy', '--to', 'mysql://x']), 2, 'a target that is not PostgreSQL is refused');
      assert.equal(await main(['db', 'copy', '--to', url]), 2, 'a target that already holds papers is refused');
    } finally {
      process.stderr.write = write;
      process.env = saved;
    }
  } finally {
    cleanup();
    await drop();
  }
});
