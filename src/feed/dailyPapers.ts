import { badRequest } from '../http/errors.ts';
import type { DailyEntry } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';
import { parseDay, parseMonth, parseWeek, type Period } from './periods.ts';
import { listTrending } from './trending.ts';

/** A request for a page of featured papers, as GET /api/daily_papers and the MCP `daily_papers` tool take it. */
export interface DailyPapersRequest {
  date?: string;
  week?: string;
  month?: string;
  submitter?: string;
  sort: 'publishedAt' | 'trending';
  /** Page, from 0. */
  p: number;
  limit: number;
}

/** The period a request names (at most one of date, week, month; 400 when impossible); undefined when none. */
export function requestedPeriod(q: Pick<DailyPapersRequest, 'date' | 'week' | 'month'>): Period | undefined {
  const given = [q.date, q.week, q.month].filter(Boolean).length;
  if (given > 1) throw badRequest('give at most one of date, week and month');
  if (q.date) return parseDay(q.date) ?? (() => { throw badRequest('date is not a real day'); })();
  if (q.week) return parseWeek(q.week) ?? (() => { throw badRequest('week is not a real ISO week'); })();
  if (q.month) return parseMonth(q.month) ?? (() => { throw badRequest('month is not a real month'); })();
  return undefined;
}

/**
 * One page of featured papers for a day, week or month (or across all days): the single use case behind the
 * daily-papers API and the MCP tool. Without a period, "trending" is the trending ranking; within one, by upvotes.
 */
export async function dailyPapers(store: Store, q: DailyPapersRequest, options: { trendingDays: number; today: string }): Promise<DailyEntry[]> {
  const period = requestedPeriod(q);
  const page = { limit: q.limit, offset: q.p * q.limit };
  if (q.sort === 'trending' && !period) {
    return (await listTrending(store, { days: options.trendingDays, ...page, today: options.today })).entries;
  }
  const range = period ?? { from: '0000-01-01', to: '9999-12-31' };
  return (await store.daily.list({ ...range, submitter: q.submitter }, q.sort === 'trending' ? 'upvotes' : 'date', page)).entries;
}
