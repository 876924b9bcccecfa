/**
 * `npm run bench:feed`: the daily page and /api/daily_papers under load over a 100k-paper synthetic corpus,
 * beside a bare Node http server sending the same bytes in the same run, plus cold start to first page.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPapers } from '../src/ingest/importPapers.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startBare } from './lib/bareServer.ts';
import { loadTest, type LoadResult } from './lib/loadTest.ts';
import { startServer } from './lib/serverProcess.ts';
import { CACHE_DIR, ensureCorpus, GENERATOR_VERSION } from './synth/index.ts';

const BIN = fileURLToPath(new URL('../bin/paperwire.mjs', import.meta.url));
const PAPERS = Number(process.env.BENCH_PAPERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

async function buildDatabase(): Promise<string> {
  const dir = join(CACHE_DIR, `feed-db-v${GENERATOR_VERSION}-n${PAPERS}-r2`);
  if (existsSync(join(dir, 'done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const corpus = await ensureCorpus(PAPERS, 1, 'jsonl', { onGenerate: (p) => console.log(`generating ${p}`) });
  const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
  const t0 = performance.now();
  const summary = await importPapers(store, createReadStream(corpus));
  console.log(`imported ${summary.new} papers, ${summary.featured} daily entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  store.close();
  const t1 = performance.now();
  const reindex = spawnSync(process.execPath, [BIN, 'reindex'], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir }, stdio: 'ignore' });
  if (reindex.status !== 0) throw new Error('paperwire reindex failed');
  console.log(`embedded and extracted keywords in ${((performance.now() - t1) / 1000).toFixed(1)} s (paperwire reindex)`);
  await import('node:fs').then((fs) => fs.writeFileSync(join(dir, 'done'), ''));
  return dir;
}

/** The day with the most papers among the newest 30: the heaviest daily page a reader opens. */
async function busiestRecentDay(dir: string): Promise<string> {
  const store = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    let day = (await store.daily.latestDate())!;
    let best = { day, n: 0 };
    for (let i = 0; i < 30 && day; i++) {
      const { total } = await store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 });
      if (total > best.n) best = { day, n: total };
      day = (await store.daily.neighbours(day)).prev!;
    }
    return best.day;
  } finally {
    store.close();
  }
}

async function coldStart(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-cold-'));
  const t0 = performance.now();
  const server = await startServer(dir, { PAPERWIRE_LOAD_DEMO: 'true' });
  const res = await fetch(server.url + '/');
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  if (res.status !== 200) throw new Error(`cold start answered ${res.status}`);
  return ms;
}

const row = (name: string, r: LoadResult, bare?: LoadResult) =>
  `| ${name} | ${r.rps.toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${r.errors} | ${bare ? ((100 * r.rps) / bare.rps).toFixed(0) + '%' : '—'} |`;

const dir = await buildDatabase();
const server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: '0' });
await server.waitForLog(/lexical search index built/);
await server.waitForLog(/semantic index loaded/);
try {
  const day = await busiestRecentDay(dir);
  const page = Buffer.from(await (await fetch(`${server.url}/papers/date/${day}`)).arrayBuffer());
  const bare = await startBare(page);
  const results: [string, LoadResult][] = [];
  results.push(['bare node http, same bytes', await loadTest(bare.url, CONNECTIONS, SECONDS)]);
  bare.stop();
  results.push([`daily page /papers/date/${day}`, await loadTest(`${server.url}/papers/date/${day}`, CONNECTIONS, SECONDS)]);
  results.push([`daily page /papers/date/${day}, Accept-Encoding: gzip`, await loadTest(`${server.url}/papers/date/${day}`, CONNECTIONS, SECONDS, { 'accept-encoding': 'gzip' })]);
  results.push(['daily page /', await loadTest(`${server.url}/`, CONNECTIONS, SECONDS)]);
  results.push([`/api/daily_papers?date=${day}`, await loadTest(`${server.url}/api/daily_papers?date=${day}`, CONNECTIONS, SECONDS)]);
  const colds = [await coldStart(), await coldStart(), await coldStart()].sort((a, b) => a - b);
  console.log(`\nAPI rate limit off for the run. ${PAPERS.toLocaleString('en-US')} papers, page ${(page.length / 1024).toFixed(1)} KB, ${CONNECTIONS} connections, ${SECONDS} s each, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| target | requests/s | p50 ms | p99 ms | errors | of bare |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const bareResult = results[0]![1];
  for (const [name, r] of results) console.log(row(name, r, name.startsWith('bare') ? undefined : bareResult));
  console.log(`\ncold start (empty data folder → demo corpus loaded → first page): median ${colds[1]!.toFixed(0)} ms (runs: ${colds.map((c) => c.toFixed(0)).join(', ')} ms)`);
} finally {
  await server.stop();
}
