/**
 * `npm run bench:limits`: what the shared limits cost. (1) The store calls alone: `limits.hit` (the anonymous API
 * limit, counted on every anonymous API request) and the sign-in `claim`, one process and two processes counting
 * at once over the same database. (2) `GET /api/daily_papers` against `paperwire serve` over the demo corpus with
 * the API limit off and on (a limit so high it never refuses, so every request is counted and answered 200).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer } from './lib/serverProcess.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const HITS = Number(process.env.BENCH_HITS ?? 50_000);
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number }>;

/** Times `n` sequential limit hits over 1,000 client keys in a store over `path`; returns µs per hit. */
async function hitLoop(path: string, n: number, tag: string): Promise<number> {
  const store = openSqliteStore(path);
  await store.limits.hit('warm', 60_000, Date.now());
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await store.limits.hit(`anonymous:${tag}10.0.${(i % 1000) >> 8}.${i % 256}`, 300_000, Date.now());
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  store.close();
  return us;
}

if (process.argv[2] === '--child') {
  const us = await hitLoop(process.argv[3]!, HITS, process.argv[4]!);
  process.send!(us);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-limits-'));
const path = join(dir, 'paperwire.db');
const rows: string[] = [];
try {
  const store = openSqliteStore(path, { migrate: true });
  await loadDemoCorpus(store);
  const rules = (i: number) => [
    { key: `signin:addr:10.1.${(i % 1000) >> 8}.${i % 256}`, free: 10, capMs: 900_000, forgetMs: 3_600_000 },
    { key: `signin:acct:id:${i % 100}`, free: 1e9, capMs: 30_000, forgetMs: 3_600_000 },
  ];
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < 10_000; i++) await store.limits.claim(rules(i), Date.now());
  const claimUs = Number(process.hrtime.bigint() - t0) / 1000 / 10_000;
  store.close();

  const oneUs = await hitLoop(path, HITS, 'a');
  const child = (tag: string) =>
    new Promise<number>((resolve, reject) => {
      const c = fork(fileURLToPath(import.meta.url), ['--child', path, tag], { execArgv: ['--import', 'tsx'] });
      c.once('message', (m) => resolve(Number(m)));
      c.once('error', reject);
    });
  t0 = process.hrtime.bigint();
  const [p1, p2] = await Promise.all([child('b'), child('c')]);
  const bothS = Number(process.hrtime.bigint() - t0) / 1e9;
  rows.push(`| \`limits.hit\` (UPSERT … RETURNING), one process | ${oneUs.toFixed(1)} µs | ${Math.round(1e6 / oneUs).toLocaleString('en')} |`);
  rows.push(`| \`limits.hit\`, two processes at once over the same file | ${p1.toFixed(1)} / ${p2.toFixed(1)} µs | ${Math.round((2 * HITS) / bothS).toLocaleString('en')} together |`);
  rows.push(`| \`limits.claim\`, sign-in back-off on two keys (one transaction) | ${claimUs.toFixed(1)} µs | ${Math.round(1e6 / claimUs).toLocaleString('en')} |`);
  console.log(rows.join('\n'));

  for (const [label, limit] of [
    ['`GET /api/daily_papers`, API limit off (0)', '0'],
    ['`GET /api/daily_papers`, API limit on (counted, never refused)', '1000000000'],
  ] as const) {
    const server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: limit, PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_DIGEST_ENABLED: 'false' });
    try {
      const url = `${server.url}/api/daily_papers?limit=5`;
      await autocannon({ url, connections: 10, duration: 2 }); // warm-up
      const r = await autocannon({ url, connections: 50, duration: SECONDS });
      rows.push(`| ${label} | p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms | ${Math.round(r.requests.average).toLocaleString('en')} requests/s, ${r.errors + r.non2xx} errors |`);
      console.log(rows.at(-1));
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\n${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end, ${HITS.toLocaleString('en')} hits per process, ${SECONDS} s per HTTP row\n| What | Cost | Rate |\n| --- | --- | --- |\n${rows.join('\n')}`);
