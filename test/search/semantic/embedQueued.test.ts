import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { embedQueued } from '../../../src/search/semantic/embedQueued.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/sqliteStore.ts';
import { hashEmbedder } from './hashEmbedder.ts';

test('the embedding loop reports after each batch the papers embedded and those still queued, counted once and then estimated, down to 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-test-'));
  const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
  try {
    for (let i = 1; i <= 10; i++) await store.papers.upsert({ id: `2401.${String(i).padStart(5, '0')}`, title: `Paper ${i} on sparse attention`, abstract: `Variant ${i}.` });
    const reports: [number, number][] = [];
    const done = await embedQueued(store, hashEmbedder(), { batch: 3, afterBatch: (n, left) => void reports.push([n, left]) });
    assert.equal(done, 10);
    assert.deepEqual(reports, [[3, 7], [6, 4], [9, 1], [10, 0]]);
    assert.equal(await store.searchIndex.queuedCount('embed'), 0, 'the estimate ended where the queue did');
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
