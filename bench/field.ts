/**
 * `npm run bench:field`: a whole field on one machine, the way an admin meets it, everything compiled as
 * `npm start` runs it: `paperwire import` into a fresh data folder, then `serve` — time to listening, to `/readyz`
 * ready, to the lexical index built, to every paper embedded (the embedding queue empty) — server RSS, and its
 * range over the next 15 s and where it goes (by mapping, and the JavaScript side from `/metrics`), and once its
 * embedding worker is let go — then a restart the same way (from the snapshots the first start wrote), then lexical
 * and hybrid p50/p95 over HTTP with real queries (the evaluation sets' and real titles) and, on synthetic data, the generator's queries.
 *
 *   npm run bench:field                          # the 126k real arXiv papers (bench/realCorpus.ts)
 *   npm run bench:field -- --synthetic 1000000   # N synthetic Kaggle-format records (bench/synth, cached in .cache/synth)
 *   … --drop-corpus                               # delete the generated corpus file afterwards (GBs at 2.7M)
 *   … --keep DIR                                  # import into DIR and keep it (database and snapshots) afterwards
 *   npm run bench:field -- --data DIR            # restarts and queries only, on a data folder kept that way
 *   … --generator                                 # also the generator's queries (a folder of synthetic papers)
 *   … --passes 2                                  # every query set twice: the first pass after the restart, then one
 *                                                 # that meets a warmed server (what readers meet after its first minutes)
 *
 * BENCH_TITLES (200) titles as queries; BENCH_EMBED_WAIT_S (1200) the longest wait for embedding. Memory is read at
 * ready, right after the queries, and 5 s later with no request (what an idle server holds). Where the restarted
 * server still has keywords queued (a field imported minutes ago), their extraction rate is given with no request
 * for BENCH_EXTRACTION_IDLE_S (20; 0 skips it) and beside the queries.
 */
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRealCorpus, realQueries } from './realCorpus.ts';
import { DEFAULT_END, ensureCorpus, generateQueries } from './synth/index.ts';
import { ensureBuilt, startServer, type ServerProcess } from './lib/serverProcess.ts';
import { groupedLine, metricsMemory } from './lib/memoryMap.ts';
import { EMBED_WORKER_IDLE_MS } from '../src/search/semantic/offThreadEmbedJob.ts';
import { dataFolderSizes, latencies, logged, memoryOf, queuedNow, rssOver, runImport, sampleTitles, untilQueueEmpty } from './lib/fieldSteps.ts';

const args = process.argv.slice(2);
const synthetic = args.includes('--synthetic') ? Number(args[args.indexOf('--synthetic') + 1]) : 0;
if (args.includes('--synthetic') && !(synthetic > 0)) throw new Error('usage: bench/field.ts [--synthetic N] [--drop-corpus]');
const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
const reuse = args.includes('--data') ? args[args.indexOf('--data') + 1] : undefined;
const TITLES = Number(process.env.BENCH_TITLES ?? 200);
const PASSES = args.includes('--passes') ? Math.max(1, Number(args[args.indexOf('--passes') + 1]) || 1) : 1;
const EMBED_WAIT_MS = Number(process.env.BENCH_EMBED_WAIT_S ?? 1200) * 1000;
const SETTLE_MS = 5000;
/** With keywords still queued at the restart: how long extraction runs with no request before the queries. */
const EXTRACTION_IDLE_MS = Number(process.env.BENCH_EXTRACTION_IDLE_S ?? 20) * 1000;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const say = (l: string) => console.log(l);
const METRICS_TOKEN = 'bench-field-metrics-token-0123456789';
const env = { PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_DIGEST_ENABLED: 'false', PAPERWIRE_METRICS_TOKEN: METRICS_TOKEN };

