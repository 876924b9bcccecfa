/**
 * Benchmark of the bundled embedding model (sci-static-v5) on this CPU, one thread: model load time, query
 * embedding latency (p50/p95/p99 over real titles and abstract sentences) and batch paper embedding
 * throughput (title. abstract of the 500 evenly spaced arXiv papers of the test fixture, which are as ASCII as the
 * corpus, 99.6%; then the fixture's 500 papers picked for non-ASCII text, the tokenizer's slow path).
 * Usage: npx tsx bench/embed.ts [passes=20]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_MODEL_DIR } from '../src/search/embedding/bundledEmbedder.ts';
import { loadStaticEmbedder } from '../src/search/embedding/loadStaticEmbedder.ts';

const passes = Number(process.argv[2] ?? 20);
const fixture = JSON.parse(gunzipSync(readFileSync(new URL('../test/fixtures/embedding/wordpiece-lines.json.gz', import.meta.url))).toString('utf8')) as { lines: { text: string }[] };
const papers = fixture.lines.slice(500).map((l) => l.text);
const nonAscii = fixture.lines.slice(0, 500).map((l) => l.text);
const queries = papers.flatMap((t) => {
  const [title, rest = ''] = t.split(/\. (.*)/s);
  return [title!, rest.split(/(?<=\.)\s/)[0]!.slice(0, 250)];
});
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

let t = performance.now();
const embedder = loadStaticEmbedder(BUNDLED_MODEL_DIR);
console.log(`model ${embedder.id}, dim ${embedder.dim}, loaded in ${(performance.now() - t).toFixed(0)} ms`);

t = performance.now();
for (const p of papers) embedder.embedOne(p);
const cold = papers.length / ((performance.now() - t) / 1000);

const times: number[] = [];
for (let pass = 0; pass < 3; pass++) {
  for (const q of queries) {
    const s = performance.now();
    embedder.embedOne(q);
    times.push((performance.now() - s) * 1000);
  }
}
const avgChars = queries.reduce((s, q) => s + q.length, 0) / queries.length;
console.log(`query embedding (${queries.length} queries × 3, ${avgChars.toFixed(0)} chars avg): p50 ${pct(times, 50).toFixed(1)} µs, p95 ${pct(times, 95).toFixed(1)} µs, p99 ${pct(times, 99).toFixed(1)} µs`);

t = performance.now();
const cpu0 = process.cpuUsage();
let n = 0;
for (let pass = 0; pass < passes; pass++) for (const p of papers) (embedder.embedOne(p), n++);
const warm = n / ((performance.now() - t) / 1000);
const used = process.cpuUsage(cpu0);
const perCpu = n / ((used.user + used.system) / 1e6);
const avgPaper = papers.reduce((s, p) => s + p.length, 0) / papers.length;
console.log(`paper embedding (${papers.length} papers, ${avgPaper.toFixed(0)} chars avg): ${cold.toFixed(0)} papers/s cold word cache, ${warm.toFixed(0)} papers/s warm (${n} embedded); ${perCpu.toFixed(0)} papers per CPU-second`);
t = performance.now();
for (let pass = 0; pass < Math.ceil(passes / 4); pass++) for (const p of nonAscii) embedder.embedOne(p);
const slow = (Math.ceil(passes / 4) * nonAscii.length) / ((performance.now() - t) / 1000);
console.log(`papers with non-ASCII text (slow tokenizer path): ${slow.toFixed(0)} papers/s`);
console.log(`1M papers at the warm rate: ${(1e6 / warm / 60).toFixed(1)} min on one core`);
