import { exactTitleFirst } from './exactTitle.ts';
import type { PaperReads } from './paperReads.ts';
import { fuseScores } from './fusion.ts';
import type { compileQuery } from './lexical/compileQuery.ts';
import type { Hit, LexicalIndex } from './lexical/lexicalIndex.ts';
import type { ParsedQuery } from './query/parseQuery.ts';
import type { SearchContext } from './searchContext.ts';
import { percentile } from './semantic/chanceScores.ts';
import { smoothScores } from './semantic/smoothScores.ts';

/** How hybrid search ranks; the defaults were chosen on the development set and checked on paperwire's two holdout sets (docs/search.md). */
export interface RankingSettings {
  /** Candidates each ranker contributes to fusion. */
  depth: number;
  /** Weights of the lexical and semantic lists in convex score fusion (min-max normalized scores). */
  fusion: [lexical: number, semantic: number];
  /**
   * Neighbour smoothing of the semantic candidates before fusion (src/search/semantic/smoothScores.ts): each
   * moves toward its `neighbours` nearest fellow candidates by `weight`. 0 neighbours turns it off.
   */
  smoothing: { neighbours: number; weight: number };
  /**
   * Which candidates are credible enough to show and count. A semantic neighbour must score above the
   * `chancePercentile` of what random word salads get on this corpus (chanceScores.ts) and above `relative` × the
   * query's best neighbour; a lexical match must hold `lexicalCoverage` of the query's idf mass
   * (LexicalIndex.coverage). A paper is shown when either side finds it credible. When the query is one word
   * that one to three papers hold (a rare exact match: a name, a rare term), neighbours found by meaning alone
   * compete with that match rather than with nothing, and must clear the higher `matchedPercentile` of chance.
   */
  credibility: { chancePercentile: number; relative: number; lexicalCoverage: number; matchedPercentile: number; firstPage: number };
  /** Whether a paper whose title is exactly the query goes first (exactTitle.ts). */
  exactTitleFirst: boolean;
}

/** What search uses unless a context says otherwise. */
export const DEFAULT_RANKING: RankingSettings = {
  depth: 100,
  fusion: [0.45, 0.55],
  smoothing: { neighbours: 3, weight: 0.5 },
  credibility: { chancePercentile: 0.5, relative: 0.3, lexicalCoverage: 0.67, matchedPercentile: 0.9, firstPage: 10 },
  exactTitleFirst: true,
};

type CompiledQuery = ReturnType<typeof compileQuery>;

/** Up to this many papers holding a one-word query make it a rare exact match (see `matchedPercentile`). */
const RARE_MATCHES = 3;
/** A pasted title is looked up by its title words only when its rarest word is in at most this many titles (a cheap read). */
const TITLE_LOOKUP_RARE = 1_000;

/**
 * Semantic neighbours of the query text that also pass the query's filters, as hits, with the score below which
 * a neighbour is no closer than chance (`bar`). With `credibleOnly`, those below it are left out.
 */
export async function semanticHits(
  ctx: SearchContext,
  index: LexicalIndex,
  q: ParsedQuery,
  lq: CompiledQuery,
  limit: number,
  credibleOnly = true,
): Promise<{ hits: Hit[]; bar: number }> {
  const text = [...q.words, ...q.phrases, ...q.title].join(' ');
  const filtered = lq.required.length > 0 || lq.anyOf.length > 0 || lq.excluded.length > 0 || !!lq.from || !!lq.to || !!lq.hasCode;
  const found = await ctx.semantic!.search(text, filtered ? limit * 4 : limit);
  const bar = await semanticBar(ctx, found[0]?.score ?? 0);
  const passes = index.matcher(lq);
  const out: Hit[] = [];
  for (const r of found) {
    if (credibleOnly && r.score < bar) break;
    const doc = index.docOf(r.id);
    if (doc === undefined || !passes(doc)) continue;
    out.push({ doc, id: r.id, score: r.score });
  }
  return { hits: out.slice(0, limit), bar };
}

/** The lowest score a semantic neighbour may have: above chance on this corpus, and not far below the query's best. */
async function semanticBar(ctx: SearchContext, top: number): Promise<number> {
  const { chancePercentile, relative } = (ctx.ranking ?? DEFAULT_RANKING).credibility;
  const chance = chancePercentile > 0 && ctx.semantic?.chanceScores ? percentile(await ctx.semantic.chanceScores(), chancePercentile) : 0;
  return Math.max(chance, relative * top);
}

/**
 * The hybrid order: the semantic candidates smoothed by their neighbours among themselves, then fused with the
 * lexical hits by score (src/search/fusion.ts), a pasted exact title first (exactTitle.ts); only papers
 * credible on either side are kept, and
 * `total` counts them (every credible lexical match in the corpus, plus semantic neighbours that only meaning
 * finds; inexact when the semantic list was cut at `depth` or the credible matches were too many to count in
 * full, whether or not `lexicalTotal` was exact). With `count: false` the credible matches outside the ranked pool
 * are not counted (`total` is then a lower bound, `exact: false` when some may exist): the JSON API and feeds show
 * no total, and the count is a hybrid query's dearest step after the ranking on queries of common words.
 */
