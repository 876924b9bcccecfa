/**
 * `npm run bench:memory -- --data DIR`: where a served instance's memory goes before and after the queries of
 * `bench:field --data` (the evaluation set's and 200 titles, lexical then hybrid, over HTTP one at a time). Restarts
 * the compiled server on DIR (which it writes into: use a copy), and prints at ready and after the queries its
 * resident memory by mapping (/proc/PID/smaps: the snapshots' file pages, the malloc heap, anonymous mappings by
 * size — V8's heap spaces, the WebAssembly memories, worker threads' malloc arenas) and the JavaScript side from
 * `/metrics` (heap used, external, array buffers). Issue 20's memory goals are on the process's RSS.
 *
 *   BENCH_TITLES (200) titles as queries; BENCH_MEMORY_SMAPS=1 also lists the 25 largest anonymous mappings.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { grouped, mappings, metricsMemory } from './lib/memoryMap.ts';
import { realQueries } from './realCorpus.ts';
import { ensureBuilt, startServer } from './lib/serverProcess.ts';
import { latencies, memoryOf, sampleTitles } from './lib/fieldSteps.ts';

const args = process.argv.slice(2);
const dir = args.includes('--data') ? args[args.indexOf('--data') + 1] : undefined;
if (!dir) throw new Error('usage: bench/serverMemory.ts --data DIR');
const TITLES = Number(process.env.BENCH_TITLES ?? 200);
const TOKEN = 'bench-memory-token-0123456789';
const mb = (kb: number) => `${(kb / 1024).toFixed(0)}`;

/** The process's threads by name, e.g. "3 node, 1 libuv-worker". */
function threads(pid: number): string {
  const names = new Map<string, number>();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const n = readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim();
    names.set(n, (names.get(n) ?? 0) + 1);
  }
  return [...names].map(([n, c]) => `${c} ${n}`).join(', ');
}

function report(label: string, pid: number, before?: Map<string, number>): Map<string, number> {
  const g = grouped(pid);
  console.log(`${label}: ${memoryOf(pid)}; threads: ${threads(pid)}`);
  const keys = [...new Set([...g.keys(), ...(before?.keys() ?? [])])].sort((a, b) => (g.get(b) ?? 0) - (g.get(a) ?? 0));
  for (const k of keys) {
    const now = g.get(k) ?? 0;
    const was = before?.get(k) ?? 0;
    if (now < 1024 && was < 1024) continue;
    console.log(`    ${k.padEnd(44)} ${mb(now).padStart(6)} MB${before ? `  (${now - was >= 0 ? '+' : ''}${mb(now - was)})` : ''}`);
  }
  if (process.env.BENCH_MEMORY_SMAPS) {
    for (const m of mappings(pid).filter((m) => !m.name.startsWith('/')).sort((a, b) => b.rssKb - a.rssKb).slice(0, 25)) {
      console.log(`      ${m.name} size ${mb(m.sizeKb)} MB rss ${mb(m.rssKb)} MB anon ${mb(m.anonKb)} MB`);
    }
  }
  return g;
}

await ensureBuilt();
const server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_DIGEST_ENABLED: 'false', PAPERWIRE_METRICS_TOKEN: TOKEN }, true);
try {
  await server.waitReady(3_600_000);
  const pid = server.child.pid!;
  const atReady = report('at ready', pid);
  console.log(`    /metrics: ${await metricsMemory(server.url, TOKEN)}`);
  const queries: [string, string[]][] = [
    ['evaluation set', realQueries()],
    ['titles', sampleTitles(dir, TITLES)],
  ];
  await latencies(server.url, queries[0]![1].slice(0, 10), 'hybrid');
  for (const [name, qs] of queries) {
    for (const mode of ['lexical', 'hybrid']) {
      const r = await latencies(server.url, qs, mode);
      console.log(`  ${mode}, ${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
    }
  }
  report('after the queries', pid, atReady);
  console.log(`    /metrics: ${await metricsMemory(server.url, TOKEN)}`);
  const snapDir = process.env.BENCH_MEMORY_HEAPSNAPSHOT_DIR; // with NODE_OPTIONS="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=DIR"
  if (snapDir) {
    const before = new Set(readdirSync(snapDir));
    server.child.kill('SIGUSR2');
    for (let last = -1; ; ) {
      await new Promise((r) => setTimeout(r, 2000));
      const f = readdirSync(snapDir).find((n) => !before.has(n) && n.endsWith('.heapsnapshot'));
      const size = f ? statSync(`${snapDir}/${f}`).size : -1;
      if (f && size === last && size > 0) break;
      last = size;
    }
    console.log(`    heap snapshot written to ${snapDir}`);
  }
} finally {
  await server.stop();
}
