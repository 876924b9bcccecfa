/**
 * `npm run bench:backends`: the same workloads on SQLite and PostgreSQL, in one run, through the Store interface
 * and the app: bulk import (papers/s, upsertMany in batches of 1,000), upvotes/s (concurrent VoteStore.set), and
 * signed-in page renders/s (GET / with a session cookie, the demo corpus, every request a cache miss because each
 * vote before it moves the revision). PostgreSQL comes from PAPERWIRE_BENCH_PG_URL (an admin URL: a database is
 * created and dropped); without it only SQLite runs.
 *
 *   PAPERWIRE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/backends.ts [--papers 50000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openSession } from '../src/community/accounts.ts';
import { loadConfig } from '../src/config/config.ts';
import { createApp } from '../src/http/app.ts';
import { PageCache } from '../src/http/pageCache.ts';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { openStore, type StoreConfig } from '../src/storage/openStore.ts';
import type { Store } from '../src/storage/store.ts';

const { values } = parseArgs({ options: { papers: { type: 'string', default: '50000' }, votes: { type: 'string', default: '4000' }, renders: { type: 'string', default: '400' } } });
const PAPERS = Number(values.papers);
const VOTES = Number(values.votes);
const RENDERS = Number(values.renders);

const synthetic = (i: number) => ({
  arxivId: `2${String(1000 + Math.floor(i / 100000)).slice(1)}.${String(i % 100000).padStart(5, '0')}`,
  title: `Synthetic paper ${i} on ${['graphs', 'speech', 'vision', 'proteins'][i % 4]} at scale`,
  abstract: `We study problem ${i} with a method that is ${i % 7} times simpler. `.repeat(6),
  authors: [`Author ${i % 997}`, `Author ${(i * 7) % 991}`, `Author ${(i * 13) % 983}`],
  categories: ['cs.LG', `cs.${['CV', 'CL', 'AI'][i % 3]}`],
  publishedAt: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  organization: i % 10 === 0 ? { name: `org${i % 50}` } : undefined,
});

async function run(name: string, config: StoreConfig, dir: string) {
  const store: Store = await openStore(config, { migrate: true });
  try {
    let started = performance.now();
    for (let i = 0; i < PAPERS; i += 1000) await store.papers.upsertMany(Array.from({ length: Math.min(1000, PAPERS - i) }, (_, k) => synthetic(i + k)));
    const importRate = PAPERS / ((performance.now() - started) / 1000);

    await loadDemoCorpus(store);
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => store.users.ensure({ username: `bench${i}` })));
    const targets = (await store.daily.list({ from: '2025-12-25', to: '2025-12-25' }, 'upvotes', { limit: 40, offset: 0 })).entries.map((e) => e.paper.id);
    started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < VOTES) {
        const i = next++;
        await store.votes.set(users[i % users.length]!.id, targets[i % targets.length]!, Math.floor(i / (users.length * targets.length)) % 2 === 0);
      }
    }));
    const voteRate = VOTES / ((performance.now() - started) / 1000);

    const appConfig = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'silent', PAPERWIRE_API_RATE_LIMIT: '0' }), ...config, secret: 'b'.repeat(64) };
    const log = createLogger('silent');
    const app = createApp({ store, config: appConfig, log, cache: new PageCache(), today: () => '2025-12-25' });
    const account = (await store.accounts.create({ username: 'reader', email: 'reader@example.org', passwordHash: 'x', verified: true })) as { id: number };
    const token = await openSession({ store, config: appConfig, log, mailer: createMailer(appConfig, log), today: () => '2025-12-25' }, account.id);
    started = performance.now();
    for (let i = 0; i < RENDERS; i++) {
      await store.votes.set(users[0]!.id, targets[0]!, i % 2 === 0); // a write before each render: no cached page is reused
      const res = await app.request('/', { headers: { Cookie: `pw_session=${token}` } });
      if (res.status !== 200) throw new Error(`GET / answered ${res.status}`);
      await res.arrayBuffer();
    }
    const renderRate = RENDERS / ((performance.now() - started) / 1000);
    console.log(JSON.stringify({ backend: name, papers: PAPERS, importPapersPerS: Math.round(importRate), upvotesPerS: Math.round(voteRate), signedInRendersPerS: Math.round(renderRate) }));
  } finally {
    store.close();
  }
}

console.log(JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, load: loadavg().map((l) => l.toFixed(2)) }));
const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-'));
try {
  await run('sqlite', { databasePath: join(dir, 'paperwire.db') }, dir);
  const admin = process.env.PAPERWIRE_BENCH_PG_URL;
  if (admin) {
    const pool = new pg.Pool({ connectionString: admin, max: 1 });
    const name = `pw_bench_${process.pid}`;
    await pool.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      await run('postgres', { databasePath: '', databaseUrl: url.toString() }, dir);
    } finally {
      await new Promise((r) => setTimeout(r, 500));
      await pool.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await pool.end();
    }
  } else console.log('PAPERWIRE_BENCH_PG_URL is not set: PostgreSQL skipped');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
