import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnknownPaperError } from '../../src/storage/storeErrors.ts';
import { forEachBackend, rawValue } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

forEachBackend((backend) => {
  test(`concurrent votes count once each, move the revision and log a votes change; an unknown paper is refused (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.papers.upsert({ arxivId: '2601.00001', title: 'Voted on', baseUpvotes: 5 });
      const users = await Promise.all(Array.from({ length: 40 }, (_, i) => store.users.ensure({ username: `voter${i}` })));
      const changesBefore = Number(await rawValue(store, "SELECT count(*) FROM search_changes WHERE kind = 'votes'"));
      const revision = store.revision();
      await Promise.all(users.map((u) => store.votes.set(u.id, '2601.00001', true)));
      assert.notEqual(store.revision(), revision, 'a vote moves the revision (page caches are emptied)');
      // every vote again, concurrently: nothing counts twice
      const again = await Promise.all(users.map((u) => store.votes.set(u.id, '2601.00001', true)));
      assert.ok(again.every((r) => r.upvoted && r.upvotes === 45), 'a repeated vote answers the count as it is');
      const down = await Promise.all(users.slice(0, 10).map((u) => store.votes.set(u.id, '2601.00001', false)));
      assert.equal(Math.min(...down.map((r) => r.upvotes)), 35);
      assert.equal((await store.papers.get('2601.00001'))!.upvotes, 35);
      assert.equal(Number(await rawValue(store, 'SELECT count(*) FROM upvotes')), 30);
      assert.ok(Number(await rawValue(store, "SELECT count(*) FROM search_changes WHERE kind = 'votes'")) > changesBefore, 'the search change log hears of votes');
      assert.deepEqual(await store.votes.votedOn(users[20]!.id, ['2601.00001']), new Set(['2601.00001']));
      await assert.rejects(store.votes.set(users[0]!.id, 'nope', true), UnknownPaperError);
    } finally {
      cleanup();
    }
  });
});
