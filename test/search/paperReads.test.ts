import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paperReads } from '../../src/search/paperReads.ts';
import { testStore } from '../helpers/testApp.ts';

test('a search reads each paper once: a paper already read is served as read, the rest from the store, in the order asked', async () => {
  const kit = await testStore({ demo: true });
  try {
    const ids = (kit.store.db.prepare('SELECT id FROM papers ORDER BY rowid LIMIT 3').pluck().all() as string[]);
    const [a, b, c] = ids as [string, string, string];
    const reads = paperReads(kit.store);
    const first = await reads([a, b]);
    assert.deepEqual(first.map((p) => p.id), [a, b]);
    // the row changes in the store; the search's second read still sees the row it read (no second read of it)
    kit.store.db.prepare('UPDATE papers SET title = ? WHERE id = ?').run('A title changed meanwhile', a);
    const second = await reads([c, 'no-such-paper', a]);
    assert.deepEqual(second.map((p) => p.id), [c, a]);
    assert.equal(second[1], first[0]);
    assert.notEqual(second[1]!.title, 'A title changed meanwhile');
    // a fresh search reads the row again
    assert.equal((await paperReads(kit.store)([a]))[0]!.title, 'A title changed meanwhile');
  } finally {
    kit.cleanup();
  }
});
