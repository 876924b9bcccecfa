// SQLite-only: revisionPerTurn reads SQLite's data_version once per event-loop turn; PostgreSQL's revision follows its NOTIFYs (test/storage/papers.test.ts, test/e2e/severalServers.test.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { tempDir } from '../helpers/testApp.ts';

const nextTurn = () => new Promise((r) => setImmediate(r));

test("a per-turn revision sees its own writes at once and another connection's from the next event-loop turn", async () => {
  const { dir, cleanup } = tempDir();
  const server = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true, revisionPerTurn: true });
  const exact = openSqliteStore(join(dir, 'paperwire.db'));
  const other = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    await nextTurn();
    const r0 = server.revision();
    await server.papers.upsert({ title: 'Written by the server' });
    const r1 = server.revision();
    assert.notEqual(r1, r0, 'its own write changes the revision at once');

    const e0 = exact.revision();
    await other.papers.upsert({ title: 'Written by another process' });
    assert.notEqual(exact.revision(), e0, 'a store without the option checks on every call');
    assert.equal(server.revision(), r1, 'within the turn, the check is not repeated');
    await nextTurn();
    const r2 = server.revision();
    assert.notEqual(r2, r1, 'the next turn sees the other connection’s commit');
    await nextTurn();
    assert.equal(server.revision(), r2, 'and nothing else changes it');
  } finally {
    other.close();
    exact.close();
    server.close();
    cleanup();
  }
});
