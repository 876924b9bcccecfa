/**
 * Benchmark of the embedding background job (npm run bench:embed-job): papers/s from queue to stored int8 vector
 * and in-memory index, over a real SQLite file, with the bundled model (sci-static-v5) on the demo corpus's
 * titles and abstracts repeated to N papers; the time inside the embedder is reported apart. `--stand-in`
 * replaces the model by a hashed static table of the same size, to measure the pipeline alone.
 * Usage: tsx bench/embedJob.ts [papers=50000] [--stand-in]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { normalize, type Embedder } from '../src/search/semantic/embedder.ts';
import { mulberry32 } from '../src/search/semantic/nearestCentroid.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 50_000);
const standIn = process.argv.includes('--stand-in');
const DIM = 384;
const VOCAB = 30_000;
const random = mulberry32(5);
const table = Int8Array.from({ length: VOCAB * DIM }, () => Math.floor(random() * 255) - 127);
let embedMs = 0;
const staticLike: Embedder = {
  id: 'bench-static-384',
  dim: DIM,
  async embed(texts) {
    const t = performance.now();
    const out = texts.map((text) => {
      const v = new Float32Array(DIM);
      for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
        let h = 2166136261;
        for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
        const o = ((h >>> 0) % VOCAB) * DIM;
        for (let d = 0; d < DIM; d++) v[d] += table[o + d]!;
      }
      return normalize(v);
    });
    embedMs += performance.now() - t;
    return out;
  },
};

const bundled = bundledEmbedder();
const model: Embedder = standIn
  ? staticLike
  : { id: bundled.id, dim: bundled.dim, embed: async (texts) => { const t = performance.now(); const out = await bundled.embed(texts); embedMs += performance.now() - t; return out; } };
const demo = readFileSync(new URL('../demo/seed-papers.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; abstract?: string });
const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-embed-'));
try {
  const store = openSqliteStore(join(dir, 'p.db'), { migrate: true });
  let t = performance.now();
  store.db.transaction(() => {
    const ins = store.db.prepare("INSERT INTO papers (id, title, title_key, abstract) VALUES (?, ?, ?, ?)");
    for (let i = 0; i < N; i++) {
      const p = demo[i % demo.length]!;
      ins.run(`pw-${i}`, `${p.title} (${i})`, `k${i}`, p.abstract ?? p.title);
    }
  })();
  console.log(`${N} papers inserted in ${((performance.now() - t) / 1000).toFixed(1)} s (each queued for embedding by trigger)`);
  const semantic = createSemanticSearch(store, model);
  await semantic.load();
  t = performance.now();
  const done = await semantic.embedPending({ batch: 1024 });
  const ms = performance.now() - t;
  console.log(`embedder: ${standIn ? 'stand-in static table' : model.id}`);
  console.log(`| papers | total s | papers/s | of which in the embedder | pipeline only papers/s |`);
  console.log(`|---|---|---|---|---|`);
  console.log(`| ${done} | ${(ms / 1000).toFixed(1)} | ${Math.round(done / (ms / 1000))} | ${((embedMs / ms) * 100).toFixed(0)}% | ${Math.round(done / ((ms - embedMs) / 1000))} |`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
