import type { Store } from '../storage/store.ts';
import { addDays } from './periods.ts';

/** Fewest papers a recent window should hold before it reaches back to earlier featured days. */
export const MIN_RECENT_PAPERS = 10;
/** How many times a thin window may reach back (each step jumps to the next earlier day with papers). */
const MAX_STEPS = 8;

/**
 * The span of featured days that "recent" lists (Trending, its feed and API, For you) read: `days` days ending
 * today, or at the newest featured day when nothing is newer (a demo corpus, a paused ingestion). On a young
 * instance, where one fresh submission would otherwise leave a list of one, the span reaches back over empty
 * stretches to the earlier days with papers until it holds at least `minPapers` (the ranking still favours new ones).
 */
export async function recentSpan(store: Store, options: { today: string; days: number; minPapers?: number }): Promise<{ from: string; to: string }> {
  const latest = (await store.daily.latestDate()) ?? options.today;
  const to = latest < options.today ? latest : options.today;
  let from = addDays(to, -(options.days - 1));
  const min = options.minPapers ?? MIN_RECENT_PAPERS;
  for (let step = 0; step < MAX_STEPS; step++) {
    const { total } = await store.daily.list({ from, to }, 'upvotes', { limit: 1, offset: 0 });
    if (total >= min) break;
    const { prev } = await store.daily.neighbours(from);
    if (!prev) break;
    from = addDays(prev, -(options.days - 1));
  }
  return { from, to };
}
