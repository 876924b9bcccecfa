/**
 * `npm run bench:busy`: page and search latency of `paperwire serve` while it embeds a freshly imported corpus in
 * the background, against the same server once all its background work is done. The first N papers (default
 * 30,000) of the real arXiv corpus (bench/realCorpus.ts) are imported, not embedded; the server starts, embeds
 * them and extracts their keywords (each in a worker thread); meanwhile one client asks for the daily page and a
 * search in turn, one request at a time, and the same again once both work queues are empty.
 * usage: npx tsx bench/busyLatency.ts [--papers N] [--seconds S] [--loop-delay]
 * `--loop-delay` preloads bench/lib/loopDelay.mjs into the server and prints its event-loop delay in each phase:
 * how long the server thread was held (it adds a 1 ms timer to the server, so compare runs made with it alike).
 */
import Database from 'better-sqlite3';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPapers } from '../src/ingest/importPapers.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer, type ServerProcess } from './lib/serverProcess.ts';
import { ensureRealCorpus } from './realCorpus.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const papers = arg('--papers', 30_000);
const seconds = arg('--seconds', 15);
const loopDelay = args.includes('--loop-delay');
const converted = await ensureRealCorpus();

const queries = ['graph neural networks', 'large language model agents', 'diffusion models for video', 'federated learning privacy', 'retrieval augmented generation', 'reinforcement learning from human feedback'];

/** Sequential requests for `ms`: the daily page and a search in turn; p50/p95/max of each, in ms. */
async function measure(server: ServerProcess, ms: number) {
  const times: Record<'page' | 'search', number[]> = { page: [], search: [] };
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    for (const [kind, path] of [['page', '/'], ['search', `/api/papers/search?q=${encodeURIComponent(queries[i % queries.length]!)}`]] as const) {
      const t = performance.now();
      const r = await fetch(server.url + path);
      await r.arrayBuffer();
      // a refused request (429 past the anonymous API limit) is not a measurement of the work asked for
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
      times[kind].push(performance.now() - t);
    }
  }
  const stat = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
    return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1]!.toFixed(0)} ms (${s.length} requests)`;
  };
  return { page: stat(times.page), search: stat(times.search), count: times.page.length + times.search.length };
}

/**
 * The loop-delay lines (bench/lib/loopDelay.mjs) written between `from` and `to` (ms since the epoch), summed up;
 * the server thread's CPU time is also given per request of the `requests` served in the phase.
 */
function loopDelayIn(file: string, from: number, to: number, requests: number): string {
  let rows: number[][] = [];
  try {
    rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
  } catch {
    return 'no loop-delay lines';
  }
  rows = rows.filter((r) => r[0]! > from + 1000 && r[0]! <= to);
  if (!rows.length) return 'no loop-delay lines';
  const p99 = rows.map((r) => r[2]!).sort((a, b) => a - b);
  const sum = (k: number) => rows.reduce((s, r) => s + r[k]!, 0);
  const cpu = rows.every((r) => r.length >= 9) ? `; server thread on a CPU ${sum(7).toFixed(0)} ms (${(sum(7) / requests).toFixed(2)} ms a request), runnable but waiting for one ${sum(8).toFixed(0)} ms` : '';
  return `event-loop delay over ${rows.length} s: p50 of the seconds' p99 ${p99[Math.floor(p99.length / 2)]!.toFixed(1)} ms, worst second's p99 ${p99.at(-1)!.toFixed(1)} ms, max ${Math.max(...rows.map((r) => r[3]!)).toFixed(1)} ms; held in blocks over 5 / 10 / 20 ms: ${sum(4).toFixed(0)} / ${sum(5).toFixed(0)} / ${sum(6).toFixed(0)} ms${cpu}`;
}

const dir = mkdtempSync(join(tmpdir(), 'paperwire-busy-'));
try {
  const lines = readFileSync(converted, 'utf8').split('\n').slice(0, papers).join('\n') + '\n';
  writeFileSync(join(dir, 'papers.jsonl'), lines);
  const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
  const summary = await importPapers(store, createReadStream(join(dir, 'papers.jsonl')));
  store.close();
  console.log(`imported ${summary.new} papers, none embedded`);
  // the anonymous API limit (500 requests per 5 minutes) would answer most of these searches 429 in a few ms
  const delayFile = join(dir, 'loop-delay.txt');
  const preload = fileURLToPath(new URL('./lib/loopDelay.mjs', import.meta.url));
  const delayEnv: Record<string, string> = loopDelay ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`, BENCH_LOOP_DELAY_FILE: delayFile } : {};
  const server = await startServer(dir, { PAPERWIRE_DIGEST_ENABLED: 'false', PAPERWIRE_API_RATE_LIMIT: '0', ...delayEnv });
  const started = Date.now();
  await server.waitReady(600_000);
  console.log(`ready after ${Date.now() - started} ms; embedding in the background`);
  const busyFrom = Date.now();
  const busy = await measure(server, seconds * 1000);
  console.log(`while embedding — page: ${busy.page}; search: ${busy.search}`);
  if (loopDelay) console.log(`  ${loopDelayIn(delayFile, busyFrom, Date.now(), busy.count)}`);
  await server.waitForLog(/embedded papers/, 900_000);
  console.log(`every paper embedded ${((Date.now() - started) / 1000).toFixed(0)} s after ready`);
  // idle means no background work at all: keyword extraction (in its worker, with document frequencies read from
  // the server thread's lexical index) runs on after embedding, so wait for both queues to empty
  const db = new Database(join(dir, 'paperwire.db'), { readonly: true });
  const queued = () => (db.prepare('SELECT count(*) FROM search_queue').pluck().get() as number);
  for (const end = Date.now() + 900_000; queued() > 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 500));
  console.log(`background work done ${((Date.now() - started) / 1000).toFixed(0)} s after ready (${queued()} papers still queued)`);
  db.close();
  // and the chance calibration at the index's final size (semanticSearch.ts: 5 s after the last change, started by
  // a search) has run: one search once the index has been still that long, then time for the calibration
  await new Promise((r) => setTimeout(r, 6000));
  await fetch(`${server.url}/api/papers/search?q=warm`).then((r) => r.arrayBuffer());
  await new Promise((r) => setTimeout(r, 5000));
  const idleFrom = Date.now();
  const idle = await measure(server, seconds * 1000);
  console.log(`idle — page: ${idle.page}; search: ${idle.search}`);
  if (loopDelay) console.log(`  ${loopDelayIn(delayFile, idleFrom, Date.now(), idle.count)}`);
  await server.stop();
  console.log(`machine: ${cpus().length} cores shared with other work, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
