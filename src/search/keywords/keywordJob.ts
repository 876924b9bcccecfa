import { wordTerms } from '../lexical/compileQuery.ts';
import type { LexicalIndex } from '../lexical/lexicalIndex.ts';
import type { SearchContext } from '../searchContext.ts';
import { extractKeywords, type CorpusStats } from './extractKeywords.ts';

const CACHE = 50_000;

/**
 * How many papers of the lexical index contain a word, or every word of a phrase (the AND-count of its terms,
 * a close upper bound of the phrase's own count). Text of stopwords only counts as in every paper.
 */
export function documentFrequency(index: LexicalIndex, text: string): number {
  const terms = [...new Set(wordTerms(text))];
  if (!terms.length) return index.size;
  if (terms.length === 1) return index.docFreq(terms[0]!);
  return index.search({ scored: [], required: terms, anyOf: [], excluded: [], sort: 'date', limit: 0 }).total;
}

/**
 * The keywords background job: takes papers off the 'keywords' queue (new papers and changed texts), writes
 * their ai_keywords, and returns how many it did. Document frequencies come from the store's in-memory lexical
 * index (the one search uses, already built in a server) and are cached across runs (corpus statistics move
 * slowly); the cache is dropped when the corpus grew by a tenth.
 */
export function createKeywordJob(ctx: Pick<SearchContext, 'store' | 'lexical'>): (options?: { batch?: number; signal?: AbortSignal; onProgress?: (done: number) => void }) => Promise<number> {
  const { store } = ctx;
  let cache = new Map<string, number>();
  let cachedFor = 0;
  return async (options = {}) => {
    let done = 0;
    for (;;) {
      if (options.signal?.aborted) break;
      const rows = await store.searchIndex.queued('keywords', options.batch ?? 200);
      if (!rows.length) break;
      const index = await ctx.lexical.current();
      const documents = index.size;
      if (documents > cachedFor * 1.1 || cache.size > CACHE) (cache = new Map()), (cachedFor = documents);
      const pending: string[] = [];
      const stats: CorpusStats = {
        documents,
        df: (term) => {
          const hit = cache.get(term);
          if (hit === undefined) pending.push(term);
          return hit ?? 1;
        },
      };
      // two passes: the first learns which frequencies are missing, they are fetched, the second scores
      for (const r of rows) extractKeywords(r.title, r.abstract, stats);
      for (const term of new Set(pending)) cache.set(term, documentFrequency(index, term));
      await store.searchIndex.putKeywords(rows.map((r) => ({ rowid: r.rowid, keywords: extractKeywords(r.title, r.abstract, stats) })));
      done += rows.length;
      options.onProgress?.(done);
      await new Promise<void>((r) => setImmediate(r));
    }
    return done;
  };
}
