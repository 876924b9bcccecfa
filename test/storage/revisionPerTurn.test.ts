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
    const r0 = server.revision('content');
    await server.papers.upsert({ title: 'Written by the server' });
    const r1 = server.revision('content');
    assert.notEqual(r1, r0, 'its own write changes the revision at once');

    const e0 = exact.revision('content');
    await other.papers.upsert({ title: 'Written by another process' });
    assert.notEqual(exact.revision('content'), e0, 'a store without the option checks on every call');
    assert.equal(server.revision('content'), r1, 'within the turn, the check is not repeated');
    await nextTurn();
    const r2 = server.revision('content');
    assert.notEqual(r2, r1, 'the next turn sees the other connection’s commit');
    await nextTurn();
    assert.equal(server.revision('content'), r2, 'and nothing else changes it');
  } finally {
    other.close();
    exact.close();
    server.close();
    cleanup();
  }
});

test('the unscoped revision of background followers always checks, and a check it made is not kept for the turn’s page requests', async () => {
  const { dir, cleanup } = tempDir();
  const server = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true, revisionPerTurn: true });
  const other = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    await nextTurn();
    // a follower's timer reads the revision, then (while the server waits for requests) another server commits
    const page = server.revision('content');
    await nextTurn();
    const followed = server.revision();
    await other.papers.upsert({ title: 'A vote’s worth of change on another server' });
    assert.notEqual(server.revision(), followed, 'the unscoped revision checks on every call');
    assert.notEqual(server.revision('content'), page, 'the page request of the same turn sees the commit');
  } finally {
    other.close();
    server.close();
    cleanup();
  }
});