await ensureBuilt();
say(`${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${load()} at start, ${new Date().toISOString()}`);
let t = performance.now();
const file = reuse ? '' : synthetic ? await ensureCorpus(synthetic, 1, 'kaggle', { ...spanFor(synthetic), onGenerate: (p) => say(`generating ${p}`) }) : await ensureRealCorpus();
if (file) say(`corpus: ${file} (${s(performance.now() - t)} to generate or find)`);
const dir = reuse ?? keep ?? mkdtempSync(join(tmpdir(), 'pw-bench-field-'));
if (keep) mkdirSync(keep, { recursive: true });
let server: ServerProcess | undefined;
try {
  if (!reuse) await firstStart();
  const t0 = performance.now();
  server = await startServer(dir, env, true);
  say(`restart: listening after ${s(performance.now() - t0)}`);
  await server.waitReady(3_600_000);
  say(`  /readyz ready after ${s(performance.now() - t0)}; ${memoryOf(server.child.pid!)}`);
  for (const l of server.output().split('\n').filter((l) => /snapshot|index built|index loaded|search is ready/.test(l))) say(`    ${l.slice(0, 320)}`);
  // keyword extraction still queued (a freshly imported field): how fast it goes on beside the queries below
  let [keywordsBefore, keywordsFrom] = [await queuedNow(dir, 'keywords'), performance.now()];
  if (keywordsBefore && EXTRACTION_IDLE_MS) {
    // the rate with no request at all, then the same beside the queries below
    await new Promise((r) => setTimeout(r, EXTRACTION_IDLE_MS));
    const left = await queuedNow(dir, 'keywords');
    say(`  keyword extraction with no requests (${EXTRACTION_IDLE_MS / 1000} s): ${((keywordsBefore - left) / ((performance.now() - keywordsFrom) / 1000)).toFixed(0)} papers/s`);
    [keywordsBefore, keywordsFrom] = [left, performance.now()];
  }
  const queries: [string, string[]][] = [
    [`${realQueries().length} evaluation-set queries`, realQueries()],
    [`${TITLES} ${synthetic ? 'synthetic' : reuse ? "of the folder's" : 'real'} titles`, sampleTitles(dir, TITLES)],
  ];
  if (synthetic || args.includes('--generator')) queries.push(['200 generator queries', generateQueries(1, 200).map((q) => q.q)]);
  await latencies(server.url, queries[0]![1].slice(0, 10), 'hybrid'); // warm-up
  for (let pass = 1; pass <= PASSES; pass++) {
    for (const [name, qs] of queries) {
      for (const mode of ['lexical', 'hybrid']) {
        const r = await latencies(server.url, qs, mode);
        const which = PASSES > 1 ? `pass ${pass}, ` : '';
        say(`  ${which}${mode}, ${name}, over HTTP one at a time: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(0)} ms`);
      }
    }
  }
  say(`  after the queries: ${memoryOf(server.child.pid!)}; load average ${load()} at the end`);
  const keywordsLeft = await queuedNow(dir, 'keywords');
  if (keywordsBefore) say(`  keyword extraction beside the queries: ${((keywordsBefore - keywordsLeft) / ((performance.now() - keywordsFrom) / 1000)).toFixed(0)} papers/s (${keywordsLeft.toLocaleString('en-US')} still queued)`);
  // what the server holds once it has been idle a few seconds (its idle collection gives the heap's garbage back)
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  say(`  ${SETTLE_MS / 1000} s later, no requests: ${memoryOf(server.child.pid!)}`);
  await timedStop(server, 'restarted server');
  server = undefined;
} finally {
  await server?.stop();
  if (!reuse && !keep) rmSync(dir, { recursive: true, force: true });
  if (synthetic && args.includes('--drop-corpus')) rmSync(file, { force: true });
}

/** `paperwire import`, then the first `serve` until every paper is embedded, then a stop (which saves the snapshots). */
async function firstStart(): Promise<void> {
  const imp = await runImport(dir, file, synthetic ? ['--format', 'kaggle'] : []);
  say(`import: ${s(imp.ms)} (${imp.summary.trim()}); load average ${load()}`);

  const t0 = performance.now();
  const wall = Date.now();
  server = await startServer(dir, env, true);
  say(`first start: listening after ${s(performance.now() - t0)}`);
  await server.waitReady(3_600_000);
  say(`  /readyz ready after ${s(performance.now() - t0)} (lexical index built after ${s(await logged(server, /lexical search index built/, wall))})`);
  const embedded = await untilQueueEmpty(dir, 'embed', t0, EMBED_WAIT_MS);
  say(`  every paper embedded after ${'ms' in embedded ? s(embedded.ms) : `more than ${s(EMBED_WAIT_MS)} (${embedded.left.toLocaleString('en-US')} papers still queued)`}`);
  const keywords = await untilQueueEmpty(dir, 'keywords', t0, 1000);
  say(`  keywords: ${'ms' in keywords ? `every paper's extracted after ${s(keywords.ms)}` : `${keywords.left.toLocaleString('en-US')} papers still queued`}`);
  say(`  ${memoryOf(server.child.pid!)}; load average ${load()}`);
  say(`  ${await rssOver(server.child.pid!)}`);
  say(`  by mapping: ${groupedLine(server.child.pid!)}; /metrics: ${await metricsMemory(server.url, METRICS_TOKEN)}`);
  // the embedding job's worker is let go once idle: what the server holds from then on
  if ('ms' in embedded) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + embedded.ms + EMBED_WORKER_IDLE_MS + 5000 - performance.now())));
    say(`  ${s(EMBED_WORKER_IDLE_MS + 5000)} after the queue emptied (the embedding worker let go): ${memoryOf(server.child.pid!)}`);
  }
  say(`  data folder before the stop: ${dataFolderSizes(dir)}`);
  await timedStop(server, 'first server');
  server = undefined;
  say(`  data folder: ${dataFolderSizes(dir)}`);
}

/**
 * SIGTERM and the time to exit — a service manager kills a server that takes longer than its stop timeout (90 s
 * for systemd), before it has saved its snapshots — with the server's lines from the shutdown on.
 */
async function timedStop(server: ServerProcess, which: string): Promise<void> {
  const from = server.output().length;
  const t0 = performance.now();
  await server.stop();
  // the server's own "stopped" line against the exit: what the process did after it (closing, its threads ending)
  const exitedAt = Date.now();
  const logged = /^(\S+) info stopped /m.exec(server.output().slice(from));
  const after = logged ? `, ${s(exitedAt - Date.parse(logged[1]!))} of it after its "stopped" line` : '';
  say(`  ${which} stopped after ${s(performance.now() - t0)}${after}`);
  for (const l of server.output().slice(from).split('\n').filter(Boolean)) say(`    ${l.slice(0, 320)}`);
}

/**
 * The generator's dates for N papers: its default two years up to 1.2M papers; beyond, as many months as keep the
 * average at 50,000 papers a month, ending where the default ends — arXiv's YYMM.NNNNN ids allow 99,999 a month,
 * and the full arXiv's 2.7M papers span decades, not two years.
 */
function spanFor(n: number): { start?: string; end?: string } {
  const months = Math.ceil(n / 50_000);
  if (months <= 24) return {};
  const end = new Date(`${DEFAULT_END}T00:00:00Z`);
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months + 1, 1));
  return { start: start.toISOString().slice(0, 10), end: DEFAULT_END };
}
