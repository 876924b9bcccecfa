import type { SearchContext } from './searchContext.ts';
import { searchPapers, type SearchMode } from './searchPapers.ts';

/** How many titles the server's warm-up searches for (enough for V8 to compile the lexical path). */
const WARM_SEARCHES = 24;

/**
 * Searches the titles of `count` of the instance's own papers, spread over its index, the way a reader would
 * (searchPapers, `mode`), `pause` between searches, once the index is loaded: the first searches after a start
 * otherwise run the search code before the engine has compiled it, and read their common words' layouts (at 2.7M
 * papers the first few took 15–29 ms against 3–4 ms on a second pass). Nothing is kept but what any search keeps.
 * Returns how many searches it ran.
 */
export async function warmSearches(ctx: SearchContext, mode: SearchMode, pause: () => Promise<void> | undefined, count = WARM_SEARCHES): Promise<number> {
  const index = await ctx.lexical.current();
  const ids: string[] = [];
  const n = Math.min(count, index.size);
  for (let i = 0; i < n; i++) {
    const id = index.idOf(Math.floor(((i + 0.5) * index.size) / n));
    if (id) ids.push(id);
  }
  let searched = 0;
  for (const paper of await ctx.store.papers.getMany(ids)) {
    await pause();
    await searchPapers(ctx, { q: paper.title, mode, limit: 10 });
    searched++;
  }
  return searched;
}
