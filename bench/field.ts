/**
 * `npm run bench:field`: a whole field on one machine, the way an admin meets it, on the 126k real arXiv papers
 * (bench/realCorpus.ts), everything compiled as `npm start` runs it: `paperwire import` into a fresh data folder,
 * then `serve` — time to listening, to the lexical index built, to every paper embedded — server RSS, lexical and
 * hybrid p50/p95 over HTTP with real queries (the evaluation sets' and real titles), then a restart the same way.
 * BENCH_TITLES (200) real titles as queries; BENCH_EMBED_WAIT_S (1200) the longest wait for embedding.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { ensureRealCorpus, realQueries } from './realCorpus.ts';
import { ensureBuilt, START, startServer, type ServerProcess } from './lib/serverProcess.ts';

const TITLES = Number(process.env.BENCH_TITLES ?? 200);
const EMBED_WAIT_MS = Number(process.env.BENCH_EMBED_WAIT_S ?? 1200) * 1000;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function runImport(dir: string, file: string): Promise<{ ms: number; summary: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [START, 'import', file], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOAD_DEMO: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, summary: out.split('\n').find((l) => /read \d+/.test(l)) ?? out.slice(0, 300) }) : reject(new Error(`import failed: ${out}`)))),
  );
}

/** Milliseconds from `startedAt` (Date.now() at spawn) until the server logged a line matching `re`, by the line's own timestamp. */
async function logged(server: ServerProcess, re: RegExp, startedAt: number, timeoutMs = 600_000): Promise<number> {
  await server.waitForLog(re, timeoutMs);
  const line = server.output().split('\n').find((l) => re.test(l))!;
  return Date.parse(line.slice(0, 24)) - startedAt;
}

/** Milliseconds from `t0` until no paper waits to be embedded, or how many still wait after EMBED_WAIT_MS. */
async function untilEmbedded(dir: string, t0: number): Promise<{ ms: number } | { left: number }> {
  const store = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    for (;;) {
      const left = await store.searchIndex.queuedCount('embed');
      if (left === 0) return { ms: performance.now() - t0 };
      if (performance.now() - t0 > EMBED_WAIT_MS) return { left };
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    store.close();
  }
}

async function latencies(url: string, queries: string[], mode: string): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    const target = `${url}/api/papers/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`;
    // one retry: a keep-alive connection the server closed as the client reused it resets without an answer
    const res = await fetch(target).catch(() => fetch(target));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`search answered ${res.status} for ${q}`);
    times.push(performance.now() - t);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
}

/** Every `n`-th title of the corpus, shortened to at most 12 words as a reader would type it. */
function realTitles(file: string, n: number): string[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const step = Math.max(1, Math.floor(lines.length / n));
  return lines.filter((_, i) => i % step === 0).slice(0, n).map((l) => (JSON.parse(l) as { title: string }).title.split(/\s+/).slice(0, 12).join(' '));
}

await ensureBuilt();
const file = await ensureRealCorpus();
const queries = realQueries();
const titles = realTitles(file, TITLES);
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-field-'));
const say = (l: string) => console.log(l);
let server: ServerProcess | undefined;
try {
  say(`${cpus().length} cores, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start, ${new Date().toISOString()}`);
  const imp = await runImport(dir, file);
  say(`import: ${s(imp.ms)} (${imp.summary.trim()})`);

  let t0 = performance.now();
  let wall = Date.now();
  server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: '0' }, true);
  say(`first start: listening after ${s(performance.now() - t0)}`);
  say(`  lexical index built after ${s(await logged(server, /lexical search index built/, wall))}`);
  const embedded = await untilEmbedded(dir, t0);
  const when = 'ms' in embedded ? s(embedded.ms) : `more than ${s(EMBED_WAIT_MS)} (${embedded.left.toLocaleString('en-US')} papers still queued)`;
  say(`  every paper embedded after ${when}; RSS ${rssMb(server.child.pid!).toFixed(0)} MB`);
  await server.stop();
  server = undefined;

  t0 = performance.now();
  wall = Date.now();
  server = await startServer(dir, { PAPERWIRE_API_RATE_LIMIT: '0' }, true);
  say(`restart: listening after ${s(performance.now() - t0)}`);
  say(`  semantic index loaded after ${s(await logged(server, /semantic index loaded/, wall))}`);
  say(`  lexical index built after ${s(await logged(server, /lexical search index built/, wall))}; RSS ${rssMb(server.child.pid!).toFixed(0)} MB`);
  await latencies(server.url, queries.slice(0, 10), 'hybrid'); // warm-up
  for (const [name, qs] of [[`${queries.length} evaluation-set queries`, queries], [`${titles.length} real titles`, titles]] as const) {
    for (const mode of ['lexical', 'hybrid']) {
      const r = await latencies(server.url, [...qs], mode);
      say(`  ${mode}, ${name}, over HTTP one at a time: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(0)} ms`);
    }
  }
  say(`  RSS after the queries ${rssMb(server.child.pid!).toFixed(0)} MB; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
