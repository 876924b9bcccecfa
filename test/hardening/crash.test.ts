import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../bench/lib/serverProcess.ts';
import { createApiToken, signUp } from '../../src/community/accounts.ts';
import type { CommunityDeps } from '../../src/community/communityDeps.ts';
import { loadConfig } from '../../src/config/config.ts';
import { loadDemoCorpus } from '../../src/ingest/demoCorpus.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import type { SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import type { Store } from '../../src/storage/store.ts';
import { forEachBackend, rawRows, rawValue, type Backend } from '../helpers/backends.ts';
import { storeEnv, testStore } from '../helpers/testApp.ts';
import { rng } from './fuzzInputs.ts';

const BIN = join(import.meta.dirname, '../../bin/paperwire.mjs');
const SECRET = 'crash-test-secret-'.repeat(3);
const JOB_KILLS = Number(process.env.PAPERWIRE_CRASH_JOB_KILLS ?? 4);
// PostgreSQL's files are the server's own (a killed client cannot tear them): fewer server kills there, for suite time.
const serverKills = (backend: Backend) => Number(process.env.PAPERWIRE_CRASH_SERVER_KILLS ?? (backend === 'sqlite' ? 12 : 4));
const kills: Record<Backend, number> = { sqlite: 0, postgres: 0 };

/** The invariants every crash must leave: a sound file (SQLite), counters equal to their rows, no paper twice. */
async function checkDatabase(store: Store): Promise<number> {
  if ('db' in store) {
    const { db } = store as SqliteStore;
    assert.equal(db.prepare('PRAGMA integrity_check').pluck().get(), 'ok');
    assert.equal(db.prepare('PRAGMA foreign_key_check').all().length, 0);
  }
  const drift = await rawRows(store, `SELECT p.id FROM papers p
    WHERE p.upvotes <> p.base_upvotes + (SELECT count(*) FROM upvotes v WHERE v.paper_rowid = p.rowid)`);
  assert.deepEqual(drift, [], 'every paper counts exactly its votes');
  const comments = await rawRows(store, `SELECT p.id FROM papers p WHERE p.num_comments <>
    (SELECT count(*) FROM comments c WHERE c.paper_rowid = p.rowid AND c.hidden_at IS NULL AND c.deleted_at IS NULL)`);
  assert.deepEqual(comments, [], 'every paper counts exactly its comments');
  assert.equal(Number(await rawValue(store, 'SELECT count(*) FROM (SELECT arxiv_id FROM papers WHERE arxiv_id IS NOT NULL GROUP BY arxiv_id HAVING count(*) > 1) twice')), 0, 'no paper twice');
  return Number(await rawValue(store, 'SELECT count(*) FROM papers'));
}

