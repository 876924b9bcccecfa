import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import { freshPgDatabase } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));

/** Runs `paperwire db copy --to url`; with `killAfter`, SIGKILLs it once that many batches of papers were reported. */
function copy(dir: string, url: string, killAfter?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'db', 'copy', '--to', url, '--batch-rows', '100'], {
    env: { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let paperBatches = 0;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    paperBatches += (String(d).match(/copying papers:/g) ?? []).length;
    if (killAfter !== undefined && paperBatches >= killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

test('db copy killed with SIGKILL mid-copy, run again: every table the same in PostgreSQL, nothing lost or doubled', { timeout: 300_000 }, async () => {
  const { store, dir, cleanup } = await testStore({ demo: true });
  const { url, drop } = await freshPgDatabase({ unmigrated: true });
  const target = new pg.Pool({ connectionString: url, max: 1 });
  try {
    // enough rows that the copy is many batches long, of everything an instance holds
    await store.papers.upsertMany(Array.from({ length: 3000 }, (_, i) => ({ arxivId: `2611.${String(i).padStart(5, '0')}`, title: `Moved paper ${i}`, abstract: `Text ${i}.`, authors: [`A ${i}`] })));
    const ids = (await store.searchIndex.queued('embed', 100_000)).map((q) => q);
    await store.searchIndex.useModel('m');
    await store.searchIndex.putVectors('m', ids.slice(0, 300).map((q, i) => ({ rowid: q.rowid, scale: i / 300, vector: new Int8Array([i % 127, -1, 2]) })));
    for (let u = 0; u < 40; u++) {
      const account = (await store.accounts.create({ username: `mover${u}`, email: `mover${u}@example.org`, passwordHash: 'scrypt$x', verified: true })) as { id: number };
      await store.accounts.createSession(`session-${u}`, account.id, '2099-01-01T00:00:00.000Z');
      for (let k = 0; k < 10; k++) await store.votes.set(account.id, ids[(u * 10 + k) % ids.length]!.id, true);
      await store.comments.add({ paperId: ids[u]!.id, userId: account.id, body: `Comment ${u}` });
      const sub = await store.subscribers.ensure(`mover${u}@example.org`, 'weekly', account.id);
      await store.digestSends.record([{ subscriberId: sub.id, period: '2026-W49', messageId: `<m${u}@example.org>`, subject: 'Weekly', paperIds: [ids[u]!.id], hitIds: [] }]);
      const collection = (await store.personal.createCollection(account.id, { name: `Reading ${u}` })) as { id: number };
      await store.personal.addItem(collection.id, ids[u + 1]!.id, 'later');
    }
    await store.ingest.commit('api', [], 'cursor-7');
    store.close();

    const killed = await copy(dir, url, 5);
    assert.equal(killed.signal, 'SIGKILL', `the first copy was killed mid-way: ${killed.stderr}`);
    const partial = Number((await target.query('SELECT count(*) AS n FROM papers')).rows[0].n);
    assert.ok(partial > 0 && partial < 3000, `killed part-way through papers (${partial} copied)`);

    const done = await copy(dir, url);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /\(resumed\); every count matches/);

    // every table's count, checked here against the source rather than trusting the copy's own report
    const source = openDatabase(join(dir, 'paperwire.db'), { readonly: true });
    try {
      const tables = [...done.stdout.matchAll(/^(\w+)\s+(\d+)$/gm)].map((m) => m[1]!);
      for (const t of ['papers', 'users', 'sessions', 'upvotes', 'comments', 'subscribers', 'digest_sends', 'collections', 'collection_items', 'ingest_cursors', 'paper_vectors', 'search_queue']) {
        assert.ok(tables.includes(t), `${t} was copied`);
      }
      for (const t of tables) {
        const want = (source.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
        const got = Number((await target.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
        assert.equal(got, want, `${t}: ${want} rows in SQLite, ${got} in PostgreSQL`);
      }
      // contents: the same rows, not merely as many
      const same = async (sql: string) => {
        const a = (source.prepare(sql).all() as Record<string, unknown>[]).map((r) => JSON.stringify(Object.values(r).map(String)));
        const b = (await target.query(sql)).rows.map((r: Record<string, unknown>) => JSON.stringify(Object.values(r).map(String)));
        assert.deepEqual(b, a, sql);
      };
      await same('SELECT rowid, id, title, abstract, authors, upvotes FROM papers ORDER BY rowid');
      await same('SELECT user_id, paper_rowid FROM upvotes ORDER BY user_id, paper_rowid');
      await same('SELECT id, user_id, body FROM comments ORDER BY id');
      await same('SELECT subscriber_id, period, message_id FROM digest_sends ORDER BY id');
      await same('SELECT paper_rowid, scale FROM paper_vectors ORDER BY paper_rowid');
      await same('SELECT source, cursor FROM ingest_cursors ORDER BY source');
    } finally {
      source.close();
    }
  } finally {
    await target.end();
    cleanup();
    await drop();
  }
});