export async function hybridHits(
  ctx: SearchContext,
  index: LexicalIndex,
  q: ParsedQuery,
  lq: CompiledQuery,
  lexical: Hit[],
  lexicalTotal: number,
  lexicalExact = true,
  options: { papers?: PaperReads; count?: boolean; typed?: string } = {},
): Promise<{ hits: Hit[]; total: number; exact: boolean }> {
  const papers = options.papers ?? ((ids: string[]) => ctx.store.papers.getMany(ids));
  const { depth, fusion, smoothing, credibility, exactTitleFirst: titleFirst } = ctx.ranking ?? DEFAULT_RANKING;
  // fusion sees every candidate, as before credibility existed, so the order of the papers shown does not change
  const { hits: candidates, bar } = await semanticHits(ctx, index, q, lq, depth, false);
  const semanticCredible = new Set(candidates.filter((h) => h.score >= bar).map((h) => h.id));
  // a query whose best neighbour clears chance keeps its first page of neighbours: everyday words score low
  if (credibility.firstPage > 0 && candidates.length && candidates[0]!.score >= bar) for (const h of candidates.slice(0, credibility.firstPage)) semanticCredible.add(h.id);
  let semantic = candidates;
  const gram = smoothing.neighbours > 0 && smoothing.weight > 0 ? ctx.semantic!.gram?.(semantic.map((h) => h.id)) : undefined;
  if (gram) {
    const smoothed = smoothScores(semantic.map((h) => h.score), gram, smoothing.neighbours, smoothing.weight);
    semantic = semantic.map((h, i) => ({ ...h, score: smoothed[i]! })).sort((a, b) => b.score - a.score);
  }
  const min = credibility.lexicalCoverage - 1e-9;
  const own = lq.scored.filter((s) => s.weight >= 1).map((s) => s.term);
  const coverage = index.coverage(lq.scored, own, lexical.map((h) => h.doc));
  const lexicalCredible = new Set(lexical.filter((_, i) => coverage[i]! >= min).map((h) => h.id));
  const exact = coverage.filter((c) => c >= 1 - 1e-9).length;
  if (new Set(own).size === 1 && exact > 0 && exact <= RARE_MATCHES && ctx.semantic?.chanceScores) {
    const higher = percentile(await ctx.semantic.chanceScores(), credibility.matchedPercentile);
    for (const h of candidates) if (h.score < higher && !lexicalCredible.has(h.id)) semanticCredible.delete(h.id);
  }
  const credible = new Set([...lexicalCredible, ...semanticCredible]);
  const text = [...q.words, ...q.phrases, ...q.title].join(' ');
  const fused = fuseHits(lexical, semantic, depth, fusion).filter((h) => credible.has(h.id));
  const lookup = {
    holders: (terms: readonly string[]) =>
      index.titleHolders(terms, TITLE_LOOKUP_RARE).filter((d) => index.passes(d, lq)).map((d) => ({ doc: d, id: index.idOf(d)!, score: fused[0]?.score ?? 0 })),
    titleWords: (d: number) => index.titleWords(d),
  };
  const hits = titleFirst ? await exactTitleFirst(papers, options.typed === undefined ? [text] : [options.typed, text], lexical, fused, lookup) : fused;
  // every credible lexical match in the corpus (counted exactly when some fell outside the ranked pool, or may
  // have: a pruned search's total is an estimate) plus the neighbours only meaning found
  // (estimated, `exact: false`, for a query of common words on a corpus of many segments: credibleMatches.ts)
  // (`count: false`, a caller that shows no total: only those of the ranked pool, a lower bound)
  const pooled = lexicalExact && lexicalTotal <= lexical.length;
  const lexicalCount = pooled || options.count === false ? { count: lexicalCredible.size, exact: pooled } : index.credibleCount(lq, own, credibility.lexicalCoverage);
  const total = lexicalCount.count + [...semanticCredible].filter((id) => !lexicalCredible.has(id)).length;
  return { hits, total: Math.max(total, hits.length), exact: semanticCredible.size < depth && lexicalCount.exact };
}

/** Convex fusion of the top `depth` of both lists, as hits that keep their index numbers. */
function fuseHits(lexical: Hit[], semantic: Hit[], depth: number, weights: [number, number]): Hit[] {
  const docs = new Map<string, number>();
  for (const h of [...lexical, ...semantic]) docs.set(h.id, h.doc);
  return fuseScores([lexical.slice(0, depth), semantic.slice(0, depth)], weights).map((r) => ({ id: r.id, doc: docs.get(r.id)!, score: r.score }));
}
