import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localPaperId } from '../../src/model/paperId.ts';
import { searchPapers } from '../../src/search/searchPapers.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { testStore } from '../helpers/testApp.ts';

test('upsert inserts, recognizes unchanged, and updates in place', async () => {
  const { store, cleanup } = await testStore();
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

test('papers without an arXiv id get a stable local id from their title', async () => {
  const { store, cleanup } = await testStore();
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

test('a local paper that later arrives with an arXiv id keeps its votes and takes the arXiv id', async () => {
  const { store, cleanup } = await testStore();
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

test('votes keep the count exact: once per user, toggled, unknown paper refused', async () => {
  const { store, cleanup } = await testStore();
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

test('papers stored by the store are found by search; user input is never parsed as syntax', async () => {
  const { store, cleanup } = await testStore({ demo: true });
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

test('organizations list their papers', async () => {
  const { store, cleanup } = await testStore({ demo: true });
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

test('the revision changes on every committed write, and only then', async () => {
  const { store, cleanup } = await testStore();
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

test('a batch upsert logs and queues its new papers for search exactly as single upserts do, and leaves the triggers on', async () => {
  const { store, cleanup } = await testStore();
  try {
    const count = (sql: string) => store.db.prepare(sql).pluck().get() as number;
    const inputs = Array.from({ length: 50 }, (_, i) => ({ id: `2402.${String(i).padStart(5, '0')}`, title: `Batch paper ${i}` }));
    await store.papers.upsert({ id: '2402.99999', title: 'Single paper' });
    const results = await store.papers.upsertMany([...inputs, inputs[0]!, { ...inputs[1]!, title: 'Batch paper one, retitled' }]);
    assert.deepEqual(results.map((r) => r.status).slice(-3), ['new', 'unchanged', 'updated'], 'a paper met twice in a batch sees its first write');
    assert.equal(count('SELECT count(*) FROM papers'), 51);
    assert.equal(count("SELECT count(DISTINCT paper_rowid) FROM search_changes WHERE kind = 'upsert'"), 51);
    assert.equal(count("SELECT count(*) FROM search_queue WHERE task = 'embed'"), 51);
    assert.equal(count("SELECT count(*) FROM search_queue WHERE task = 'keywords'"), 51);
    assert.equal(count('SELECT count(*) FROM papers_bulk_write'), 0, 'the bulk marker never outlives its transaction');
    await assert.rejects(store.papers.upsertMany([...inputs.map((p) => ({ ...p, id: `x${p.id}`, arxivId: undefined })), { title: 'bad', abstract: {} as unknown as string }]));
    assert.equal(count('SELECT count(*) FROM papers_bulk_write'), 0, 'nor a failed batch');
    assert.equal(count('SELECT count(*) FROM papers'), 51, 'which stored nothing');
    const before = count('SELECT count(*) FROM search_changes');
    await store.papers.upsert({ id: '2402.88888', title: 'After the batch' });
    assert.equal(count('SELECT count(*) FROM search_changes'), before + 1, 'single writes still go through the triggers');
    const found = await searchPapers(createSearchContext(store), { q: 'retitled', mode: 'lexical', limit: 5 });
    assert.deepEqual(found.papers.map((p) => p.id), ['2402.00001']);
  } finally {
    cleanup();
  }
});
