/**
 * Search at the size of a real field: the 125,810 arXiv papers of ../shared/corpus (converted once to the import
 * format by bench/realCorpus.ts, cached in .cache/real), imported into a fresh SQLite file, indexed and embedded with the bundled
 * model; then (1) 200 exact titles drawn with a fixed seed, plus the TERRA title of issue 23, pasted as queries:
 * how often the paper comes first and in the top 3, per mode, with the ranking before issue 23 (no credibility
 * filter, no exact-title rule) beside it; (2) nonsense, a typo, a one-word rare term and a two-word topic, with
 * what they return. usage: npx tsx bench/pastedTitles.ts [--titles N]
 * (BENCH_REAL_CORPUS names another corpus file)
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRealCorpus } from './realCorpus.ts';
import { importPapers } from '../src/ingest/importPapers.ts';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { DEFAULT_RANKING, type RankingSettings } from '../src/search/hybridHits.ts';
import { createSearchContext } from '../src/search/searchContext.ts';
import { searchPapers, type SearchMode } from '../src/search/searchPapers.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';

const args = process.argv.slice(2);
const titleCount = Number(args[args.indexOf('--titles') + 1] ?? 0) || 200;
const converted = await ensureRealCorpus();

const dir = mkdtempSync(join(tmpdir(), 'paperwire-titles-'));
const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
try {
  let t = Date.now();
  const summary = await importPapers(store, createReadStream(converted));
  console.log(`imported ${summary.new} papers (${summary.skipped.length} skipped) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const ctx = createSearchContext(store);
  t = Date.now();
  await ctx.lexical.current();
  console.log(`lexical index in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  t = Date.now();
  const semantic = createSemanticSearch(store, bundledEmbedder());
  await semantic.load();
  await semantic.embedPending({ batch: 2048 });
  ctx.semantic = semantic;
  console.log(`embedded in ${((Date.now() - t) / 1000).toFixed(0)} s`);

  const corpus = readFileSync(converted, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; title: string });
  let seed = 20261205;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const picks = new Map<string, string>();
  const terra = corpus.find((p) => p.title.startsWith('TERRA: Task-Embedded Reasoning'));
  if (terra) picks.set(terra.id, terra.title);
  while (picks.size < titleCount + (terra ? 1 : 0)) {
    const p = corpus[Math.floor(next() * corpus.length)]!;
    if (p.title.length <= 250) picks.set(p.id, p.title);
  }
  const before: RankingSettings = { ...DEFAULT_RANKING, credibility: { chancePercentile: 0, relative: 0, lexicalCoverage: 0, matchedPercentile: 0, firstPage: 0 }, exactTitleFirst: false };
  for (const [label, ranking] of [['before issue 23', before], ['now', DEFAULT_RANKING]] as const) {
    ctx.ranking = ranking;
    for (const mode of ['hybrid', 'lexical', 'semantic'] as SearchMode[]) {
      if (label === 'before issue 23' && mode === 'lexical') continue;
      let first = 0;
      let top3 = 0;
      const misses: string[] = [];
      const times: number[] = [];
      for (const [id, title] of picks) {
        const s = performance.now();
        const r = await searchPapers(ctx, { q: title, mode, limit: 10 });
        times.push(performance.now() - s);
        const at = r.papers.findIndex((p) => p.id === id);
        if (at === 0) first++;
        if (at >= 0 && at < 3) top3++;
        else if (misses.length < 5) misses.push(title.slice(0, 70));
        if (id === terra?.id) console.log(`  TERRA title, ${label}, ${mode}: rank ${at < 0 ? 'not in top 10' : at + 1}`);
      }
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(16)} ${mode.padEnd(8)} first ${first}/${picks.size}  top 3 ${top3}/${picks.size}  p50 ${times[times.length >> 1]!.toFixed(1)} ms  p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(1)} ms${misses.length ? `  missed top 3: ${misses.join(' | ')}` : ''}`);
    }
  }
  ctx.ranking = DEFAULT_RANKING;
  for (const q of ['xqzvbnm', 'zzzzqqq', 'qwpoeiruty asdlkfj', '<script>alert(1)</script>', '🙂🚀🔥', 'difusion modles', 'diffusion transformer', 'tetrolet', 'teach a robot by letting it watch people do the task']) {
    const r = await searchPapers(ctx, { q, limit: 5 });
    const lex = await searchPapers(ctx, { q, limit: 5, mode: 'lexical' });
    console.log(`${JSON.stringify(q)}: ${r.totalExact ? '' : 'about '}${r.total} (lexical mode ${lex.total})${r.revision?.suggestion ? ` showing results for "${r.revision.suggestion}"` : ''} → ${r.papers.slice(0, 3).map((p) => p.title.slice(0, 50)).join(' | ')}`);
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
