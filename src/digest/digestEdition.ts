import { addDays, daysBetween, isoWeekOf, isWeekend, parseDay, parseWeek, periodLabel, type Period } from '../feed/periods.ts';
import type { Paper } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';

/** One issue of the digest: the period it covers (its key in the send ledger), a name for it, its top papers. */
export interface DigestEdition {
  /** 'day:2025-12-25' or 'week:2025-W52': a subscriber gets each edition at most once. */
  period: string;
  label: string;
  /** Path of the list page this edition summarises. */
  path: string;
  papers: Paper[];
}

/** How far back a daily digest looks for the newest complete day before giving up (a stalled instance sends nothing). */
export const DAILY_LOOKBACK_DAYS = 7;

/**
 * The edition due on `today`. Daily (weekdays only): the newest day with papers strictly before today, so the list
 * is complete, within the last week. Weekly: the last complete ISO week. The papers are the period's most upvoted.
 * Returns the reason when nothing is due.
 */
export async function digestEdition(store: Store, frequency: 'daily' | 'weekly', today: string, size: number): Promise<DigestEdition | { skip: string }> {
  let period: Period;
  if (frequency === 'daily') {
    if (isWeekend(today)) return { skip: `${today} is a weekend: daily digests go out on weekdays` };
    const { prev } = await store.daily.neighbours(today);
    if (!prev || daysBetween(prev, today) > DAILY_LOOKBACK_DAYS) return { skip: `no papers were featured in the ${DAILY_LOOKBACK_DAYS} days before ${today}` };
    period = parseDay(prev)!;
  } else {
    period = parseWeek(isoWeekOf(addDays(today, -7)))!;
  }
  const { entries } = await store.daily.list(period, 'upvotes', { limit: size * 3, offset: 0 });
  const seen = new Set<string>();
  const papers = entries.flatMap((e) => (seen.has(e.paper.id) ? [] : (seen.add(e.paper.id), [e.paper]))).slice(0, size);
  const label = periodLabel(period);
  return { period: `${period.kind}:${period.key}`, label, path: `/papers/${period.kind === 'day' ? 'date' : 'week'}/${period.key}`, papers };
}

/** Reads a ledger period key back into its kind and list path ('alert:…' periods have no list). */
export function describePeriod(period: string): { kind: 'day' | 'week' | 'alert'; label: string; path?: string } {
  const [kind, key] = period.split(':') as [string, string];
  if (kind === 'day' && parseDay(key)) return { kind, label: periodLabel(parseDay(key)!), path: `/papers/date/${key}` };
  if (kind === 'week' && parseWeek(key)) return { kind, label: periodLabel(parseWeek(key)!), path: `/papers/week/${key}` };
  return { kind: 'alert', label: 'New papers for your saved searches' };
}
