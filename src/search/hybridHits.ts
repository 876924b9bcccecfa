import { fuseScores } from './fusion.ts';
import type { compileQuery } from './lexical/compileQuery.ts';
import type { Hit, LexicalIndex } from './lexical/lexicalIndex.ts';
import type { ParsedQuery } from './query/parseQuery.ts';
import type { SearchContext } from './searchContext.ts';
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
}

/** What search uses unless a context says otherwise. */
export const DEFAULT_RANKING: RankingSettings = { depth: 100, fusion: [0.4, 0.6], smoothing: { neighbours: 3, weight: 0.5 } };

type CompiledQuery = ReturnType<typeof compileQuery>;

/** Semantic neighbours of the query text that also pass the query's filters, as hits. */
export async function semanticHits(ctx: SearchContext, index: LexicalIndex, q: ParsedQuery, lq: CompiledQuery, limit: number): Promise<Hit[]> {
  const text = [...q.words, ...q.phrases, ...q.title].join(' ');
  const filtered = lq.required.length > 0 || lq.anyOf.length > 0 || lq.excluded.length > 0 || !!lq.from || !!lq.to || !!lq.hasCode;
  const found = await ctx.semantic!.search(text, filtered ? limit * 4 : limit);
  const passes = index.matcher(lq);
  const out: Hit[] = [];
  for (const r of found) {
    const doc = index.docOf(r.id);
    if (doc === undefined || !passes(doc)) continue;
    out.push({ doc, id: r.id, score: r.score });
  }
  return out.slice(0, limit);
}

/**
 * The hybrid order: the semantic candidates smoothed by their neighbours among themselves, then fused with the
 * lexical hits by score (src/search/fusion.ts).
 */
export async function hybridHits(ctx: SearchContext, index: LexicalIndex, q: ParsedQuery, lq: CompiledQuery, lexical: Hit[]): Promise<Hit[]> {
  const { depth, fusion, smoothing } = ctx.ranking ?? DEFAULT_RANKING;
  let semantic = await semanticHits(ctx, index, q, lq, depth);
  const gram = smoothing.neighbours > 0 && smoothing.weight > 0 ? ctx.semantic!.gram?.(semantic.map((h) => h.id)) : undefined;
  if (gram) {
    const smoothed = smoothScores(semantic.map((h) => h.score), gram, smoothing.neighbours, smoothing.weight);
    semantic = semantic.map((h, i) => ({ ...h, score: smoothed[i]! })).sort((a, b) => b.score - a.score);
  }
  return fuseHits(lexical, semantic, depth, fusion);
}

/** Convex fusion of the top `depth` of both lists, as hits that keep their index numbers. */
function fuseHits(lexical: Hit[], semantic: Hit[], depth: number, weights: [number, number]): Hit[] {
  const docs = new Map<string, number>();
  for (const h of [...lexical, ...semantic]) docs.set(h.id, h.doc);
  return fuseScores([lexical.slice(0, depth), semantic.slice(0, depth)], weights).map((r) => ({ id: r.id, doc: docs.get(r.id)!, score: r.score }));
}
