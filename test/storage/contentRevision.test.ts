import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { QUIET_TABLES } from '../../src/storage/migrations/019-content-revision.ts';
import type { Store } from '../../src/storage/store.ts';
import { forEachBackend, noticedBy, twoStores } from '../helpers/backends.ts';

/** The three revisions a reader sees, after letting another process's notifications arrive (PostgreSQL). */
async function revisions(store: Store) {
  if ('pg' in store) await new Promise((r) => setTimeout(r, 150));
  return { any: store.revision(), content: store.revision('content'), lists: store.revision('lists') };
}

const vector = (seed: number) => Int8Array.from({ length: 8 }, (_, i) => ((seed * 31 + i * 7) % 200) - 100);

forEachBackend((backend) => {
  test(`search bookkeeping moves only the plain revision; keywords move content, not lists; papers move all three, in this process and another (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      await noticedBy(b, () => a.papers.upsert({ id: '2401.00001', title: 'Quantized transformers', abstract: 'Four-bit weights.' }));
      const rowid = (await a.searchIndex.queued('embed', 10))[0]!.rowid;
      for (const reader of [a, b]) {
        // vectors and the queue rows they empty: what a background embedding batch commits
        const before = await revisions(reader);
        await noticedBy(b, () => a.searchIndex.putVectors('test-model', [{ rowid, scale: 0.01, vector: vector(1) }]));
        const afterVectors = await revisions(reader);
        assert.notEqual(afterVectors.any, before.any, 'search indexes must still see vectors move');
        assert.equal(afterVectors.content, before.content, 'vectors are not content');
        assert.equal(afterVectors.lists, before.lists, 'vectors are not in lists');

        // a job lease taken and released: bookkeeping too
        await noticedBy(b, async () => {
          assert.ok(await a.jobLeases.acquire(`job-${reader === a ? 'a' : 'b'}`, 'holder', 60_000));
          await a.jobLeases.release(`job-${reader === a ? 'a' : 'b'}`, 'holder');
        });
        const afterLease = await revisions(reader);
        assert.equal(afterLease.content, before.content, 'job leases are not content');

        // keywords: a paper's page shows them, no list does
        await noticedBy(b, () => a.searchIndex.putKeywords([{ rowid, keywords: [`kw${Math.random()}`] }]));
        const afterKeywords = await revisions(reader);
        assert.notEqual(afterKeywords.content, afterLease.content, 'keywords are content');
        assert.equal(afterKeywords.lists, afterLease.lists, 'keywords are not in lists');

        // a paper's title: everything moves
        await noticedBy(b, () => a.papers.upsert({ id: '2401.00001', title: `Quantized transformers ${Math.random()}`, abstract: 'Four-bit weights.' }));
        const afterTitle = await revisions(reader);
        assert.notEqual(afterTitle.lists, afterKeywords.lists, 'a title change is in lists');
        assert.notEqual(afterTitle.content, afterKeywords.content, 'a title change is content');
      }
      // a bulk import (the bulk path skips the per-row triggers and moves the counters once)
      const before = await revisions(b);
      const many = Array.from({ length: 40 }, (_, i) => ({ id: `2402.${String(i).padStart(5, '0')}`, title: `Paper ${i}`, abstract: 'Text.' }));
      await noticedBy(b, () => a.papers.upsertMany(many));
      const after = await revisions(b);
      assert.notEqual(after.lists, before.lists, 'a bulk import is in lists');
      assert.notEqual(after.content, before.content, 'a bulk import is content');
    } finally {
      await cleanup();
    }
  });
});

test('every SQLite table but the search bookkeeping has content-revision triggers (a new table must add them)', () => {
  const store = openSqliteStore(':memory:', { migrate: true });
  try {
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const triggered = new Set(store.db.prepare("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%content_revision%'").pluck().all() as string[]);
    const missing = tables.filter((t) => !QUIET_TABLES.includes(t) && !triggered.has(t));
    assert.deepEqual(missing, [], `tables pages may show without content-revision triggers: ${missing.join(', ')}`);
  } finally {
    store.close();
  }
});
