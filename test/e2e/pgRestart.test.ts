import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { startServer, type ServerProcess } from '../../bench/lib/serverProcess.ts';
import { postgresBin, startPostgres, type PgCluster } from '../../scripts/pgCluster.mjs';
import { createApiToken, signUp } from '../../src/community/accounts.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { openPgStore } from '../../src/storage/postgres/pgStore.ts';
import { tempDir } from '../helpers/testApp.ts';

const WRITERS = 4;
const PAPERS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The database of the test: an account with a write token per writer, and papers to vote on. */
async function prepare(url: string, dir: string): Promise<{ tokens: string[]; userIds: number[]; paperIds: string[] }> {
  const store = await openPgStore(url, { migrate: true });
  try {
    const paperIds = Array.from({ length: PAPERS }, (_, i) => `2612.${String(i + 1).padStart(5, '0')}`);
    await store.papers.upsertMany(paperIds.map((id, i) => ({ id, title: `Restart paper ${i}`, abstract: 'A paper to vote on while the database restarts.', publishedAt: '2026-12-01' })));
    const config = loadConfig({ PAPERWIRE_DATA_DIR: dir, PAPERWIRE_DATABASE_URL: url, PAPERWIRE_SCRYPT_COST: '14' });
    const log = createLogger('silent');
    const cd = { store, config: { ...config, secret: 'x'.repeat(64) }, log, mailer: createMailer(config, log), today: () => '2026-12-05' };
    const tokens: string[] = [];
    const userIds: number[] = [];
    for (let w = 0; w < WRITERS; w++) {
      const account = (await signUp(cd, { username: `writer${w}`, email: `writer${w}@example.org`, password: 'correct horse battery' }, { verified: true, skipMail: true }))!;
      tokens.push((await createApiToken(cd, account, 'restart test')).secret);
      userIds.push(account.id);
    }
    return { tokens, userIds, paperIds };
  } finally {
    await store.closed();
  }
}

test('PostgreSQL restarted under load (pg_ctl restart -m immediate): 503 with Retry-After during the gap, the server recovers by itself, nothing acknowledged is lost', async () => {
  const bin = postgresBin();
  assert.ok(bin, 'PostgreSQL is not installed (no initdb found): this test needs it (Debian: apt-get install postgresql)');
  // a cluster of its own, with durable commits: restarting the shared test cluster would break other tests
  const cluster: PgCluster = await startPostgres(bin);
  const { dir, cleanup } = tempDir();
  let server: ServerProcess | undefined;
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE restart_test');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/restart_test');
    const { tokens, userIds, paperIds } = await prepare(url, dir);

    server = await startServer(dir, {
      PAPERWIRE_DATABASE_URL: url,
      PAPERWIRE_SEMANTIC: 'false',
      PAPERWIRE_WRITE_RATE_LIMIT: '1000000',
      PAPERWIRE_API_RATE_LIMIT: '0',
      PAPERWIRE_SECRET: 'x'.repeat(64),
    });
    await server.waitReady();
    const base = server.url;

    // writers vote through the API, each on every paper in turn; a vote is acknowledged when it was answered 200
    const acked: { writer: number; paper: string; at: number }[] = [];
    const statuses = new Map<number, number>();
    let missingRetryAfter = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (const paper of paperIds) {
        if (stop) return;
        const res = await fetch(`${base}/api/papers/${paper}/upvote`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokens[w]}`, 'Content-Type': 'application/json' },
          body: '{"up":true}',
        }).catch(() => undefined);
        const status = res?.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) acked.push({ writer: w, paper, at: Date.now() });
        if (status === 503 && !res!.headers.get('retry-after')) missingRetryAfter++;
        await res?.arrayBuffer();
        await sleep(status === 200 ? 5 : 50);
      }
    };
    // a reader renders pages the whole time: they may be 503 during the gap, never 500
    const pageStatuses = new Map<number, number>();
    const reader = async () => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${base}/papers/${paperIds[i % PAPERS]}`).catch(() => undefined);
        pageStatuses.set(res?.status ?? 0, (pageStatuses.get(res?.status ?? 0) ?? 0) + 1);
        await res?.arrayBuffer();
        await sleep(20);
      }
    };
    const running = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), reader()];

    while (acked.length < 40) await sleep(20);
    const restartedAt = Date.now();
    await cluster.restart('immediate');
    const backAt = Date.now();
    // the server recovers by itself: writes are acknowledged again after the restart
    const deadline = Date.now() + 30_000;
    while (!acked.some((a) => a.at > backAt) && Date.now() < deadline) await sleep(50);
    stop = true;
    await Promise.all(running);

    const summary = `writes ${JSON.stringify(Object.fromEntries(statuses))}, pages ${JSON.stringify(Object.fromEntries(pageStatuses))}, restart took ${backAt - restartedAt} ms`;
    assert.ok(acked.some((a) => a.at > backAt), `writes are acknowledged again after the restart (${summary})`);
    assert.ok((statuses.get(503) ?? 0) > 0, `some writes met the gap and were answered 503 (${summary})`);
    assert.equal(missingRetryAfter, 0, 'every 503 carries Retry-After');
    for (const s of [...statuses.keys(), ...pageStatuses.keys()]) assert.ok(s === 200 || s === 503, `only 200 or 503, never ${s} (${summary})`);
    assert.equal(server.child.exitCode, null, 'the server kept running');
    assert.match(server.output(), /database unavailable/, 'the gap was logged');

    // nothing acknowledged is lost, and each paper's counter matches its votes
    const check = await openPgStore(url);
    try {
      for (const [w, userId] of userIds.entries()) {
        const voted = new Set((await check.accounts.upvotedPapers(userId, { limit: PAPERS, offset: 0 })).map((p) => p.id));
        const lost = acked.filter((a) => a.writer === w && !voted.has(a.paper));
        assert.deepEqual(lost, [], `writer ${w}: every acknowledged vote is stored`);
      }
      const votesPerPaper = new Map<string, number>();
      for (const userId of userIds) for (const p of await check.accounts.upvotedPapers(userId, { limit: PAPERS, offset: 0 })) votesPerPaper.set(p.id, (votesPerPaper.get(p.id) ?? 0) + 1);
      for (const id of paperIds) assert.equal((await check.papers.get(id))!.upvotes, votesPerPaper.get(id) ?? 0, `${id}: the counter matches the votes`);
    } finally {
      await check.closed();
    }
  } catch (err) {
    if (server) process.stderr.write(`--- server log\n${server.output().slice(-3000)}\n`);
    throw err;
  } finally {
    await server?.stop();
    cluster.stop();
    cleanup();
  }
});
