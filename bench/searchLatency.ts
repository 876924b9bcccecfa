/**
 * `npm run bench:latency -- DATA_DIR`: search latency in process on a kept data folder (e.g. one `bench:field --keep`
 * made), opened as `serve` opens it — the lexical and vector snapshots of `DATA_DIR/search`, the bundled model —
 * with no background work. Runs the evaluation sets' queries and 200 real titles in lexical, semantic and hybrid
 * mode (limit 20), two passes each (the first embeds each query, the second finds it in the query cache), and
 * prints p50 / p95 / max per mode and pass, and for lexical and hybrid where the time goes: the lexical ranking, the
 * semantic side (query embedding, vector search, Gram matrix), the credibility counts, row reads from SQLite
 * (hydration, exact-title check, spelling), and the rest (parsing, revision, fusion).
 *
 *   npm run bench:latency -- /tmp/fk [--passes N] [--dump FILE] [--modes lexical,semantic,hybrid] [--titles N] [--blocks N]
 *
 * `--dump FILE` writes every query's result ids and total per mode (JSON), so two builds can be compared for
 * identical results on the same data. `--titles N` samples N titles instead of 200; `--blocks N` also prints the
 * titles' latency in blocks of N queries and how many common words' window layouts each block computed — what a
 * server answering varied queries for a long time pays as its kept layouts fill and are replaced.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { SERVE_PAGE_CACHE_MB } from '../src/storage/openStore.ts';
import { createSearchContext } from '../src/search/searchContext.ts';
import { searchPapers, type SearchMode } from '../src/search/searchPapers.ts';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';
import { vectorSnapshotName } from '../src/search/semantic/vectorSnapshot.ts';
import { realQueries } from './realCorpus.ts';
import { sampleTitles } from './lib/fieldSteps.ts';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!dir) throw new Error('usage: bench/searchLatency.ts DATA_DIR [--passes N] [--dump FILE] [--modes lexical,semantic,hybrid]');
const opt = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const passes = Number(opt('passes') ?? 2);
const dump = opt('dump');
const modes = (opt('modes') ?? 'lexical,semantic,hybrid').split(',') as SearchMode[];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`${cpus().length} cores, node ${process.version}, load average ${load()} at start, ${new Date().toISOString()}`);
const titles = sampleTitles(dir, Number(opt('titles') ?? 200));
const blocks = Number(opt('blocks') ?? 0);
const store = openSqliteStore(join(dir, 'paperwire.db'), { pageCacheMb: SERVE_PAGE_CACHE_MB }); // the server's page cache
const ctx = createSearchContext(store, { snapshotDir: join(dir, 'search') });
let t0 = performance.now();
const index = await ctx.lexical.current();
console.log(`lexical index: ${index.size.toLocaleString('en-US')} papers in ${(performance.now() - t0).toFixed(0)} ms`);
const embedder = bundledEmbedder();
const semantic = createSemanticSearch(store, embedder, undefined, { snapshot: { path: join(dir, 'search', vectorSnapshotName(embedder.id)) } });
t0 = performance.now();
const loaded = await semantic.load();
await semantic.settled();
await semantic.chanceScores();
semantic.close();
console.log(`vectors: ${loaded.vectors.toLocaleString('en-US')} from the ${loaded.from}, clustered ${!!semantic.index?.clustered}, simd ${!!semantic.index?.simd}, in ${(performance.now() - t0).toFixed(0)} ms (chance calibration included)`);

// Step timers: each wraps one collaborator of searchPapers (lexical ranking, semantic side, credibility, row reads).
const steps = { lexical: 0, semantic: 0, credibility: 0, rows: 0 };
const detail = { vectors: 0, gram: 0, coverage: 0, count: 0 };
const timed = <A extends unknown[], R>(key: keyof typeof steps, fn: (...a: A) => R, sub?: keyof typeof detail) =>
  (...a: A): R => {
    const t = performance.now();
    const r = fn(...a);
    const done = () => {
      steps[key] += performance.now() - t;
      if (sub) detail[sub] += performance.now() - t;
    };
    if (r instanceof Promise) return r.finally(done) as R;
    done();
    return r;
  };
index.search = timed('lexical', index.search.bind(index));
index.coverage = timed('credibility', index.coverage.bind(index), 'coverage');
index.credibleCount = timed('credibility', index.credibleCount.bind(index), 'count');
const getMany = store.papers.getMany.bind(store.papers);
// rows read from SQLite per query (a count of work, steadier than a time on a busy machine)
let rowsRead = 0;
store.papers.getMany = timed('rows', (ids: string[]) => ((rowsRead += ids.length), getMany(ids)));
// the vector index's own search (the scan alone, without the query's embedding), timed per call
const scans: number[] = [];
const vectorIndex = semantic.index!;
const indexSearch = vectorIndex.search.bind(vectorIndex);
vectorIndex.search = (...a: Parameters<typeof indexSearch>) => {
  const t = performance.now();
  const r = indexSearch(...a);
  scans.push(performance.now() - t);
  return r;
};
console.log(`vector scan: ${(vectorIndex as { nativeScan?: string }).nativeScan ?? (vectorIndex.simd ? 'wasm' : 'js')}`);
ctx.semantic = { search: timed('semantic', semantic.search.bind(semantic), 'vectors'), gram: timed('semantic', semantic.gram.bind(semantic), 'gram'), chanceScores: () => semantic.chanceScores() };

const sets: [string, string[]][] = [
  [`${realQueries().length} evaluation-set queries`, realQueries()],
  [`${titles.length} real titles`, titles],
];
// the common words' window layouts the lexical index has computed so far (its WindowScratch, made on first use)
const layoutsOf = () => (index as unknown as { windows?: { made: number } }).windows?.made ?? 0;
// and those it read from the snapshot file instead (segments loaded with their layouts)
const layoutsRead = () => (index as unknown as { windows?: { read?: number } }).windows?.read ?? 0;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const results: Record<string, { ids: string[]; total: number }[]> = {};
for (const mode of modes) {
  for (const [name, qs] of sets) {
    for (let pass = 1; pass <= passes; pass++) {
      const ms: number[] = [];
      for (const k of Object.keys(steps) as (keyof typeof steps)[]) steps[k] = 0;
      for (const k of Object.keys(detail) as (keyof typeof detail)[]) detail[k] = 0;
      scans.length = 0;
      const faults = process.resourceUsage().majorPageFault;
      const minor = process.resourceUsage().minorPageFault;
      rowsRead = 0;
      const out: { ids: string[]; total: number }[] = [];
      const perQuery: number[][] = [];
      const layoutsMade: number[] = [];
      const startMade = layoutsOf();
      const startRead = layoutsRead();
      for (const q of qs) {
        const before = Object.values(steps);
        const t = performance.now();
        const r = await searchPapers(ctx, { q, mode, limit: 20, interactive: true });
        ms.push(performance.now() - t);
        perQuery.push(Object.values(steps).map((v, i) => v - before[i]!));
        out.push({ ids: r.papers.map((p) => p.id), total: r.total });
        layoutsMade.push(layoutsOf());
      }
      results[`${mode} ${name}`] = out;
      const sorted = ms.slice().sort((a, b) => a - b);
      const sum = ms.reduce((a, b) => a + b, 0);
      let line = `${mode.padEnd(8)} ${name}, pass ${pass}: p50 ${pct(sorted, 0.5).toFixed(1)} ms, p95 ${pct(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
      if (mode !== 'semantic') {
        const per = (v: number) => (v / qs.length).toFixed(2);
        const rest = sum - steps.lexical - steps.semantic - steps.credibility - steps.rows;
        line += `; mean per query ${per(sum)} ms = lexical ${per(steps.lexical)} + semantic ${per(steps.semantic)} + credibility ${per(steps.credibility)} + rows ${per(steps.rows)} + rest ${per(rest)}`;
        // the same split for the slowest 5 % of the queries (what p95 is made of)
        const slow = ms.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.round(qs.length / 20)));
        const part = (k: number) => (slow.reduce((s, [, i]) => s + perQuery[i]![k]!, 0) / slow.length).toFixed(2);
        const slowMean = slow.reduce((s, [v]) => s + v, 0) / slow.length;
        const slowRest = slowMean - [0, 1, 2, 3].reduce((s, k) => s + Number(part(k)), 0);
        if (mode === 'hybrid') line += ` (semantic: vectors ${per(detail.vectors)}, Gram ${per(detail.gram)}; credibility: coverage ${per(detail.coverage)}, count ${per(detail.count)})`;
        line += `; slowest 5 %: ${slowMean.toFixed(2)} ms = ${part(0)} + ${part(1)} + ${part(2)} + ${part(3)} + ${slowRest.toFixed(2)}`;
      }
      if (mode !== 'semantic') line += `; window layouts made ${layoutsOf() - startMade}, read ${layoutsRead() - startRead}`;
      line += `; rows read ${(rowsRead / qs.length).toFixed(1)} a query; major page faults ${process.resourceUsage().majorPageFault - faults}, minor ${((process.resourceUsage().minorPageFault - minor) / qs.length).toFixed(0)} a query`;
      if (scans.length) {
        const sortedScans = scans.slice().sort((a, b) => a - b);
        line += `; vector search mean ${(scans.reduce((a, b) => a + b, 0) / scans.length).toFixed(2)} ms, p95 ${pct(sortedScans, 0.95).toFixed(2)} ms`;
      }
      console.log(line);
      if (blocks && qs === titles) {
        for (let b = 0; b * blocks < qs.length; b++) {
          const part = ms.slice(b * blocks, (b + 1) * blocks);
          const sortedPart = part.slice().sort((x, y) => x - y);
          const made = layoutsMade[Math.min(qs.length, (b + 1) * blocks) - 1]! - (b ? layoutsMade[b * blocks - 1]! : startMade);
          console.log(`  titles ${b * blocks + 1}–${b * blocks + part.length}: p50 ${pct(sortedPart, 0.5).toFixed(1)} ms, p95 ${pct(sortedPart, 0.95).toFixed(1)} ms, mean ${(part.reduce((x, y) => x + y, 0) / part.length).toFixed(2)} ms; window layouts made ${made}`);
        }
      }
    }
  }
}
console.log(`load average ${load()} at the end`);
if (dump) writeFileSync(dump, JSON.stringify(results));
store.close();
