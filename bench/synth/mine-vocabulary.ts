/**
 * Offline tool, run once by a developer (never by the generator): mines each topic's vocabulary from a real
 * arXiv abstract dump so that synthetic abstracts use the terms, acronyms and names researchers actually write.
 * Usage: npx tsx bench/synth/mine-vocabulary.ts /work/shared/corpus/arxiv-cs-2025-2026.jsonl.xz
 * Writes bench/synth/vocabulary.json (committed; the generator reads only that file).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import { TOPIC_SEEDS } from './topic-seeds.ts';
import { STOPWORDS } from './stopwords.ts';

interface Row { title: string; abstract: string }
type Counts = Map<string, number>;

const src = process.argv[2] ?? '/work/shared/corpus/arxiv-cs-2025-2026.jsonl.xz';
const out = new URL('./vocabulary.json', import.meta.url);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const seedRes = TOPIC_SEEDS.map((tp) => tp.seeds.map((s) => new RegExp(`\\b${esc(s.toLowerCase())}s?\\b`, 'g')));
const bump = (m: Counts, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

async function* rows(): AsyncGenerator<Row> {
  const xz = spawn('xz', ['-dc', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: xz.stdout })) {
    const r = JSON.parse(line) as Row;
    if (!r.abstract || r.abstract.length < 300) continue;
    const ascii = r.abstract.replace(/[^\x20-\x7e]/g, '').length / r.abstract.length;
    if (ascii > 0.97) yield r;
  }
}

function assign(r: Row): number {
  const title = r.title.toLowerCase();
  const abs = r.abstract.toLowerCase();
  let best = -1, bestScore = 0, second = 0;
  seedRes.forEach((res, i) => {
    let inTitle = 0, score = 0;
    for (const re of res) {
      const tn = title.match(re)?.length ?? 0;
      inTitle += tn;
      score += 3 * tn + (abs.match(re)?.length ?? 0);
    }
    if (inTitle === 0) return;
    if (score > bestScore) { second = bestScore; bestScore = score; best = i; } else if (score > second) second = score;
  });
  return bestScore >= 4 && bestScore > second * 1.5 ? best : -1;
}

const LATEX = new Set('frac tilde widetilde mathbf mathcal mathrm mathbb textit textbf emph cdot sqrt leq geq log exp'.split(' '));
const words = (s: string) => (s.toLowerCase().match(/[a-z0-9]*[a-z][a-z0-9]*(?:-[a-z0-9]+)*/g) ?? []);
function ngrams(r: Row): Set<string> {
  const set = new Set<string>();
  for (const part of `${r.title}. ${r.abstract}`.split(/[.,;:()?!"]/)) {
    const w = words(part);
    for (let i = 0; i < w.length; i++) {
      for (let n = 1; n <= 3 && i + n <= w.length; n++) {
        const g = w.slice(i, i + n);
        if (STOPWORDS.has(g[0]) || STOPWORDS.has(g[n - 1]) || g.some((x) => x.length < 2 || LATEX.has(x))) continue;
        set.add(g.join(' '));
      }
    }
  }
  return set;
}

const ACR = /((?:[A-Za-z][\w-]*\s+){1,8})\(([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*?)(s?)\)/g;
function acronyms(r: Row): Set<string> {
  const set = new Set<string>();
  for (const m of r.abstract.matchAll(ACR)) {
    const letters = m[2].replace(/[^A-Z]/g, '').toLowerCase();
    const ws = m[1].trim().split(/\s+/);
    for (let n = 1; n <= ws.length; n++) {
      const long = ws.slice(-n);
      const parts = long.flatMap((w) => w.split('-')).filter(Boolean);
      const content = parts.filter((w) => !STOPWORDS.has(w.toLowerCase()));
      const ini = (ws: string[]) => ws.map((w) => w[0].toLowerCase()).join('');
      if ((ini(content) === letters || ini(parts) === letters) && !STOPWORDS.has(long[0].toLowerCase())) {
        set.add(`${long.join(' ').toLowerCase()}\t${m[2]}`);
        break;
      }
    }
  }
  return set;
}

const NAME = /^(?:[A-Z][a-z]+[A-Z][A-Za-z0-9]*|[A-Z]{2,}[a-z][A-Za-z0-9]*|[A-Z][A-Za-z]+-\d+[A-Za-z]*|[A-Z][a-z]+[0-9]+[A-Za-z]*)$/;
const names = (r: Row) => new Set((r.abstract.match(/[A-Za-z][A-Za-z0-9-]+/g) ?? []).filter((w) => NAME.test(w)));

async function main() {
  const k = TOPIC_SEEDS.length;
  const topicDf: Counts[] = Array.from({ length: k }, () => new Map());
  const topicAcr: Counts[] = Array.from({ length: k }, () => new Map());
  const topicNames: Counts[] = Array.from({ length: k }, () => new Map());
  const nameDf: Counts = new Map();
  const acrDf: Counts = new Map();
  const sizes = new Array(k).fill(0);
  let total = 0;
  for await (const r of rows()) {
    total++;
    const ti = assign(r);
    for (const a of acronyms(r)) bump(acrDf, a);
    for (const nm of names(r)) bump(nameDf, nm);
    if (ti < 0) continue;
    sizes[ti]++;
    for (const g of ngrams(r)) bump(topicDf[ti], g);
    for (const a of acronyms(r)) bump(topicAcr[ti], a);
    for (const nm of names(r)) bump(topicNames[ti], nm);
  }
  // Second pass: background document frequency of every candidate n-gram.
  const cand = new Set<string>();
  for (const df of topicDf) for (const [g, c] of df) if (c >= 4) cand.add(g);
  const bg: Counts = new Map();
  for await (const r of rows()) for (const g of ngrams(r)) if (cand.has(g)) bump(bg, g);

  const topics = TOPIC_SEEDS.map((seed, i) => {
    const n = Math.max(1, sizes[i]);
    const scored = [...topicDf[i]].filter(([, c]) => c >= 4).map(([g, c]) => {
      const lift = ((c + 0.5) / (n + 1)) / (((bg.get(g) ?? c) + 0.5) / (total + 1));
      return { g, c, s: lift >= 4 ? c * Math.log(lift) : 0 };
    }).filter((x) => x.s > 0).sort((a, b) => b.s - a.s || (a.g < b.g ? -1 : 1)).slice(0, 100);
    const acr = [...topicAcr[i]].filter(([a, c]) => c >= 2 && c / (acrDf.get(a) ?? c) >= 0.25)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([a]) => a.split('\t'))
      .filter(([, short], j, all) => all.findIndex((x) => x[1] === short) === j).slice(0, 14);
    const nm = [...topicNames[i]].filter(([w, c]) => c >= 3 && c / (nameDf.get(w) ?? c) >= 0.4)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 24).map(([w]) => w);
    console.error(`${String(i).padStart(2)} ${seed.name.padEnd(48)} papers=${sizes[i]} terms=${scored.length} acr=${acr.length} names=${nm.length}`);
    return { name: seed.name, terms: scored.map((x) => x.g), acronyms: acr, names: nm };
  });
  // The shared long tail: frequent phrases of the whole field that belong to no single topic.
  const topical = new Set(topics.flatMap((x) => x.terms));
  const common = [...bg].filter(([g, c]) => c >= 8 && !topical.has(g))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5000).map(([g]) => g);
  writeFileSync(out, JSON.stringify({ source: 'arXiv metadata (CC0), mined by mine-vocabulary.ts', topics, common }) + '\n');
  console.error(`papers=${total} -> ${out.pathname}`);
}

await main();
