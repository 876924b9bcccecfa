import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localPaperId } from '../../src/model/paperId.ts';
import { searchPapers } from '../../src/search/searchPapers.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

forEachBackend((backend) => {
  test(`upsert inserts, recognizes unchanged, and updates in place (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const input = { id: '2401.01234', title: 'Tiny  Models', abstract: 'About small models.', authors: ['Ada Lovelace', 'Alan Turing'], publishedAt: '2024-01-02', categories: ['cs.LG'] };
      assert.deepEqual(await store.papers.upsert(input), { id: '2401.01234', status: 'new' });
      assert.deepEqual(await store.papers.upsert(input), { id: '2401.01234', status: 'unchanged' });
      assert.equal((await store.papers.upsert({ ...input, abstract: 'About smaller models.', version: 2 })).status, 'updated');
      const p = await store.papers.get('2401.01234');
      assert.equal(p?.abstract, 'About smaller models.');
      assert.deepEqual(p?.authors, ['Ada Lovelace', 'Alan Turing']);
      assert.equal(p?.arxivId, '2401.01234');
      assert.equal(p?.authorCount, 2);
      assert.equal((await store.papers.upsert({ ...input, abstract: 'older text', version: 1 })).status, 'unchanged', 'an older version never overwrites a newer one');
      assert.equal(await store.papers.count(), 1);
    } finally {
      cleanup();
    }
  });

  test(`papers without an arXiv id get a stable local id from their title (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const { id } = await store.papers.upsert({ title: 'A Paper Without Id' });
      assert.equal(id, localPaperId('a paper  without id!'));
      assert.match(id, /^pw-[0-9a-f]{12}$/);
      assert.equal((await store.papers.upsert({ title: 'A Paper Without Id' })).status, 'unchanged');
      assert.deepEqual(await store.papers.upsert({ title: 'A paper without ID' }), { id, status: 'updated' }, 'a re-cased title is the same paper');
      assert.equal(await store.papers.count(), 1);
    } finally {
      cleanup();
    }
  });

  test(`a local paper that later arrives with an arXiv id keeps its votes and takes the arXiv id (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const { id: localId } = await store.papers.upsert({ title: 'Shared Title', baseUpvotes: 3 });
      const user = await store.users.ensure({ username: 'ada' });
      await store.votes.set(user.id, localId, true);
      const res = await store.papers.upsert({ id: '2501.00001', title: 'Shared Title', abstract: 'Now with an abstract.' });
      assert.deepEqual(res, { id: '2501.00001', status: 'updated' });
      assert.equal(await store.papers.get(localId), undefined);
      const p = await store.papers.get('2501.00001');
      assert.equal(p?.upvotes, 4);
      assert.equal(await store.papers.count(), 1);
    } finally {
      cleanup();
    }
  });

  test(`votes keep the count exact: once per user, toggled, unknown paper refused (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const { id } = await store.papers.upsert({ id: '2401.00002', title: 'Votes', baseUpvotes: 10 });
      const a = await store.users.ensure({ username: 'a' });
      const b = await store.users.ensure({ username: 'b' });
      assert.equal((await store.votes.set(a.id, id, true)).upvotes, 11);
      assert.equal((await store.votes.set(a.id, id, true)).upvotes, 11, 'a second upvote by the same user counts once');
      assert.equal((await store.votes.set(b.id, id, true)).upvotes, 12);
      assert.equal((await store.votes.set(a.id, id, false)).upvotes, 11);
      assert.equal((await store.votes.set(a.id, id, false)).upvotes, 11);
      assert.deepEqual([...(await store.votes.votedOn(b.id, [id, 'x']))], [id]);
      await assert.rejects(store.votes.set(a.id, '9999.99999', true), /no paper/);
      await store.papers.upsert({ id: '2401.00002', title: 'Votes', baseUpvotes: 20 });
      assert.equal((await store.papers.get(id))?.upvotes, 21, 'a new base count from a source keeps the user votes on top');
    } finally {
      cleanup();
    }
  });

  test(`papers stored by the store are found by search; user input is never parsed as syntax (${backend})`, async () => {
    const { store, cleanup } = await testStore({ demo: true, backend });
    try {
    const search = (q: string) => searchPapers(createSearchContext(store), { q, mode: 'lexical', limit: 5 });
      const { papers, total } = await search('crowd counting');
      assert.ok(total >= 1);
      assert.match(papers[0]!.title, /Crowd Counting/i);
      for (const q of ['"unbalanced', 'NEAR(a b)', 'title:x OR', '*', '-', 'AND OR NOT', '\u0000', '😀']) await search(q);
      assert.equal((await search('   ')).total, 0);
      const { id } = await store.papers.upsert({ title: 'Zygomorphic Quokka Tessellations' });
      assert.deepEqual((await search('quokka')).papers.map((p) => p.id), [id], 'a new paper is found at once');
    } finally {
      cleanup();
    }
  });

  test(`organizations list their papers (${backend})`, async () => {
    const { store, cleanup } = await testStore({ demo: true, backend });
    try {
      const org = await store.organizations.get('kyutai');
      assert.equal(org?.fullname, 'Kyutai');
      const { papers, total } = await store.papers.listByOrganization('kyutai', { limit: 10, offset: 0 });
      assert.equal(total, papers.length);
      assert.ok(papers.some((p) => p.title.startsWith('ARC-Encoder')));
    } finally {
      cleanup();
    }
  });

  test(`the revision changes on every committed write, and only then (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const r0 = store.revision();
      assert.equal(store.revision(), r0);
      await store.papers.upsert({ title: 'Revision' });
      const r1 = store.revision();
      assert.notEqual(r1, r0);
      await store.papers.upsert({ title: 'Revision' });
      assert.equal(store.revision(), r1, 'an unchanged upsert writes nothing');
    } finally {
      cleanup();
    }
  });

  test(`a batch upsert logs and queues its new papers for search exactly as single upserts do (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const upserted = async () => new Set((await store.lexical.changesSince(0, 10_000)).filter((c) => c.kind === 'upsert').map((c) => c.rowid)).size;
      const inputs = Array.from({ length: 50 }, (_, i) => ({ id: `2402.${String(i).padStart(5, '0')}`, title: `Batch paper ${i}` }));
      await store.papers.upsert({ id: '2402.99999', title: 'Single paper' });
      const results = await store.papers.upsertMany([...inputs, inputs[0]!, { ...inputs[1]!, title: 'Batch paper one, retitled' }]);
      assert.deepEqual(results.map((r) => r.status).slice(-3), ['new', 'unchanged', 'updated'], 'a paper met twice in a batch sees its first write');
      assert.equal(await store.papers.count(), 51);
      assert.equal(await upserted(), 51);
      assert.equal(await store.searchIndex.queuedCount('embed'), 51);
      assert.equal(await store.searchIndex.queuedCount('keywords'), 51);
      // A value the database itself refuses, last in the batch (SQLite binds no objects; PostgreSQL takes no fractional integers).
      const refused = backend === 'sqlite' ? { title: 'bad', abstract: {} as unknown as string } : { title: 'bad', githubStars: 1.5 };
      await assert.rejects(store.papers.upsertMany([...inputs.map((p) => ({ ...p, id: `x${p.id}`, arxivId: undefined })), refused]));
      assert.equal(await store.papers.count(), 51, 'a failed batch stores nothing');
      assert.equal(await store.searchIndex.queuedCount('embed'), 51, 'and queues nothing');
      const before = await store.lexical.lastChange();
      await store.papers.upsert({ id: '2402.88888', title: 'After the batch' });
      const after = await store.lexical.changesSince(before, 10);
      assert.deepEqual(after.map((c) => [c.kind, c.doc?.id]), [['upsert', '2402.88888']], 'single writes still go through the triggers');
    const found = await searchPapers(createSearchContext(store), { q: 'retitled', mode: 'lexical', limit: 5 });
      assert.deepEqual(found.papers.map((p) => p.id), ['2402.00001']);
    } finally {
      cleanup();
    }
  });

  test(`a changed title or abstract clears the summary and queues the paper again; votes are logged as votes (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.papers.upsert({ id: '2403.00001', title: 'Summarized', abstract: 'First text.' });
      const [queued] = await store.searchIndex.queued('embed', 10);
      await store.searchIndex.putVectors('m', [{ rowid: queued!.rowid, scale: 0.5, vector: new Int8Array([1, -2, 3]) }]);
      await store.searchIndex.putKeywords([{ rowid: queued!.rowid, keywords: ['k'] }]);
      await store.searchIndex.putSummary(queued!.rowid, 'A summary.');
      assert.equal((await store.papers.get('2403.00001'))?.aiSummary, 'A summary.');
      assert.equal(await store.searchIndex.queuedCount('embed'), 0);
      const [v] = await store.searchIndex.vectors('m', 0, 10);
      assert.deepEqual([...v!.vector], [1, -2, 3]);
      assert.equal(v!.scale, 0.5);
      await store.papers.upsert({ id: '2403.00001', title: 'Summarized', abstract: 'Second text.' });
      assert.equal((await store.papers.get('2403.00001'))?.aiSummary, undefined, 'the summary described the old text');
      assert.equal(await store.searchIndex.queuedCount('embed'), 1);
      const seq = await store.lexical.lastChange();
      const user = await store.users.ensure({ username: 'voter' });
      await store.votes.set(user.id, '2403.00001', true);
      assert.deepEqual((await store.lexical.changesSince(seq, 10)).map((c) => c.kind), ['votes']);
    } finally {
      cleanup();
    }
  });

  test(`concurrent writers keep counts exact and positions distinct (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.papers.upsertMany(Array.from({ length: 20 }, (_, i) => ({ id: `2404.${String(i).padStart(5, '0')}`, title: `Concurrent ${i}` })));
      const users = await Promise.all(Array.from({ length: 20 }, (_, i) => store.users.ensure({ username: `u${i}` })));
      await Promise.all(users.map((u) => store.votes.set(u.id, '2404.00000', true)));
      assert.equal((await store.papers.get('2404.00000'))?.upvotes, 20);
      await Promise.all(users.map((u) => store.comments.add({ paperId: '2404.00001', userId: u.id, body: `hi from ${u.username}` })));
      assert.equal((await store.papers.get('2404.00001'))?.numComments, 20);
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.daily.feature(`2404.${String(i).padStart(5, '0')}`, '2026-12-01')));
      const { entries } = await store.daily.list({ from: '2026-12-01', to: '2026-12-01' }, 'date', { limit: 50, offset: 0 });
      assert.equal(new Set(entries.map((e) => e.position)).size, 20, 'each featured paper took its own position');
      await Promise.all(Array.from({ length: 10 }, () => store.papers.upsert({ title: 'Same new local paper' })));
      assert.equal((await store.papers.count()), 21, 'ten racing inserts of one paper made one');
      const waits = await Promise.all(Array.from({ length: 5 }, () => store.ingest.reserveSlot('arxiv', 1000, 1_000_000)));
      assert.deepEqual(waits.sort((a, b) => a - b), [0, 1000, 2000, 3000, 4000], 'the request gate hands out one slot per caller');
      const leases = await Promise.all(['a', 'b', 'c'].map((h) => store.jobLeases.acquire('job', h, 60_000)));
      assert.equal(leases.filter(Boolean).length, 1, 'one holder gets the lease');
      const changes = await store.lexical.changesSince(0, 10_000);
      assert.deepEqual(changes.map((c) => c.seq), [...changes.map((c) => c.seq)].sort((a, b) => a - b));
    } finally {
      cleanup();
    }
  });
});

test('the SQLite bulk-write marker never outlives its transaction, nor a failed batch (SQLite only: PostgreSQL logs bulk inserts by statement triggers)', async () => {
  const { store, cleanup } = await testStore();
  try {
    const marker = () => store.db.prepare('SELECT count(*) FROM papers_bulk_write').pluck().get() as number;
    const inputs = Array.from({ length: 50 }, (_, i) => ({ id: `2402.${String(i).padStart(5, '0')}`, title: `Batch paper ${i}` }));
    await store.papers.upsertMany(inputs);
    assert.equal(marker(), 0);
    await assert.rejects(store.papers.upsertMany([...inputs.map((p) => ({ ...p, id: `x${p.id}`, arxivId: undefined })), { title: 'bad', abstract: {} as unknown as string }]));
    assert.equal(marker(), 0);
  } finally {
    cleanup();
  }
});
