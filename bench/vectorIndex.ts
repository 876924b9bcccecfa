/**
 * Benchmark of the semantic vector index (npm run bench:vectors): recall and latency of int8 brute force and of
 * the clustered (IVF) index against exact float32 search, at 100k and 1M synthetic unit vectors.
 * The vectors are topical like real embeddings: 20 fields × 10 subfields × 10 topics, each vector the sum of its
 * field, subfield and topic directions plus as much noise again, so neighbours share a topic but not only it.
 * Usage: tsx bench/vectorIndex.ts [sizes=100000,1000000] [dim=384] [queries=200]
 */
import { normalize } from '../src/search/semantic/embedder.ts';
import { mulberry32 } from '../src/search/semantic/nearestCentroid.ts';
import { VectorIndex } from '../src/search/semantic/vectorIndex.ts';

const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const dim = Number(process.argv[3] ?? 384);
const nQueries = Number(process.argv[4] ?? 200);
const K = 10;
const random = mulberry32(42);
const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
const unit = () => normalize(Float32Array.from({ length: dim }, gauss));
const fields = Array.from({ length: 20 }, () => ({ v: unit(), subs: Array.from({ length: 10 }, () => ({ v: unit(), topics: Array.from({ length: 10 }, unit) })) }));
/** A vector of a random topic: cosine about 0.5 to another vector of its topic, 0.3 of its subfield, 0.15 of its field. */
function sample(): Float32Array {
  const f = fields[Math.floor(random() * fields.length)]!;
  const s = f.subs[Math.floor(random() * f.subs.length)]!;
  const t = s.topics[Math.floor(random() * s.topics.length)]!;
  const v = new Float32Array(dim);
  const noise = 1 / Math.sqrt(dim);
  for (let d = 0; d < dim; d++) v[d] = 0.4 * f.v[d]! + 0.45 * s.v[d]! + 0.45 * t[d]! + 1.0 * gauss() * noise;
  return normalize(v);
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

for (const n of sizes) {
  const exact = new Float32Array(n * dim).fill(0);
  const index = new VectorIndex(dim);
  index.reserve(n);
  const before = process.memoryUsage().rss;
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const v = sample();
    exact.set(v, i * dim);
    index.set(String(i), v);
  }
  const addMs = performance.now() - t;
  const indexBytes = process.memoryUsage().rss - before;
  const queries = Array.from({ length: nQueries }, sample);
  const truth = queries.map((q) => {
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0, o = i * dim; d < dim; d++) s += q[d]! * exact[o + d]!;
      scores[i] = s;
    }
    return new Set(Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!).slice(0, K).map(String));
  });
  const run = (label: string) => {
    const ms: number[] = [];
    let hits = 0;
    queries.forEach((q, i) => {
      const s = performance.now();
      const res = index.search(q, K);
      ms.push(performance.now() - s);
      hits += res.filter((r) => truth[i]!.has(r.id)).length;
    });
    console.log(`| ${n.toLocaleString('en')} | ${label} | ${(hits / (nQueries * K)).toFixed(3)} | ${pct(ms, 50).toFixed(2)} | ${pct(ms, 95).toFixed(2)} | ${pct(ms, 99).toFixed(2)} |`);
  };
  console.log(`\n${n} vectors × ${dim}: added in ${(addMs / 1000).toFixed(1)} s, int8 index ≈ ${mb(indexBytes)} (float32 would be ${mb(n * dim * 4)})`);
  console.log('| vectors | method | recall@10 | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|');
  run('int8 brute force');
  t = performance.now();
  await index.buildClusters({ force: true });
  console.log(`clusters built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const f of [0.01, 0.02, 0.04, 0.08]) {
    index.probeFraction = f;
    index.minProbe = 1;
    run(`IVF int8, probe ${(f * 100).toFixed(0)}% of clusters`);
  }
}
