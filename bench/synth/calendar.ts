/**
 * The corpus timeline: how many papers appear on each day (weekdays heavy, most weekends empty, slow growth,
 * day-to-day noise) and the arXiv-style ids they get. Counts are allocated up front so the generator can stream
 * papers day by day in id order while hitting the requested total exactly.
 */
import { Rng } from './rng.ts';

export interface Day {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  dow: number;
  /** Days since the start, and fraction of the whole span (0..1). */
  index: number;
  t: number;
  count: number;
}

const DOW_WEIGHT = [0.12, 1.15, 1.1, 1.0, 1.0, 0.9, 0.1];
const DAY_MS = 86_400_000;

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const parseDate = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw new Error(`bad date "${d}", want YYYY-MM-DD`);
  return Date.parse(`${d}T00:00:00Z`);
};

/** The days from start to end inclusive, with the number of papers on each (summing exactly to count). */
export function planDays(count: number, seed: number, start: string, end: string): Day[] {
  const t0 = parseDate(start);
  const t1 = parseDate(end);
  if (t1 < t0) throw new Error(`end ${end} is before start ${start}`);
  const rng = new Rng(seed ^ 0x5eed_da75);
  const n = Math.round((t1 - t0) / DAY_MS) + 1;
  const days: Day[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const ms = t0 + i * DAY_MS;
    const dow = new Date(ms).getUTCDay();
    const t = n > 1 ? i / (n - 1) : 0;
    const weekend = dow === 0 || dow === 6;
    const noise = 0.85 + rng.next() * 0.3;
    weights.push(weekend && rng.chance(0.8) ? 0 : DOW_WEIGHT[dow] * (1 + 0.35 * t) * noise);
    days.push({ date: isoDate(ms), dow, index: i, t, count: 0 });
  }
  // Largest-remainder allocation: exact total, deterministic.
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let given = 0;
  const rema = days.map((d, i) => {
    const exact = (count * weights[i]) / total;
    d.count = Math.floor(exact);
    given += d.count;
    return [exact - d.count, i] as const;
  });
  rema.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; given < count; k++, given++) days[rema[k % rema.length][1]].count++;
  return days;
}

/** Hands out new-style arXiv ids (YYMM.NNNNN), increasing within each month with small random gaps. */
export class IdAllocator {
  private month = '';
  private next = 0;
  private gap = 0;
  private readonly perMonth = new Map<string, number>();
  private rng = new Rng(0);

  constructor(days: readonly Day[], private readonly seed: number) {
    for (const d of days) {
      const m = d.date.slice(2, 4) + d.date.slice(5, 7);
      this.perMonth.set(m, (this.perMonth.get(m) ?? 0) + d.count);
    }
    for (const [m, c] of this.perMonth) {
      if (c > 99_999) throw new Error(`${c} papers in month ${m} exceed the 99,999 ids of the YYMM.NNNNN form; use a longer date range`);
    }
  }

  /** Advances past `n` ids of day `date` without formatting them (to start a worker mid-corpus). */
  skip(date: string, n: number): void {
    this.enter(date.slice(2, 4) + date.slice(5, 7));
    for (let i = 0; i < n; i++) this.next += 1 + (this.rng.chance(this.gap) ? 1 : 0);
  }

  id(date: string): string {
    const m = date.slice(2, 4) + date.slice(5, 7);
    this.enter(m);
    const id = `${m}.${String(this.next).padStart(5, '0')}`;
    this.next += 1 + (this.rng.chance(this.gap) ? 1 : 0);
    return id;
  }

  private enter(m: string): void {
    if (m !== this.month) {
      const total = this.perMonth.get(m) ?? 1;
      const slack = 99_999 - total;
      this.month = m;
      this.rng = new Rng(Math.imul(this.seed, 0x27d4eb2d) ^ Number(m));
      this.gap = Math.min(0.5, slack / total / 3);
      this.next = 1 + this.rng.int(Math.max(1, Math.min(200, slack / 10)));
    }
  }
}
