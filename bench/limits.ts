/**
 * `npm run bench:limits`: what the shared limits cost. (1) The store calls alone: `limits.hit` (the anonymous API
 * limit, counted on every anonymous API request) and the sign-in `claim`, one process and two processes counting
 * at once over the same database. (2) `GET /api/daily_papers` against `paperwire serve` over the demo corpus with
 * the API limit off and on (a limit so high it never refuses, so every request is counted and answered 200),
 * in process (the app's own CPU per request, no sockets) and over HTTP.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/config.ts';
import { createApp } from '../src/http/app.ts';
import { PageCache } from '../src/http/pageCache.ts';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { createLogger } from '../src/logging/logger.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer } from './lib/serverProcess.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const HITS = Number(process.env.BENCH_HITS ?? 50_000);
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number; total: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number }>;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
const cpuMsOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
/** Wall and CPU µs per call of `fn` over `n` calls: on a busy machine the CPU figure is the one to read. */
async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<{ wallUs: number; cpuUs: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
  const c = process.cpuUsage(c0);
  return { wallUs, cpuUs: (c.user + c.system) / n };
}

/** Times `n` sequential limit hits over 1,000 client keys in a store over `path`. */
async function hitLoop(path: string, n: number, tag: string) {
  const store = openSqliteStore(path);
  await store.limits.hit('warm', 60_000, Date.now());
  const r = await timed(n, (i) => store.limits.hit(`anonymous:${tag}10.0.${(i % 1000) >> 8}.${i % 256}`, 300_000, Date.now()));
  store.close();
  return r;
}

if (process.argv[2] === '--child') {
  process.send!(await hitLoop(process.argv[3]!, HITS, process.argv[4]!));
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
  const claim = await timed(10_000, (i) => store.limits.claim(rules(i), Date.now()));
  store.close();

  const one = await hitLoop(path, HITS, 'a');
  const child = (tag: string) =>
    new Promise<{ wallUs: number; cpuUs: number }>((resolve, reject) => {
      const c = fork(fileURLToPath(import.meta.url), ['--child', path, tag], { execArgv: ['--import', 'tsx'] });
      c.once('message', (m) => resolve(m as { wallUs: number; cpuUs: number }));
      c.once('error', reject);
    });
  const t0 = process.hrtime.bigint();
  const [p1, p2] = await Promise.all([child('b'), child('c')]);
  const bothS = Number(process.hrtime.bigint() - t0) / 1e9;
  const f = (x: number) => x.toFixed(1);
  rows.push(`| \`limits.hit\` (UPSERT … RETURNING), one process | ${f(one.cpuUs)} µs | ${f(one.wallUs)} µs | ${Math.round(1e6 / one.wallUs).toLocaleString('en')}/s |`);
  rows.push(`| \`limits.hit\`, two processes at once over the same file | ${f(p1.cpuUs)} / ${f(p2.cpuUs)} µs | ${f(p1.wallUs)} / ${f(p2.wallUs)} µs | ${Math.round((2 * HITS) / bothS).toLocaleString('en')}/s together |`);
  rows.push(`| \`limits.claim\`, sign-in back-off on two keys (one transaction) | ${f(claim.cpuUs)} µs | ${f(claim.wallUs)} µs | ${Math.round(1e6 / claim.wallUs).toLocaleString('en')}/s |`);
  console.log(rows.join('\n'));

  // In process, off and on alternating (ABBA): the app's CPU per request without sockets or autocannon.
  const inProcess = { off: 0, on: 0 };
  for (const mode of ['off', 'on', 'on', 'off'] as const) {
    const s2 = openSqliteStore(path);
    const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir, PAPERWIRE_API_RATE_LIMIT: mode === 'on' ? '1000000000' : '0' }), secret: 's'.repeat(64) };
    const app = createApp({ store: s2, config, log: createLogger('silent'), cache: new PageCache(), today: () => '2026-12-05' });
    const env = (i: number) => ({ incoming: { socket: { remoteAddress: `10.2.${(i % 1000) >> 8}.${i % 256}` } } });
    await timed(500, async (i) => app.request('/api/daily_papers?limit=5', {}, env(i)));
    inProcess[mode] += (await timed(5000, async (i) => (await app.request('/api/daily_papers?limit=5', {}, env(i))).arrayBuffer())).cpuUs / 2;
    s2.close();
  }
  rows.push(`| in process, \`app.request('/api/daily_papers?limit=5')\`, API limit off / on | ${f(inProcess.off)} / ${f(inProcess.on)} µs | | +${f(inProcess.on - inProcess.off)} µs per request with the limit on |`);
  console.log(rows.at(-1));

  // Off and on alternate (ABBA) so that the machine's changing load weighs on both alike.
  const modes = { off: ['`GET /api/daily_papers?limit=5`, API limit off (0)', '0'], on: ['the same, API limit on (every request counted, none refused)', '1000000000'] } as const;
  for (const mode of ['off', 'on', 'on', 'off'] as const) {
    const [label, limit] = modes[mode];
    const server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: limit, PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_DIGEST_ENABLED: 'false' });
    try {
      const url = `${server.url}/api/daily_papers?limit=5`;
      await autocannon({ url, connections: 10, duration: 2 }); // warm-up
      const cpu0 = cpuMsOf(server.child.pid!);
      const r = await autocannon({ url, connections: 50, duration: SECONDS });
      const cpuUs = ((cpuMsOf(server.child.pid!) - cpu0) * 1000) / r.requests.total;
      rows.push(`| ${label} | ${Math.round(cpuUs)} µs server CPU per request | p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms | ${Math.round(r.requests.average).toLocaleString('en')}/s, ${r.errors + r.non2xx} errors |`);
      console.log(rows.at(-1));
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\n${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end, ${HITS.toLocaleString('en')} hits per process, ${SECONDS} s per HTTP row\n| What | CPU per call | Wall per call | Rate |\n| --- | --- | --- | --- |\n${rows.join('\n')}`);
