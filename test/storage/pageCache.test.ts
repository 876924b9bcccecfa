import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_PAGE_CACHE_MB } from '../../src/storage/database.ts';
import { openStore, SERVE_PAGE_CACHE_MB } from '../../src/storage/openStore.ts';
import type { SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { tempDir } from '../helpers/testApp.ts';

test("a SQLite connection's page cache is the size its opener asks for: small for the server, large for imports", async () => {
  const { dir, cleanup } = tempDir();
  try {
    const config = { databasePath: join(dir, 'paperwire.db'), databaseUrl: undefined };
    const served = (await openStore(config, { migrate: true, pageCacheMb: SERVE_PAGE_CACHE_MB })) as SqliteStore;
    const plain = (await openStore(config)) as SqliteStore;
    try {
      // SQLite's negative cache_size is in KiB
      assert.equal(served.db.pragma('cache_size', { simple: true }), -SERVE_PAGE_CACHE_MB * 1024);
      assert.equal(plain.db.pragma('cache_size', { simple: true }), -DEFAULT_PAGE_CACHE_MB * 1024);
      assert.ok(SERVE_PAGE_CACHE_MB < DEFAULT_PAGE_CACHE_MB);
      assert.equal(await served.papers.count(), 0, 'the small cache serves reads');
    } finally {
      served.close();
      plain.close();
    }
  } finally {
    cleanup();
  }
});