forEachBackend((backend) => {

  test(`crash: kill -9 the server ${serverKills(backend)} times under votes and comments; every acknowledged write survives, counts exact (${backend})`, async () => {
    const kit = await testStore({ backend });
    const { store } = kit;
    const config = { ...loadConfig({ ...storeEnv(kit), PAPERWIRE_SCRYPT_COST: '14' }), secret: SECRET };
    await loadDemoCorpus(store);
    const cd: CommunityDeps = { store, config, log: createLogger('silent'), mailer: createMailer(config, createLogger('silent')), today: () => '2026-11-23' };
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      const account = await signUp(cd, { username: `crash${i}`, email: `crash${i}@example.org`, password: 'correct horse battery' }, { verified: true, skipMail: true });
      tokens.push((await createApiToken(cd, account!, 'crash')).secret);
    }
    const papers = (await rawRows<{ id: string }>(store, 'SELECT id FROM papers ORDER BY rowid LIMIT 8')).map((p) => p.id);

    const votes = new Map<string, { acked?: boolean; pending: Set<boolean> }>(); // user|paper → last acknowledged state, states in flight
    const ackedComments = new Set<string>();
    const voting = new Set<string>(); // user|paper with a vote request in flight
    const r = rng(9);
    let serial = 0;
    try {
      for (let round = 0; round < serverKills(backend); round++) {
        const server = await startServer(kit.dir, { ...storeEnv(kit), PAPERWIRE_SECRET: SECRET, PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_WRITE_RATE_LIMIT: '1000000', PAPERWIRE_SEMANTIC: 'false' });
        let stop = false;
        const worker = async () => {
          while (!stop) {
            const u = r.int(tokens.length);
            const paper = r.pick(papers);
            const headers = { Authorization: `Bearer ${tokens[u]}`, 'Content-Type': 'application/json' };
            if (r.chance(0.6)) {
              const up = r.chance(0.5);
              const key = `${u}|${paper}`;
              // one vote request a user and paper at a time: two in flight may commit in one order and be answered
              // in the other, and then no single state is "the last acknowledged one"
              if (voting.has(key)) continue;
              voting.add(key);
              const v = votes.get(key) ?? { pending: new Set<boolean>() };
              votes.set(key, v);
              v.pending.add(up);
              try {
                const res = await fetch(`${server.url}/api/papers/${paper}/upvote`, { method: 'POST', headers, body: JSON.stringify({ up }) });
                if (res.ok) {
                  v.acked = up;
                  v.pending.delete(up);
                }
              } catch {
                return; // killed mid-request: that state stays pending (either outcome is allowed)
              }
              voting.delete(key);
            } else {
              const body = `comment ${++serial} by crash${u}`;
              try {
                const res = await fetch(`${server.url}/api/papers/${paper}/comments`, { method: 'POST', headers, body: JSON.stringify({ body }) });
                if (res.ok) ackedComments.add(body);
              } catch {
                return;
              }
            }
          }
        };
        const before = ackedComments.size;
        const workers = Array.from({ length: 8 }, worker);
        for (let waited = 0; ackedComments.size === before && waited < 20_000; waited += 20) await new Promise((res) => setTimeout(res, 20)); // warmed up
        await new Promise((res) => setTimeout(res, 50 + r.int(500)));
        server.child.kill('SIGKILL');
        kills[backend]++;
        stop = true;
        await Promise.all(workers);
        voting.clear(); // the requests cut off by the kill stay pending in `votes`
        await new Promise((res) => server.child.exitCode !== null || server.child.signalCode ? res(null) : server.child.once('exit', res));
        await checkDatabase(store);
        // A vote's stored state must be its last acknowledged one, or one that was still in flight at the kill.
        const upvoted = new Set((await rawRows<{ who: string; paper: string }>(store, `SELECT u.username AS who, p.id AS paper
          FROM upvotes v JOIN users u ON u.id = v.user_id JOIN papers p ON p.rowid = v.paper_rowid WHERE u.username LIKE 'crash%'`)).map((x) => `${x.who}|${x.paper}`));
        for (const [key, v] of votes) {
          const [u, paper] = key.split('|');
          const stored = upvoted.has(`crash${u}|${paper}`);
          const acked = v.acked ?? false; // no vote before the first acknowledged one
          assert.ok(stored === acked || v.pending.has(stored), `vote ${key}: stored ${stored}, acknowledged ${acked}`);
          v.acked = stored; // what the next round starts from
          v.pending.clear();
        }
        const stored = new Set((await rawRows<{ body: string }>(store, "SELECT body FROM comments WHERE body LIKE 'comment %'")).map((c) => c.body));
        for (const body of ackedComments) assert.ok(stored.has(body), `acknowledged comment lost: ${body}`);
        for (const body of stored) ackedComments.add(body);
      }
      assert.ok(ackedComments.size > serverKills(backend), `writes were in flight (${ackedComments.size} comments)`);
    } finally {
      kit.cleanup();
    }
  });

  test(`crash: kill -9 the import and reindex commands mid-run; reruns store every paper once (${backend})`, async () => {
    const kit = await testStore({ backend });
    const { dir, store } = kit;
    try {
      const file = join(dir, 'papers.jsonl');
      const lines = Array.from({ length: 20000 }, (_, i) =>
        JSON.stringify({ id: `2501.${String(i).padStart(5, '0')}`, title: `Crash paper ${i} on sparse attention`, abstract: `We study kill safety number ${i}. `.repeat(8), authors: ['A One', 'B Two'], published: '2025-01-02' }));
      writeFileSync(file, lines.join('\n'));
      const env = { ...process.env, ...storeEnv(kit), PAPERWIRE_SECRET: SECRET };
      const r = rng(11);
      assert.equal(spawnSync(process.execPath, [BIN, 'migrate'], { env }).status, 0);
      const midway: number[] = [];
      // Kills after a random delay; when the command finished first (a fast machine), the next delays shrink, so
      // the count of real kills does not depend on the machine's speed.
      const killMidway = (args: string[], window: { lo: number; span: number }) =>
        new Promise<void>((resolve) => {
          const child = spawn(process.execPath, [BIN, ...args], { env, stdio: 'ignore' });
          const timer = setTimeout(() => child.kill('SIGKILL'), window.lo + r.int(window.span));
          child.once('exit', (_code, signal) => {
            clearTimeout(timer);
            if (signal === 'SIGKILL') kills[backend]++;
            else Object.assign(window, { lo: Math.max(300, window.lo / 2), span: Math.max(200, window.span / 2) });
            resolve();
          });
        });
      const importWindow = { lo: 700, span: 1500 };
      for (let before = kills[backend], tries = 0; kills[backend] - before < JOB_KILLS && tries < 5 * JOB_KILLS; tries++) {
        await killMidway(['import', file], importWindow);
        midway.push(await checkDatabase(store));
        if (midway.at(-1) === 0) importWindow.lo += 1500; // killed before the first batch (a busy machine starts slowly): kill later next time
      }
      process.stdout.write(`# crash: papers after each import kill: ${midway.join(', ')}\n`);
      const done = spawnSync(process.execPath, [BIN, 'import', file], { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(done.status, 0, done.stderr);
      assert.equal(await checkDatabase(store), 20000, 'every paper exactly once after the reruns');
      const reindexWindow = { lo: 700, span: 2000 };
      for (let before = kills[backend], tries = 0; kills[backend] - before < JOB_KILLS && tries < 5 * JOB_KILLS; tries++) {
        await killMidway(['reindex'], reindexWindow);
        await checkDatabase(store);
      }
      const reindex = spawnSync(process.execPath, [BIN, 'reindex'], { env, encoding: 'utf8', timeout: 180_000 });
      assert.equal(reindex.status, 0, reindex.stderr);
      assert.equal(await checkDatabase(store), 20000);
      process.stdout.write(`# crash: ${kills[backend]} kill -9 in all (server and commands), every check passed (${backend})\n`);
      assert.ok(kills[backend] >= serverKills(backend) + 2 * JOB_KILLS, `kills: ${kills[backend]}`);
    } finally {
      kit.cleanup();
    }
  });
});
