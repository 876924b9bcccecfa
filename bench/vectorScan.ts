/**
 * `npm run bench:vector-scan -- DATA_DIR`: the vector index's scan alone, on a kept data folder's vector snapshot
 * (read only), with the evaluation sets' queries and 200 real titles embedded by the bundled model. Every scan
 * path this machine has (WebAssembly, then the native addon's AVX2 and C) runs each query in turn, on the
 * same rows in the same minutes, and must return the same hits to the bit; it prints each path's mean / p50 / p95,
 * the centroid ranking alone, and recall@10 and @100 of the clustered search against an exact scan of every row
 * for several probe fractions (what probing fewer clusters would cost).
 *
 *   npm run bench:vector-scan -- /tmp/f27m [--passes N] [--k 100] [--probes 0.02,0.04,0.08] [--no-recall]
 */
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';
import { vectorSnapshotName } from '../src/search/semantic/vectorSnapshot.ts';
import { nativeDots } from '../src/search/semantic/nativeDots.ts';
import { realQueries } from './realCorpus.ts';
import { sampleTitles } from './lib/fieldSteps.ts';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!dir) throw new Error('usage: bench/vectorScan.ts DATA_DIR [--passes N] [--k 100] [--probes 0.02,0.04,0.08] [--no-recall]');
const opt = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const passes = Number(opt('passes') ?? 3);
const k = Number(opt('k') ?? 100);
const probes = (opt('probes') ?? '0.02,0.03,0.04,0.06,0.08').split(',').map(Number);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
const stats = (xs: number[]) => `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)} ms, p50 ${pct(xs, 0.5).toFixed(2)} ms, p95 ${pct(xs, 0.95).toFixed(2)} ms`;

console.log(`${cpus().length} cores, node ${process.version}, load average ${load()} at start, ${new Date().toISOString()}`);
const titles = sampleTitles(dir, 200);
const store = openSqliteStore(join(dir, 'paperwire.db'));
const embedder = bundledEmbedder();
const semantic = createSemanticSearch(store, embedder, undefined, { snapshot: { path: join(dir, 'search', vectorSnapshotName(embedder.id)) } });
await semantic.load();
await semantic.settled();
semantic.close();
const index = semantic.index!;
const queries = await embedder.embed([...realQueries(), ...titles]);
const paths: (string | false)[] = [false, ...(nativeDots()?.dotsPaths() ?? [])];
const name = (p: string | false) => p || 'wasm';
console.log(`${index.size.toLocaleString('en-US')} vectors, clustered ${index.clustered}, probe ${index.probeFraction}; ${queries.length} queries, k ${k}; paths ${paths.map(name).join(', ')}`);

// each query on every path in turn (the same rows, the same moment; the first path rotates, so none always finds
// the rows its predecessor left in the cache), results compared to the WebAssembly kernel's
const times = new Map(paths.map((p) => [p, [] as number[]]));
let differ = 0;
for (let pass = 0; pass < passes; pass++) {
  queries.forEach((q, i) => {
    const results = new Map<string | false, string>();
    for (let j = 0; j < paths.length; j++) {
      const p = paths[(i + j) % paths.length]!;
      index.useScan(p);
      const t = performance.now();
      const hits = index.search(q, k);
      times.get(p)!.push(performance.now() - t);
      results.set(p, JSON.stringify(hits));
    }
    for (const p of paths) if (results.get(p) !== results.get(false)) differ++;
  });
}
for (const p of paths) console.log(`search ${name(p).padEnd(6)}: ${stats(times.get(p)!)}`);
console.log(`results differing from the WebAssembly kernel's: ${differ} of ${queries.length * passes * (paths.length - 1)}`);

// the centroid ranking alone: no cluster probed, nothing kept (k 0)
const { probeFraction, minProbe } = index;
for (const p of paths) {
  index.useScan(p);
  Object.assign(index, { probeFraction: 0, minProbe: 0 });
  const ms = queries.map((q) => {
    const t = performance.now();
    index.search(q, 0);
    return performance.now() - t;
  });
  Object.assign(index, { probeFraction, minProbe });
  console.log(`centroid ranking ${name(p).padEnd(6)}: ${stats(ms)}`);
}

if (index.clustered && !args.includes('--no-recall')) {
  index.useScan(true);
  index.probeFraction = 1;
  const exact = queries.map((q) => index.search(q, 100).map((h) => h.id));
  console.log('| probe | recall@10 | recall@100 | search mean ms | p95 ms |\n|---|---|---|---|---|');
  for (const f of probes) {
    index.probeFraction = f;
    let r10 = 0;
    let r100 = 0;
    const ms: number[] = [];
    queries.forEach((q, i) => {
      const t = performance.now();
      const ids = index.search(q, 100).map((h) => h.id);
      ms.push(performance.now() - t);
      const top10 = new Set(exact[i]!.slice(0, 10));
      const top100 = new Set(exact[i]);
      r10 += ids.slice(0, 10).filter((id) => top10.has(id)).length / Math.max(1, top10.size);
      r100 += ids.filter((id) => top100.has(id)).length / Math.max(1, top100.size);
    });
    console.log(`| ${(f * 100).toFixed(0)} % | ${(r10 / queries.length).toFixed(3)} | ${(r100 / queries.length).toFixed(3)} | ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)} | ${pct(ms, 0.95).toFixed(2)} |`);
  }
  index.probeFraction = probeFraction;
}
console.log(`load average ${load()} at the end`);
store.close();
