import type { Paper } from '../model/paper.ts';
import { searchPapers, type SearchContext, type SearchFilters } from '../search/searchPapers.ts';
import type { Follow } from '../storage/personalStore.ts';
import type { Store } from '../storage/store.ts';

/** A paper of the day that matches something the user follows, with what it matched. */
export interface FollowedPaper {
  paper: Paper;
  matched: Follow[];
}

const filterFor = (f: Follow): { q: string; filters: SearchFilters } =>
  f.kind === 'author' ? { q: '', filters: { authors: [f.value] } }
  : f.kind === 'org' ? { q: '', filters: { orgs: [f.value] } }
  : f.kind === 'category' ? { q: '', filters: { categories: [f.value] } }
  : { q: f.value, filters: {} };

/**
 * The "Following" view of one day: papers published or featured that day by followed authors and organizations,
 * in followed categories, or matching followed searches, most upvoted first; hidden papers are left out.
 */
export async function followingDay(store: Store, search: SearchContext, userId: number, date: string): Promise<FollowedPaper[]> {
  const follows = await store.personal.follows(userId);
  const found = new Map<string, FollowedPaper>();
  const add = (p: Paper, f: Follow) => {
    const cur = found.get(p.id) ?? found.set(p.id, { paper: p, matched: [] }).get(p.id)!;
    if (!cur.matched.includes(f)) cur.matched.push(f);
  };
  const { entries } = await store.daily.list({ from: date, to: date }, 'upvotes', { limit: 500, offset: 0 });
  for (const f of follows) {
    const lower = f.value.toLowerCase();
    for (const { paper: p } of entries) {
      if (f.kind === 'author' && p.authors.some((a) => a.toLowerCase() === lower)) add(p, f);
      if (f.kind === 'org' && p.organization?.name.toLowerCase() === lower) add(p, f);
      if (f.kind === 'category' && p.categories.some((c) => c.toLowerCase() === lower)) add(p, f);
    }
    const { q, filters } = filterFor(f);
    const { papers } = await searchPapers(search, { q, filters: { ...filters, from: date, to: date }, mode: 'lexical', limit: 100, interactive: true });
    for (const p of papers) add(p, f);
  }
  const list = [...found.values()];
  const marks = await store.personal.marksAmong(userId, list.map((x) => x.paper.id));
  return list.filter((x) => !marks.get(x.paper.id)?.has('hidden')).sort((a, b) => b.paper.upvotes - a.paper.upvotes || a.paper.id.localeCompare(b.paper.id));
}
