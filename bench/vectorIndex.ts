/**
 * Benchmark of the semantic vector index (npm run bench:vectors): recall and latency of int8 brute force and of
 * the clustered (IVF) index against exact float32 search, at 100k and 1M synthetic unit vectors.
 * The vectors are topical like real embeddings: 20 fields × 10 subfields × 10 topics, each vector the sum of its
 * field, subfield and topic directions plus as much noise again, so neighbours share a topic but not only it.
 * With `--corpus FILE.jsonl.xz` (../shared/corpus/arxiv-cs-2025-2026.jsonl.xz) it instead embeds real arXiv
 * papers with the bundled model and queries with the titles of 200 held-out papers: recall on real vectors.
 * `--scale N` then grows that set to N vectors with jittered copies of the real ones (cosine ≈ 0.9 to their
 * original), a stand-in for a 1M-paper corpus that keeps real embeddings' structure.
 * Usage: tsx bench/vectorIndex.ts [sizes=100000,1000000] [dim=384] [queries=200] | --corpus FILE [--scale N]
 */
import { execFileSync } from 'node:child_process';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { normalize, paperText } from '../src/search/semantic/embedder.ts';
import { mulberry32 } from '../src/search/semantic/nearestCentroid.ts';
import { VectorIndex } from '../src/search/semantic/vectorIndex.ts';

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--corpus' && all[i - 1] !== '--scale');
const scaleAt = process.argv.indexOf('--scale');
const dim = Number(positional[1] ?? 384);
const nQueries = Number(positional[2] ?? 200);
const corpusAt = process.argv.indexOf('--corpus');
const sizes = corpusAt >= 0 ? [] : (positional[0] ?? '100000,1000000').split(',').map(Number);
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

type Source = { n: number; next: () => Float32Array; queries: Float32Array[] };
const sources: Source[] = sizes.map((n) => ({ n, next: sample, queries: [] }));
if (corpusAt >= 0) {
  const rows = execFileSync('xz', ['-dc', process.argv[corpusAt + 1]!], { maxBuffer: 1 << 30, encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; abstract: string });
  const model = bundledEmbedder();
  const t = performance.now();
  const held = rows.splice(rows.length - nQueries, nQueries);
  const vectors = await model.embed(rows.map(paperText));
  console.log(`embedded ${rows.length} arXiv papers with ${model.id} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const queries = await model.embed(held.map((h) => h.title));
  sources.push({ n: rows.length, next: (() => { let i = 0; return () => vectors[i++]!; })(), queries });
  const scaled = scaleAt >= 0 ? Number(process.argv[scaleAt + 1]) : 0;
  if (scaled > rows.length) {
    let i = 0;
    const jitter = () => {
      const base = vectors[i++ % vectors.length]!;
      if (i <= vectors.length) return base;
      const v = new Float32Array(dim);
      for (let d = 0; d < dim; d++) v[d] = base[d]! + (gauss() * 0.5) / Math.sqrt(dim);
      return normalize(v);
    };
    sources.push({ n: scaled, next: jitter, queries });
  }
}

for (const { n, next, queries: given } of sources) {
  const exact = new Float32Array(n * dim).fill(0);
  const index = new VectorIndex(dim);
  index.reserve(n);
  const before = process.memoryUsage().rss;
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const v = next();
    exact.set(v, i * dim);
    index.set(String(i), v);
  }
  const addMs = performance.now() - t;
  const indexBytes = process.memoryUsage().rss - before;
  const queries = given.length ? given : Array.from({ length: nQueries }, sample);
  const truth = queries.map((q) => {
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0, o = i * dim; d < dim; d++) s += q[d]! * exact[o + d]!;
      scores[i] = s;
    }
    const best: number[] = [];
    for (let i = 0; i < n; i++) {
      if (best.length === K && scores[i]! <= scores[best[K - 1]!]!) continue;
      best.push(i);
      best.sort((a, b) => scores[b]! - scores[a]!);
      if (best.length > K) best.pop();
    }
    return new Set(best.map(String));
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
