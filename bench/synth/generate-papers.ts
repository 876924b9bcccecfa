/**
 * The synthetic corpus itself: a lazy, deterministic stream of realistic papers in date and id order.
 * Every benchmark (feed, search, import, recommendations) draws its data from here, so the same seed must give
 * the same papers everywhere, and a million papers must stream without being held in memory.
 */
import { IdAllocator, isoDate, parseDate, planDays, type Day } from './calendar.ts';
import { composeAbstract, composeTitle, type TextContext } from './compose-text.ts';
import { ORGANIZATIONS, type Organization } from './organizations.ts';
import { Rng, cumulative, zipfCumulative } from './rng.ts';
import { TOPICS, methodName, personName, type Topic } from './topics.ts';
import { USERNAMES } from './usernames.ts';

/** One paper, in paperwire's import shape (absent fields are left out, never null). */
export interface SynthPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  published: string;
  categories: string[];
  code_url?: string;
  project_url?: string;
  organization?: Organization;
  upvotes?: number;
  featured?: { date: string; submitted_by: string }[];
  /** Index into TOPICS: the ground truth that search and recommendation benchmarks judge relevance by. */
  topic: number;
}

export interface GenerateOptions {
  count: number;
  seed: number;
  /** First and last day, YYYY-MM-DD; default 2024-11-01 .. 2026-10-31. */
  start?: string;
  end?: string;
  /** Only the days whose index is in [from, to): for parallel writers; papers are identical to a full run's. */
  dayRange?: [number, number];
}

export const DEFAULT_START = '2024-11-01';
export const DEFAULT_END = '2026-10-31';

const AUTHOR_COUNT = cumulative([4, 9, 13, 14, 13, 11, 9, 7, 5, 4, 3, 2, 2, 1.5, 1.5]);
const GENERIC_CATS = ['cs.LG', 'cs.AI', 'cs.CV', 'cs.CL', 'stat.ML'];
const VISUAL = new Set(['cs.CV', 'cs.GR', 'cs.RO']);
const ORG_CUM = zipfCumulative(ORGANIZATIONS.length, 0.8);
const USER_CUM = zipfCumulative(USERNAMES.length, 1.05);
// Recurring authors: about 1 in 6 papers has one; the most prolific writes ~3% of their topic's papers.
const CORE_CUM = zipfCumulative(TOPICS[0].authors.length, 0.8);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function authorsFor(rng: Rng, topic: Topic): string[] {
  const n = rng.weighted(AUTHOR_COUNT) + 1;
  const out = new Set<string>();
  const core = () => topic.authors[rng.weighted(CORE_CUM)];
  for (let i = 0; i < n; i++) {
    const senior = i === n - 1 && n > 1;
    out.add(rng.chance(senior ? 0.15 : i === 0 ? 0.06 : 0.03) ? core() : personName(rng));
  }
  return [...out];
}

function categoriesFor(rng: Rng, topic: Topic): string[] {
  const cats = topic.cats;
  const primary = cats.length > 1 && rng.chance(0.25) ? cats[1] : cats[0];
  const out = [primary];
  for (const c of cats) if (c !== primary && rng.chance(0.5)) out.push(c);
  if (rng.chance(0.3)) out.push(rng.pick(GENERIC_CATS));
  return [...new Set(out)];
}

function nextWeekday(date: string, extra: number): string {
  let ms = parseDate(date) + 86_400_000 * (1 + extra);
  while ([0, 6].includes(new Date(ms).getUTCDay())) ms += 86_400_000;
  return isoDate(ms);
}

function makePaper(rng: Rng, day: Day, id: string, topicCum: Float64Array): SynthPaper {
  const topic = TOPICS[rng.weighted(topicCum)];
  const other = rng.chance(0.25) ? TOPICS[rng.int(TOPICS.length)] : null;
  const authors = authorsFor(rng, topic);
  const categories = categoriesFor(rng, topic);
  const organization = rng.chance(0.2)
    ? ORGANIZATIONS[rng.chance(0.7) ? rng.zipf(topic.orgs) : rng.weighted(ORG_CUM)]
    : undefined;
  const method = methodName(rng, other && rng.chance(0.3) ? [...topic.stems, ...other.stems] : topic.stems);
  const visual = VISUAL.has(categories[0]);
  const hasCode = rng.chance(visual ? 0.45 : 0.3);
  const owner = organization?.name ?? slug(authors[0]).replace(/-[a-z]-/, '-');
  const repo = slug(method) || 'code';
  const code_url = hasCode ? `https://github.com/${owner}/${repo}` : undefined;
  const project_url = rng.chance(visual ? 0.2 : 0.05) ? `https://${owner}.github.io/${repo}/` : undefined;
  const ctx: TextContext = { rng, topic, other, method, introduced: new Set() };
  const title = composeTitle(ctx);
  const abstract = composeAbstract(ctx, code_url);
  // Keys are added in output order; `topic` goes last, after the optional fields.
  const paper = { id, title, abstract, authors, published: day.date, categories } as SynthPaper;
  if (code_url) paper.code_url = code_url;
  if (project_url) paper.project_url = project_url;
  if (organization) paper.organization = { name: organization.name, fullname: organization.fullname };
  const pFeatured = 0.11 * topic.hotness * (organization ? 1.4 : 1) * (hasCode ? 1.2 : 1);
  if (rng.chance(pFeatured)) {
    const mu = 1.5 + 0.5 * topic.hotness + (organization ? 0.4 : 0) + (hasCode ? 0.2 : 0);
    paper.upvotes = Math.max(1, Math.min(5000, Math.round(Math.exp(mu + 1.1 * rng.normal()))));
    paper.featured = [{ date: nextWeekday(day.date, rng.chance(0.15) ? 1 : 0), submitted_by: USERNAMES[rng.weighted(USER_CUM)] }];
  }
  paper.topic = topic.id;
  return paper;
}

/** Streams `count` papers for `seed`, oldest first; the same options always yield the same papers. */
export function* generatePapers(opts: GenerateOptions): Generator<SynthPaper> {
  const { count, seed } = opts;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  const days = planDays(count, seed, opts.start ?? DEFAULT_START, opts.end ?? DEFAULT_END);
  const ids = new IdAllocator(days, seed);
  const [from, to] = opts.dayRange ?? [0, days.length];
  for (const day of days) {
    if (day.count === 0 || day.index >= to) continue;
    if (day.index < from) {
      ids.skip(day.date, day.count);
      continue;
    }
    // One stream per day, so any range of days can be generated on its own (e.g. in parallel) byte-identically.
    const rng = new Rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(day.index + 1, 0x85ebca6b));
    const topicCum = cumulative(TOPICS.map((t) => t.share * Math.exp(t.trend * (day.t - 0.5))));
    for (let i = 0; i < day.count; i++) yield makePaper(rng, day, ids.id(day.date), topicCum);
  }
}
