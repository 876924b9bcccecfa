/**
 * `npm run bench:servers`: throughput of one `paperwire serve` against two over the same database, in one run —
 * pages and API, anonymous and signed in. Two servers get the same 50 connections split between them (what a
 * reverse proxy would do), so the rows compare like with like. The load generator runs in this process, on the
 * same machine: on few cores it competes with the servers, which caps what a second server can add.
 *
 * Both backends in one run: SQLite (two servers over one file), then PostgreSQL (two servers over one database)
 * when PAPERWIRE_BENCH_PG_URL names a server (an admin URL: a database is created and dropped).
 *
 *   PAPERWIRE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/servers.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken, openSession, signUp } from '../src/community/accounts.ts';
import { loadConfig } from '../src/config/config.ts';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMailer } from '../src/mail/mailer.ts';
import pg from 'pg';
import { openStore } from '../src/storage/openStore.ts';
import { startServer, type ServerProcess } from './lib/serverProcess.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
type Result = { requests: { total: number }; duration: number; latency: { p50: number; p99: number }; errors: number; non2xx: number };
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<Result>;

const secret = 's'.repeat(64);

/** The four request kinds and a search, measured on one server and on two, over one backend; table rows. */
async function measure(backend: string, databaseUrl?: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-servers-'));
  const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir }), secret, databaseUrl };
  const store = await openStore(config, { migrate: true });
  await loadDemoCorpus(store);
  const log = createLogger('silent');
  const deps = { store, config, log, mailer: createMailer(config, log), today: () => '2026-12-05' };
  const account = (await signUp(deps, { username: 'bench', email: 'bench@example.org', password: 'benchmark password' }, { verified: true, skipMail: true }))!;
  const session = await openSession(deps, account.id);
  const apiToken = (await createApiToken(deps, account, 'bench')).secret;
  const day = (await store.daily.latestDate())!;
  store.close();

  const env: Record<string, string> = { PAPERWIRE_SECRET: secret, PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_WRITE_RATE_LIMIT: '100000000' };
  if (databaseUrl) env.PAPERWIRE_DATABASE_URL = databaseUrl;
  const cases: { label: string; path: string; headers?: Record<string, string> }[] = [
    { label: `anonymous page \`/papers/date/${day}\` (cached)`, path: `/papers/date/${day}` },
    { label: `signed-in page \`/papers/date/${day}\` (rendered per viewer)`, path: `/papers/date/${day}`, headers: { cookie: `pw_session=${session}` } },
    { label: `anonymous API \`/api/daily_papers?date=${day}\``, path: `/api/daily_papers?date=${day}` },
    { label: `API with a token \`/api/daily_papers?date=${day}\``, path: `/api/daily_papers?date=${day}`, headers: { authorization: `Bearer ${apiToken}` } },
    { label: 'search API `/api/papers/search?q=diffusion`', path: '/api/papers/search?q=diffusion' },
  ];
  const servers = [await startServer(dir, env), await startServer(dir, env)];
  const rows: string[] = [];
  try {
    for (const c of cases) {
      const one = await load(servers.slice(0, 1), c.path, c.headers);
      const two = await load(servers, c.path, c.headers);
      rows.push(`| ${backend} | ${c.label} | ${Math.round(one.rps).toLocaleString('en')} | ${one.p50} / ${one.p99} ms | ${Math.round(two.rps).toLocaleString('en')} | ${two.p50} / ${two.p99} ms | ${(two.rps / one.rps).toFixed(2)}× | ${one.errors + two.errors} |`);
      console.log(rows.at(-1));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Requests/s, p50 and p99 (the worse server's) and errors of 50 connections spread over `servers`. */
async function load(servers: ServerProcess[], path: string, headers: Record<string, string> = {}) {
  const per = CONNECTIONS / servers.length;
  await Promise.all(servers.map((s) => autocannon({ url: s.url + path, headers, connections: 10, duration: 1 }))); // warm-up
  const results = await Promise.all(servers.map((s) => autocannon({ url: s.url + path, headers, connections: per, duration: SECONDS })));
  return {
    rps: results.reduce((n, r) => n + r.requests.total / (r.duration || SECONDS), 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((n, r) => n + r.errors + r.non2xx, 0),
  };
}

const load1 = loadavg()[0]!.toFixed(1);
const rows = await measure('SQLite');
const admin = process.env.PAPERWIRE_BENCH_PG_URL;
if (admin) {
  const pool = new pg.Pool({ connectionString: admin, max: 1 });
  const name = `pw_bench_servers_${process.pid}`;
  await pool.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    rows.push(...(await measure('PostgreSQL', url.toString())));
  } finally {
    await pool.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await pool.end();
  }
} else console.log('PAPERWIRE_BENCH_PG_URL is not set: PostgreSQL skipped');
console.log(`\n${cpus().length} CPUs, load average ${load1} at start, ${loadavg()[0]!.toFixed(1)} at the end, ${SECONDS} s per cell, ${CONNECTIONS} connections (split evenly over two servers)
| Backend | Request | 1 server req/s | p50 / p99 | 2 servers req/s | p50 / p99 | 2 vs 1 | Errors |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`);
