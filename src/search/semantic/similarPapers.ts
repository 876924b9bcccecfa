import type { Paper } from '../../model/paper.ts';
import { similarByWords } from '../lexical/similarByWords.ts';
import type { SearchContext } from '../searchContext.ts';

/**
 * Papers similar to one paper: its nearest neighbours in the semantic index (the same vectors hybrid search
 * uses), topped up by shared distinctive words while the paper or its neighbours are not embedded yet. The one
 * entry point for the paper page and `GET /api/papers/{id}/similar`.
 */
export async function similarPapers(ctx: Pick<SearchContext, 'store' | 'semantic' | 'lexical' | 'requestWaitMs'>, id: string, limit: number): Promise<Paper[]> {
  const hits = (await ctx.semantic?.similar?.(id, limit)) ?? [];
  const papers = (await ctx.store.papers.getMany(hits.map((h) => h.id))).filter((p) => p.id !== id && !p.withdrawnAt);
  if (papers.length >= limit) return papers.slice(0, limit);
  const seen = new Set(papers.map((p) => p.id));
  for (const p of await similarByWords(ctx, id, limit + papers.length)) {
    if (papers.length >= limit) break;
    if (!seen.has(p.id) && p.id !== id) papers.push(p);
  }
  return papers;
}
