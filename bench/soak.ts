/**
 * `npm run bench:soak`: a paperwire server over the 100k-paper synthetic corpus under 100 connections of mixed
 * traffic (daily pages, paper pages, search, API, feeds, signed-in upvotes and comments) for 60 s on loopback:
 * errors, latency percentiles, and the server's resident memory in the first and the last 20 s.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken, signUp } from '../src/community/accounts.ts';
import type { CommunityDeps } from '../src/community/communityDeps.ts';
import { loadConfig } from '../src/config/config.ts';
import { importPapers } from '../src/ingest/importPapers.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer } from './lib/serverProcess.ts';
import { CACHE_DIR, ensureCorpus, GENERATOR_VERSION } from './synth/index.ts';

const PAPERS = Number(process.env.BENCH_PAPERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECRET = 'soak-benchmark-secret-'.repeat(3);
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The imported corpus, built once and cached; each run works on a fresh copy (the soak writes to it). */
async function corpusDatabase(): Promise<string> {
  const cached = join(CACHE_DIR, `soak-db-v${GENERATOR_VERSION}-n${PAPERS}-r2.db`);
  if (!existsSync(cached)) {
    const corpus = await ensureCorpus(PAPERS, 1, 'jsonl', { onGenerate: (p) => console.log(`generating ${p}`) });
    const building = join(CACHE_DIR, `soak-building-${process.pid}`);
    rmSync(building, { recursive: true, force: true });
    const store = openSqliteStore(join(building, 'paperwire.db'), { migrate: true });
    const summary = await importPapers(store, createReadStream(corpus));
    console.log(`imported ${summary.new} papers, ${summary.featured} daily entries`);
    store.close();
    const reindex = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/paperwire.mjs', import.meta.url)), 'reindex'], { env: { ...process.env, PAPERWIRE_DATA_DIR: building }, stdio: 'ignore' });
    if (reindex.status !== 0) throw new Error('paperwire reindex failed');
    const built = openSqliteStore(join(building, 'paperwire.db'));
    await built.db.backup(cached, { progress: () => 0x7fffffff });
    built.close();
    rmSync(building, { recursive: true, force: true });
  }
  const dir = join(tmpdir(), `paperwire-soak-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const source = openSqliteStore(cached, { migrate: true });
  await source.db.backup(join(dir, 'paperwire.db'), { progress: () => 0x7fffffff });
  source.close();
  return dir;
}

const dir = await corpusDatabase();
const store = openSqliteStore(join(dir, 'paperwire.db'));
const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir }), secret: SECRET };
const cd: CommunityDeps = { store, config, log: createLogger('silent'), mailer: createMailer(config, createLogger('silent')), today: () => '2026-11-23' };
const tokens: string[] = [];
for (let i = 0; i < 20; i++) {
  const account = await signUp(cd, { username: `soak${i}`, email: `soak${i}@example.org`, password: 'correct horse battery' }, { verified: true, skipMail: true });
  tokens.push((await createApiToken(cd, account!, 'soak')).secret);
}
const papers = store.db.prepare('SELECT id FROM papers ORDER BY random() LIMIT 200').pluck().all() as string[];
const days = store.db.prepare('SELECT DISTINCT date FROM daily_entries ORDER BY date DESC LIMIT 30').pluck().all() as string[];
store.close();

const words = ['attention', 'diffusion', 'graph neural', '"language model"', 'reinforcement -robot', 'protein', 'title:transformer', 'quantum error', 'sparse', 'retrieval augmented'];
let n = 0;
const pick = <T>(xs: T[]) => xs[n++ % xs.length]!;
/** One request of the mix, chosen round-robin per connection so every kind is exercised evenly. */
function nextRequest(): Record<string, unknown> {
  const kind = n % 10;
  const token = pick(tokens);
  const paper = pick(papers);
  switch (kind) {
    case 0: case 1: return { method: 'GET', path: `/papers/date/${pick(days)}` };
    case 2: return { method: 'GET', path: '/' };
    case 3: return { method: 'GET', path: `/papers/${paper}` };
    case 4: return { method: 'GET', path: `/search?q=${encodeURIComponent(pick(words))}` };
    case 5: return { method: 'GET', path: `/api/daily_papers?date=${pick(days)}` };
    case 6: return { method: 'GET', path: `/api/papers/search?q=${encodeURIComponent(pick(words))}` };
    case 7: return { method: 'GET', path: pick([`/papers/date/${pick(days)}.rss`, '/papers/trending.atom', `/search.rss?q=${encodeURIComponent(pick(words))}`]) };
    case 8: return { method: 'POST', path: `/api/papers/${paper}/upvote`, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ up: n % 3 !== 0 }) };
    default: return { method: 'POST', path: `/api/papers/${paper}/comments`, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: `soak comment ${n}` }) };
  }
}

const server = await startServer(dir, { PAPERWIRE_SECRET: SECRET, PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_WRITE_RATE_LIMIT: '100000000', PAPERWIRE_INGEST_EVERY: 'off', PAPERWIRE_DIGEST_ENABLED: 'false' });
try {
  await server.waitForLog(/lexical search index built/);
  await server.waitForLog(/semantic index loaded/);
  await fetch(`${server.url}/search?q=warmup`).then((r) => r.arrayBuffer());
  const rss: { t: number; mb: number }[] = [];
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    rss.push({ t: (Date.now() - t0) / 1000, mb: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024 });
  }, 1000);
  const statusCounts: Record<string, number> = {};
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...nextRequest() }) }],
  });
  clearInterval(sampler);
  for (const [k, v] of Object.entries(result.statusCodeStats ?? {})) statusCounts[k] = (v as { count: number }).count;
  const avg = (xs: { mb: number }[]) => xs.reduce((s, x) => s + x.mb, 0) / Math.max(1, xs.length);
  const first = avg(rss.filter((x) => x.t <= 20));
  const last = avg(rss.filter((x) => x.t > SECONDS - 20));
  const figures = {
    date: new Date().toISOString().slice(0, 10), cpus: cpus().length, papers: PAPERS, connections: CONNECTIONS, seconds: SECONDS,
    requests: result.requests.total, rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50, p99_ms: result.latency.p99, max_ms: result.latency.max,
    errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, statuses: statusCounts,
    rss_first20s_mb: Math.round(first), rss_last20s_mb: Math.round(last), rss_peak_mb: Math.round(Math.max(...rss.map((x) => x.mb))),
  };
  console.log(JSON.stringify(figures, null, 2));
  writeFileSync(join(CACHE_DIR, 'soak-last.json'), JSON.stringify(figures, null, 2));
  if (figures.errors || figures.timeouts || figures.non2xx) process.exitCode = 1;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
