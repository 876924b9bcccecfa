/** A span of days a list covers, inclusive, as YYYY-MM-DD strings, with how to name it on a page. */
export interface Period {
  kind: 'day' | 'week' | 'month';
  /** The period as written in its URL: 2025-12-25, 2025-W52, 2025-12. */
  key: string;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** Formats a Date (read in UTC) as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Reads YYYY-MM-DD, rejecting impossible dates such as 2025-02-30. */
export function parseDay(text: string): Period | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const t = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(t) || isoDay(new Date(t)) !== text) return undefined;
  return { kind: 'day', key: text, from: text, to: text };
}

/** The ISO week (YYYY-Www) a day belongs to. */
export function isoWeekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Reads an ISO week (YYYY-Www) into its Monday–Sunday span; weeks past the year's last are rejected. */
export function parseWeek(text: string): Period | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  const from = isoDay(new Date(monday1 + (week - 1) * 7 * DAY_MS));
  if (week < 1 || isoWeekOf(from) !== text) return undefined;
  return { kind: 'week', key: text, from, to: addDays(from, 6) };
}

/** Reads YYYY-MM into the month's first and last day. */
export function parseMonth(text: string): Period | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  const from = `${text}-01`;
  const to = isoDay(new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)));
  return { kind: 'month', key: text, from, to };
}

/** The period before or after this one, for previous/next links on week and month pages. */
export function shiftPeriod(p: Period, direction: -1 | 1): Period {
  if (p.kind === 'day') return parseDay(addDays(p.from, direction))!;
  if (p.kind === 'week') return parseWeek(isoWeekOf(addDays(p.from, 7 * direction)))!;
  const [y, m] = p.key.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + direction, 1));
  return parseMonth(isoDay(d).slice(0, 7))!;
}

/** Human names for a period: "Thu, Dec 25, 2025", "Week 52 of 2025", "December 2025". */
export function periodLabel(p: Period): string {
  const d = new Date(`${p.from}T00:00:00Z`);
  if (p.kind === 'day') return d.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  if (p.kind === 'week') return `Week ${Number(p.key.slice(6))} of ${p.key.slice(0, 4)}`;
  return d.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Whether a day falls on a Saturday or Sunday, when arXiv announces nothing. */
export function isWeekend(day: string): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
}
