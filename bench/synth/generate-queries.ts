/**
 * A mixed, deterministic query set for the search and recommendation benchmarks. Every query names the topic it
 * targets, so a benchmark can judge relevance from the corpus's `topic` field without hand labels. Kinds are
 * interleaved in fixed proportions: 20% single word, 25% several words, 15% "exact phrase", 20% filtered
 * (cat:, year:, author:, has:code) and 20% semantic paraphrases that avoid the topic's key terms.
 */
import { Rng } from './rng.ts';
import { TOPICS, type Topic } from './topics.ts';

export type QueryKind = 'word' | 'words' | 'phrase' | 'filtered' | 'semantic';

export interface BenchQuery {
  /** The query string as a user would type it. */
  q: string;
  kind: QueryKind;
  /** Index into TOPICS that the query targets. */
  topic: number;
  /** For filtered queries: the filter, so a benchmark can also check that results obey it. */
  filter?: { field: 'cat' | 'year' | 'author' | 'has'; value: string };
}

const PATTERN: QueryKind[] = ['word', 'words', 'phrase', 'filtered', 'semantic', 'words', 'word', 'filtered', 'semantic', 'words',
  'phrase', 'word', 'filtered', 'semantic', 'words', 'word', 'filtered', 'semantic', 'phrase', 'words'];
const PREFIX = ['', '', 'papers on ', 'methods for ', 'recent work on ', 'how to approach '];

const top = (t: Topic, n: number) => t.terms.slice(0, n);

function word(rng: Rng, t: Topic): string {
  const singles = top(t, 25).filter((w) => !w.includes(' '));
  const acr = t.acronyms.filter((a) => a[1].length >= 3);
  if (acr.length && rng.chance(0.25)) return rng.zipf(acr)[1];
  return singles.length ? rng.zipf(singles) : top(t, 1)[0].split(' ')[0];
}

function multi(t: Topic): string[] {
  const m = top(t, 40).filter((w) => w.includes(' '));
  return m.length ? m : [t.tasks[0]];
}

function words(rng: Rng, t: Topic): string {
  const form = rng.int(3);
  if (form === 0) return rng.zipf(multi(t));
  if (form === 1) return `${word(rng, t)} ${rng.pick(t.tasks)}`;
  const a = rng.zipf(top(t, 20));
  const b = rng.zipf(top(t, 20));
  return a === b ? a : `${a} ${b}`;
}

function filtered(rng: Rng, t: Topic): BenchQuery {
  const base = rng.chance(0.5) ? word(rng, t) : words(rng, t);
  const f = rng.int(4);
  const filter: BenchQuery['filter'] = f === 0 ? { field: 'cat', value: t.cats[0] }
    : f === 1 ? { field: 'year', value: rng.pick(['2025', '2026']) }
      : f === 2 ? { field: 'author', value: rng.zipf(t.authors.slice(0, 5)) }
        : { field: 'has', value: 'code' };
  const v = filter.value.includes(' ') ? `"${filter.value}"` : filter.value;
  return { q: `${base} ${filter.field}:${v}`, kind: 'filtered', topic: t.id, filter };
}

/** `n` benchmark queries for `seed`; the same arguments always return the same list. */
export function generateQueries(seed: number, n: number): BenchQuery[] {
  const rng = new Rng(seed ^ 0x9ee71e5);
  const out: BenchQuery[] = [];
  for (let i = 0; i < n; i++) {
    const t = TOPICS[rng.int(TOPICS.length)];
    const kind = PATTERN[i % PATTERN.length];
    if (kind === 'filtered') out.push(filtered(rng, t));
    else if (kind === 'semantic') out.push({ q: rng.pick(PREFIX) + rng.pick(t.plain), kind, topic: t.id });
    else if (kind === 'phrase') out.push({ q: `"${rng.zipf(multi(t))}"`, kind, topic: t.id });
    else out.push({ q: kind === 'word' ? word(rng, t) : words(rng, t), kind, topic: t.id });
  }
  return out;
}
