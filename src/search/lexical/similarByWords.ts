import type { Paper } from '../../model/paper.ts';
import type { Store } from '../../storage/store.ts';
import { analyze } from './analyzer.ts';
import { idf } from './bm25f.ts';
import { readyLexical, type SearchContext } from '../searchContext.ts';

/** How many of the paper's most distinctive words make up the query. */
const QUERY_TERMS = 25;

/**
 * Papers that share the most distinctive words with one paper: its title and abstract terms weighted by tf·idf
 * become a BM25F query on the lexical index. The fallback for "similar papers" while vectors are missing.
 */
export async function similarByWords(ctx: Pick<SearchContext, 'store' | 'lexical' | 'requestWaitMs'>, id: string, limit: number): Promise<Paper[]> {
  const [paper] = await ctx.store.papers.getMany([id]);
  if (!paper) return [];
  const index = await readyLexical(ctx);
  if (!index) return []; // the server's first build is still running: the page shows what vectors found
  const tf = new Map<string, number>();
  for (const t of analyze(`${paper.title} ${paper.title} ${paper.abstract ?? ''}`)) tf.set(t.term, (tf.get(t.term) ?? 0) + 1);
  const weighted = [...tf]
    .map(([term, n]) => ({ term, w: Math.log(1 + n) * idf(index.size, index.docFreq(term)) }))
    .filter((t) => index.docFreq(t.term) > 1)
    .sort((a, b) => b.w - a.w)
    .slice(0, QUERY_TERMS);
  if (!weighted.length) return [];
  const max = weighted[0]!.w;
  const { hits } = index.search({ scored: weighted.map((t) => ({ term: t.term, weight: t.w / max })), required: [], anyOf: [], excluded: [], sort: 'relevance', limit: limit + 1 });
  return (await ctx.store.papers.getMany(hits.map((h) => h.id).filter((h) => h !== id))).slice(0, limit);
}
