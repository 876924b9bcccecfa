/** The measuring half of bench/search.ts, run in a child process per corpus size so memory is its own. */
import { availableParallelism, loadavg } from 'node:os';
import { SyncedIndex } from '../src/search/lexical/syncedIndex.ts';
import { searchPapers, type SearchMode, type SemanticRanker } from '../src/search/searchPapers.ts';
import { createSearchContext } from '../src/search/searchContext.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import type { BenchQuery } from './synth/index.ts';
import { DEFAULT_RANKING, type RankingSettings } from '../src/search/hybridHits.ts';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const mb = (b: number) => Math.round(b / 1048576);

/**
 * Builds the index over the database at `path` (with `buildWorkers` analysis threads; the server's default when
 * undefined) and times the queries in each available mode. In hybrid mode every timed query embeds its text: the
 * semantic side's query-vector cache is bypassed, so the figures include the query embedding.
 */
export async function measure(path: string, queries: BenchQuery[], hybrid = false, buildWorkers?: number) {
  const store = openSqliteStore(path, { migrate: true });
  const ctx = createSearchContext(store);
  const workers = buildWorkers ?? Math.min(2, availableParallelism());
  ctx.lexical = new SyncedIndex(store.lexical, () => store.revision(), workers);
  const loadBefore = loadavg()[0]!;
  const started = process.hrtime.bigint();
  const index = await ctx.lexical.rebuild();
  const buildS = Number(process.hrtime.bigint() - started) / 1e9;
  globalThis.gc?.();
  const mem = process.memoryUsage();
  const stats = index.stats();
  let embedS = 0;
  let embedded = 0;
  let vectors = 0;
  const embedder = hybrid ? bundledEmbedder() : undefined;
  if (embedder) {
    const semantic = createSemanticSearch(store, embedder);
    const t0 = process.hrtime.bigint();
    await semantic.load();
    embedded = await semantic.embedPending({
      batch: 2048,
      onProgress: (done, left) => process.stderr.write(`\r  embedding: ${done.toLocaleString('en-US')} done, ${left.toLocaleString('en-US')} left   `),
    });
    await semantic.settled();
    embedS = Number(process.hrtime.bigint() - t0) / 1e9;
    vectors = semantic.index?.size ?? 0;
    // The same ranking as semantic.search, without its query-vector cache: each timed query is embedded.
    const uncached: SemanticRanker = {
      async search(text, limit) {
        if (!semantic.index?.size || !text.trim()) return [];
        const v = embedder.embedSync ? embedder.embedSync(text) : (await embedder.embed([text]))[0]!;
        return semantic.index.search(v, limit);
      },
      gram: (ids) => semantic.gram(ids),
    };
    ctx.semantic = uncached;
  }
  const loadAfterBuild = loadavg()[0]!;
  // hybrid as served (DEFAULT_RANKING, neighbour smoothing on) and without smoothing, to see what it costs
  const unsmoothed = { ...DEFAULT_RANKING, smoothing: { neighbours: 0, weight: 0 } };
  const runs: { label: string; mode: SearchMode; ranking?: RankingSettings }[] = [{ label: 'lexical', mode: 'lexical' }];
  if (ctx.semantic) runs.push({ label: 'hybrid', mode: 'hybrid' }, { label: 'hybrid-unsmoothed', mode: 'hybrid', ranking: unsmoothed });
  const rows: { label: string; n: number; p50: number; p95: number; p99: number; total: number }[] = [];
  for (const { label: runLabel, mode, ranking } of runs) {
    ctx.ranking = ranking;
    for (const q of queries) await searchPapers(ctx, { q: q.q, mode, limit: 20 });
    const times = new Map<string, { ms: number[]; total: number }>();
    for (const q of queries) {
      const t0 = process.hrtime.bigint();
      const r = await searchPapers(ctx, { q: q.q, mode, limit: 20 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      for (const key of [`${runLabel} ${q.kind}`, `${runLabel} ALL`]) {
        const e = times.get(key) ?? { ms: [], total: 0 };
        e.ms.push(ms);
        e.total += r.total;
        times.set(key, e);
      }
    }
    for (const [label, e] of times) {
      const sorted = e.ms.sort((a, b) => a - b);
      rows.push({ label, n: sorted.length, p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), total: e.total / sorted.length });
    }
  }
  const after = process.memoryUsage();
  store.close();
  return {
    buildS,
    buildWorkers: workers,
    load: [loadBefore, loadAfterBuild, loadavg()[0]!],
    embedS,
    embedded,
    vectors,
    model: embedder?.id,
    indexBytes: stats.bytes,
    terms: stats.terms,
    postings: stats.postings,
    segments: stats.segments,
    acronyms: stats.acronyms,
    rssMB: mb(mem.rss),
    heapMB: mb(mem.heapUsed),
    buffersMB: mb(mem.arrayBuffers),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    rows,
  };
}
