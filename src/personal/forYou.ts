import type { Paper } from '../model/paper.ts';
import { readyLexical, type SearchContext } from '../search/searchContext.ts';
import { searchPapers } from '../search/searchPapers.ts';
import type { Store } from '../storage/store.ts';
import { recentSpan } from '../feed/recentSpan.ts';
import { rankForYou, type Reason } from './rankForYou.ts';
import { RecentWindows } from './recentWindows.ts';

/** A recommended paper with why it was picked. */
export interface ForYouPick {
  paper: Paper;
  reason: Reason;
  score: number;
}

/** Options of one "For you" computation. */
export interface ForYouOptions {
  today: string;
  /** How many days back the window reaches (default 7). */
  days?: number;
  limit?: number;
  /** How long a built window is reused while writes happen (default 10 s: a rebuild holds the process for ~0.3 s at 1M papers); 0 rebuilds on any change. */
  windowMaxAgeMs?: number;
  /** Search machinery for followed searches and alerts; without it those features are left out. */
  search?: SearchContext;
  /** The server's shared window (its SearchContext's `windows`); without it the window is built for this call. */
  windows?: RecentWindows;
}

const MAX_ALERTS = 10;
/** How long a window is reused while the database changes: new papers and vectors reach For you within this. */
const WINDOW_MAX_AGE_MS = 10_000;

/** The first day of a window of `days` days ending today. */
export function windowStart(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - (days - 1));
  return d.toISOString().slice(0, 10);
}

/**
 * "For you": recent papers ranked for one user from what they saved, upvoted and follow, each with a reason.
 * The one entry point for the For you page, its API, and the digest.
 */
export async function forYou(store: Store, userId: number, options: ForYouOptions): Promise<ForYouPick[]> {
  // the same recent span as Trending: it ends at the newest featured day when nothing is newer (the demo)
  const since = (await recentSpan(store, { today: options.today, days: options.days ?? 7 })).from;
  const [cached, signals, follows, seen, saved] = await Promise.all([
    (options.windows ?? options.search?.windows ?? new RecentWindows(store)).get(since, options.windowMaxAgeMs ?? WINDOW_MAX_AGE_MS),
    store.personal.activeModel().then((m) => store.personal.signals(userId, m ?? '', 200)),
    store.personal.follows(userId),
    store.personal.seen(userId),
    store.savedSearches.listByUser(userId),
  ]);
  const alertHits = new Map<number, string>();
  // while the server's first lexical build runs, For you answers without followed searches rather than wait
  if (options.search && (await readyLexical(options.search))) {
    const queries = [...follows.filter((f) => f.kind === 'search').map((f) => f.value), ...saved.map((s) => s.query)].slice(0, MAX_ALERTS);
    for (const q of queries) {
      const { papers } = await searchPapers(options.search, { q, filters: { from: since }, mode: 'lexical', limit: 100 });
      for (const p of papers) {
        const i = cached.win.rowOfId.get(p.id);
        if (i !== undefined && !alertHits.has(cached.win.papers[i]!.rowid)) alertHits.set(cached.win.papers[i]!.rowid, q);
      }
    }
  }
  const picks = rankForYou(cached.win, { signals, follows, alertHits, seen, limit: options.limit ?? 30 });
  const full = new Map((await store.papers.getMany(picks.map((p) => p.paper.id))).map((p) => [p.id, p]));
  return picks.flatMap((p) => {
    const paper = full.get(p.paper.id);
    return paper ? [{ paper, reason: p.reason, score: p.score }] : [];
  });
}
