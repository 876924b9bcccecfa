/**
 * Scores the bundled embedding model on the development set, alone and fused with a small BM25, so that the
 * model's figures can be reproduced on any CPU. Embeds the distinct demo papers (title. abstract) and the
 * queries, writes one run file per ranker (`qid<TAB>title`, best first) and prints the scorer's figures.
 *
 * usage: npx tsx scripts/eval-embedding.ts [--papers ../shared/seed-papers/papers.jsonl]
 *          [--eval ../shared/search-eval] [--model models/sci-static-v5] [--dim 384] [--out DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStaticEmbedder } from '../src/search/embedding/loadStaticEmbedder.ts';
import { paperText } from '../src/search/semantic/embedder.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const papersFile = resolve(opt('papers', '../shared/seed-papers/papers.jsonl'));
const evalDir = resolve(opt('eval', '../shared/search-eval'));
const outDir = resolve(opt('out', join(tmpdir(), 'paperwire-eval-embedding')));
const dimArg = opt('dim', '');
const embedder = loadStaticEmbedder(resolve(opt('model', 'models/sci-static-v5')), dimArg ? { dim: Number(dimArg) } : {});
mkdirSync(outDir, { recursive: true });

const papers: { title: string; abstract: string }[] = [];
const seen = new Set<string>();
for (const line of readFileSync(papersFile, 'utf8').split('\n').filter(Boolean)) {
  const p = JSON.parse(line) as { title: string; abstract?: string };
  if (seen.has(p.title)) continue;
  seen.add(p.title);
  papers.push({ title: p.title, abstract: p.abstract ?? '' });
}
const queries = readFileSync(join(evalDir, 'queries.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t') as [string, string, string]);

// --- semantic: cosine between unit vectors
const docVecs = papers.map((p) => embedder.embedOne(paperText(p)));
const cosine = (q: Float32Array) => docVecs.map((d) => d.reduce((s, x, i) => s + x * q[i]!, 0));

// --- BM25 (k1 1.2, b 0.75), title counted twice, plural s stripped
const terms = (t: string) => (t.toLowerCase().match(/[a-z0-9]+/g) ?? []).map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
const docs = papers.map((p) => {
  const tf = new Map<string, number>();
  for (const w of [...terms(p.title), ...terms(p.title), ...terms(p.abstract)]) tf.set(w, (tf.get(w) ?? 0) + 1);
  return { tf, len: [...tf.values()].reduce((a, b) => a + b, 0) };
});
const avgLen = docs.reduce((s, d) => s + d.len, 0) / docs.length;
const df = new Map<string, number>();
for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
const bm25 = (q: string) => {
  const qt = [...new Set(terms(q))];
  return docs.map((d) => qt.reduce((s, w) => {
    const tf = d.tf.get(w) ?? 0;
    if (!tf) return s;
    const n = df.get(w)!;
    const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
    return s + (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.len) / avgLen));
  }, 0));
};

// --- fusions
const order = (s: number[]) => s.map((_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b);
const rrf = (a: number[], b: number[], k = 60) => {
  const s = new Array<number>(papers.length).fill(0);
  order(a).slice(0, 100).forEach((i, r) => (s[i]! += 1 / (k + r + 1)));
  order(b).slice(0, 100).forEach((i, r) => (s[i]! += 1 / (k + r + 1)));
  return s;
};
const minMax = (s: number[]) => {
  const lo = Math.min(...s), hi = Math.max(...s);
  return s.map((x) => (x - lo) / (hi - lo || 1));
};
const convex = (lex: number[], sem: number[], alpha: number) => {
  const a = minMax(lex), b = minMax(sem);
  return a.map((x, i) => alpha * x + (1 - alpha) * b[i]!);
};

const rankers: Record<string, (q: string) => number[]> = {
  bm25: (q) => bm25(q),
  semantic: (q) => cosine(embedder.embedOne(q)),
  'rrf-k60': (q) => rrf(bm25(q), cosine(embedder.embedOne(q))),
  'convex-0.3': (q) => convex(bm25(q), cosine(embedder.embedOne(q)), 0.3),
  'convex-0.5': (q) => convex(bm25(q), cosine(embedder.embedOne(q)), 0.5),
};
console.log(`model ${embedder.id} (dim ${embedder.dim}), ${papers.length} papers, ${queries.length} queries → ${outDir}`);
for (const [name, score] of Object.entries(rankers)) {
  const lines: string[] = [];
  for (const [qid, , q] of queries) for (const i of order(score(q)).slice(0, 20)) lines.push(`${qid}\t${papers[i]!.title}`);
  const file = join(outDir, `run-${name}.tsv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`\n== ${name}`);
  process.stdout.write(execFileSync('node', [join(evalDir, 'score.mjs'), file], { encoding: 'utf8' }));
}
