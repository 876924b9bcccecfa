/**
 * Held-out evaluation of "For you" (docs/search.md, "Recommendations"). Readers are simulated from the synthetic
 * corpus's `topic` field: each reader follows 1–3 topics, has saved K papers of those topics published before the
 * last 7 days, and would read H more papers of those topics from the last 7 days, which are hidden. The recommender
 * (the same rankForYou the site runs) ranks the 7-day window from the K saved papers; we count how many hidden
 * papers reach its top 20, against a popularity baseline (the window by upvotes).
 *   npx tsx scripts/eval-recommend.ts [--count 20000] [--readers 300] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { generatePapers } from '../bench/synth/index.ts';
import { rankForYou } from '../src/personal/rankForYou.ts';
import { buildRankWindow } from '../src/personal/rankWindow.ts';
import { bundledEmbedder } from '../src/search/embedding/index.ts';
import { paperText, quantize } from '../src/search/semantic/embedder.ts';
import type { Signal, WindowPaper } from '../src/storage/personalStore.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' }, readers: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } } });
const COUNT = Number(values.count);
const READERS = Number(values.readers);
const START = '2026-09-01';
const END = '2026-10-31';
const WINDOW_FROM = '2026-10-25';
const HIDDEN = 5;
const TOP = 20;

let s = Number(values.seed) * 2654435761;
const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
const pick = <T>(xs: T[], n: number) => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
};

const t0 = performance.now();
const synth = [...generatePapers({ count: COUNT, seed: Number(values.seed), start: START, end: END })];
const embedder = bundledEmbedder();
const papers: (WindowPaper & { topic: number })[] = [];
for (let i = 0; i < synth.length; i += 2000) {
  const batch = synth.slice(i, i + 2000);
  const vecs = await embedder.embed(batch.map((p) => paperText(p)));
  batch.forEach((p, j) => {
    const q = quantize(vecs[j]!);
    papers.push({ rowid: i + j + 1, id: p.id, title: p.title, authors: p.authors, categories: p.categories, org: p.organization?.name, upvotes: p.upvotes ?? 0, publishedAt: p.published, vector: q.vector, scale: q.scale, topic: p.topic });
  });
}
const windowPapers = papers.filter((p) => p.publishedAt! >= WINDOW_FROM);
const older = papers.filter((p) => p.publishedAt! < WINDOW_FROM);
const win = buildRankWindow(windowPapers, embedder.dim);
const byTopic = (list: typeof papers) => {
  const m = new Map<number, typeof papers>();
  for (const p of list) (m.get(p.topic) ?? m.set(p.topic, []).get(p.topic)!).push(p);
  return m;
};
const windowByTopic = byTopic(windowPapers);
const olderByTopic = byTopic(older);
const topics = [...windowByTopic.keys()].filter((t) => (windowByTopic.get(t)?.length ?? 0) >= HIDDEN && (olderByTopic.get(t)?.length ?? 0) >= 20);
const popular = [...windowPapers].sort((a, b) => b.upvotes - a.upvotes).slice(0, TOP);
console.log(`corpus ${COUNT} papers ${START}..${END}, window ${windowPapers.length} papers from ${WINDOW_FROM}, ${topics.length} eligible topics, embedded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const readers = Array.from({ length: READERS }, () => {
  const mine = pick(topics, 1 + Math.floor(rand() * 3));
  const hidden = pick(mine.flatMap((t) => windowByTopic.get(t)!), HIDDEN);
  const history = mine.flatMap((t) => pick(olderByTopic.get(t)!, 20));
  return { mine, hidden, history: pick(history, history.length) };
});

const score = (top: WindowPaper[], hidden: WindowPaper[]) => {
  const ids = new Set(top.map((p) => p.rowid));
  const found = hidden.filter((h) => ids.has(h.rowid)).length;
  return { hit: found > 0 ? 1 : 0, recall: found / hidden.length };
};
const row = (label: string, f: (r: (typeof readers)[number]) => WindowPaper[]) => {
  let hit = 0;
  let recall = 0;
  let ms = 0;
  for (const r of readers) {
    const t = performance.now();
    const top = f(r);
    ms += performance.now() - t;
    const sc = score(top, r.hidden);
    hit += sc.hit;
    recall += sc.recall;
  }
  console.log(`| ${label} | ${(hit / readers.length).toFixed(3)} | ${(recall / readers.length).toFixed(3)} | ${(ms / readers.length).toFixed(2)} |`);
};
console.log(`\n${READERS} readers, ${HIDDEN} hidden papers each, top ${TOP}\n\n| ranking | hit rate@${TOP} | recall@${TOP} | ms/reader |\n|---|---|---|---|`);
row('popularity baseline', () => popular);
for (const k of [1, 3, 10, 30]) {
  row(`For you, ${k} saved paper${k > 1 ? 's' : ''}`, (r) => {
    const signals: Signal[] = r.history.slice(0, k).map((p) => ({ kind: 'saved', at: p.publishedAt!, paper: p }));
    return rankForYou(win, { signals, follows: [], alertHits: new Map(), seen: new Set(), limit: TOP }).map((x) => x.paper);
  });
}
