/**
 * `npm run bench:build-beside -- --data DIR`: search and page latency over HTTP beside a vector cluster build,
 * against the same server once the build is done. DIR is a data folder whose saved clusters were outgrown — made
 * for two thirds of its vectors or fewer (VectorIndex.clustersOutgrown), its server stopped before the build that
 * would follow (docs/benchmarks.md says how one is made) — so the restart assigns the
 * waiting vectors, then builds the clusters again. DIR is copied first (the build's snapshot would replace the
 * outgrown one), so it can be measured again. From /readyz on, rounds of the evaluation sets' queries (hybrid, one
 * at a time) and of the daily page run until ROUNDS_AFTER rounds after the build; each round is labelled with
 * the work that ran through it, read from the server's log.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { latencies, spread } from './lib/fieldSteps.ts';
import { ensureBuilt, startServer } from './lib/serverProcess.ts';
import { realQueries } from './realCorpus.ts';

const args = process.argv.slice(2);
const data = args.includes('--data') ? args[args.indexOf('--data') + 1] : undefined;
if (!data) throw new Error('usage: bench/buildBeside.ts --data DIR (a data folder whose vector clusters were outgrown)');
const ROUNDS_AFTER = 3;
const PAGES = 40;

/** p50, p95 and max of the daily page (/api/daily_papers) over HTTP, one request at a time. */
async function pageLatencies(url: string): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const t = performance.now();
    const res = await fetch(`${url}/api/daily_papers?limit=50`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  return spread(times);
}

await ensureBuilt();
console.log(`${cpus().length} cores, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${new Date().toISOString()}`);
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-beside-'));
cpSync(data, dir, { recursive: true });
const server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_DIGEST_ENABLED: 'false', PAPERWIRE_LOG_LEVEL: 'debug' }, true);
try {
  const t0 = performance.now();
  await server.waitReady(600_000);
  console.log(`ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const queries = realQueries();
  const phase = () => (/vector index clustered/.test(server.output()) ? 'after' : /vector clustering started/.test(server.output()) ? 'building' : 'assigning');
  const rows: { during: string; hybrid: { p50: number; p95: number; max: number }; page: { p50: number; p95: number; max: number } }[] = [];
  for (let after = 0; after < ROUNDS_AFTER && rows.length < 100; ) {
    const before = phase();
    const hybrid = await latencies(server.url, queries, 'hybrid');
    const page = await pageLatencies(server.url);
    const now = phase();
    const during = before === now ? now : `${before}→${now}`;
    if (before === 'after') after++;
    rows.push({ during, hybrid, page });
    const f = (r: { p50: number; p95: number; max: number }) => `p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} max ${r.max.toFixed(0)}`;
    console.log(`${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${during.padEnd(18)} hybrid ${f(hybrid)} ms; daily page ${f(page)} ms`);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const of = (label: string) => rows.filter((r) => r.during === label);
  const building = of('building');
  const idle = of('after').slice(1); // the first round after may still meet the build's last steps and its save
  if (building.length && idle.length) {
    const ratio = (pick: (r: (typeof rows)[number]) => number) => (median(building.map(pick)) / median(idle.map(pick))).toFixed(2);
    console.log(`beside the build / after it (medians over rounds): hybrid p50 ${ratio((r) => r.hybrid.p50)}×, p95 ${ratio((r) => r.hybrid.p95)}×; daily page p50 ${ratio((r) => r.page.p50)}×, p95 ${ratio((r) => r.page.p95)}×`);
  }
  for (const line of server.output().split('\n')) if (/snapshot loaded|search is ready|vectors assigned|clustering started|index clustered/.test(line)) console.log(`  log: ${line.slice(0, 200)}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
