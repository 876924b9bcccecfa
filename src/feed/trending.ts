import type { DailyEntry } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';
import { daysBetween, isoDay } from './periods.ts';
import { recentSpan } from './recentSpan.ts';

/** How fast attention fades: the exponent on a paper's age in the trending score. */
export const TRENDING_GRAVITY = 1.5;

/**
 * A paper's trending score: (upvotes + 1) / (age in days + 2) ^ 1.5, age counted from the day it was featured.
 * The +1 lets fresh papers without votes rank by recency; the +2 keeps today's papers from dividing by ~0.
 */
export function trendingScore(upvotes: number, ageDays: number): number {
  return (Math.max(0, upvotes) + 1) / Math.pow(Math.max(0, ageDays) + 2, TRENDING_GRAVITY);
}

/** Ranks entries by trending score as of `asOf`, newest feature of each paper only. */
export function rankTrending(entries: DailyEntry[], asOf: string): DailyEntry[] {
  const newest = new Map<string, DailyEntry>();
  for (const e of entries) {
    const seen = newest.get(e.paper.id);
    if (!seen || seen.date < e.date) newest.set(e.paper.id, e);
  }
  const scored = [...newest.values()].map((e) => ({ e, s: trendingScore(e.paper.upvotes, daysBetween(e.date, asOf)) }));
  scored.sort((a, b) => b.s - a.s || b.e.paper.upvotes - a.e.paper.upvotes || (a.e.date < b.e.date ? 1 : -1) || a.e.position - b.e.position);
  return scored.map((x) => x.e);
}

/**
 * The trending list: papers featured in the recent span (see recentSpan: `days` days ending today or at the newest
 * featured day, reaching further back on a young instance), ranked by trendingScore as of the span's end.
 */
export async function listTrending(store: Store, options: { days: number; limit: number; offset: number; today?: string }): Promise<{ entries: DailyEntry[]; total: number; asOf: string }> {
  const today = options.today ?? isoDay(new Date());
  const { from, to: asOf } = await recentSpan(store, { today, days: options.days });
  const { entries } = await store.daily.list({ from, to: asOf }, 'upvotes', { limit: 10_000, offset: 0 });
  const ranked = rankTrending(entries, asOf);
  return { entries: ranked.slice(options.offset, options.offset + options.limit), total: ranked.length, asOf };
}
