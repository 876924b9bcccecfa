import { z } from 'zod';
import { withLease } from '../jobs/jobLease.ts';
import type { Paper } from '../model/paper.ts';
import { createSearchContext, type SearchContext } from '../search/searchContext.ts';
import { searchPapers } from '../search/searchPapers.ts';
import { deliverDigests, type DeliverySummary, type DigestDeps } from './deliverDigests.ts';
import type { NewDigestSend, SavedSearch, SearchFilters } from './digestTypes.ts';
import { digestMessageId } from './runDigest.ts';

/** How many results of a saved search are compared with what it found before. */
export const MATCH_WINDOW = 200;
/** Most saved searches per user. */
export const MAX_SAVED_SEARCHES = 25;

/** A saved search as the search page's "Save" form and the settings page submit it. */
export const savedSearchInput = z.object({
  query: z.string().trim().min(1, 'the search needs some words').max(250, 'the query is too long: at most 250 characters'),
  organization: z.string().trim().max(100).optional().transform((v) => v || undefined),
  category: z.string().trim().max(40).optional().transform((v) => v || undefined),
  minUpvotes: z.coerce.number().int().min(0).max(100_000).optional(),
  delivery: z.enum(['digest', 'instant', 'feed']).default('digest'),
});

/**
 * The papers a saved search matches now, through the site's search entry point with the search's filters. Word
 * matching only: meaning-based ranking always returns the nearest papers, which would make every paper a "match".
 */
export async function savedSearchMatches(ctx: SearchContext, search: Pick<SavedSearch, 'query' | 'filters'>): Promise<Paper[]> {
  const f: SearchFilters = search.filters;
  const { papers } = await searchPapers(ctx, {
    q: search.query,
    mode: 'lexical',
    limit: MATCH_WINDOW,
    filters: { orgs: f.organization ? [f.organization] : undefined, categories: f.category ? [f.category] : undefined },
  });
  return f.minUpvotes === undefined ? papers : papers.filter((p) => p.upvotes >= f.minUpvotes!);
}

/** Saves a search for a user; what it matches today becomes its baseline (in its feed, never mailed). */
export async function saveSearch(ctx: SearchContext, userId: number, input: z.output<typeof savedSearchInput>): Promise<SavedSearch> {
  const { store } = ctx;
  if ((await store.savedSearches.listByUser(userId)).length >= MAX_SAVED_SEARCHES) throw new RangeError(`at most ${MAX_SAVED_SEARCHES} saved searches per account`);
  const filters: SearchFilters = { organization: input.organization, category: input.category, minUpvotes: input.minUpvotes };
  const search = await store.savedSearches.create(userId, { query: input.query, filters: JSON.parse(JSON.stringify(filters)), delivery: input.delivery });
  await store.savedSearches.addHits(search.id, (await savedSearchMatches(ctx, search)).map((p) => p.id), true);
  return search;
}

/** Records, for every saved search, the papers it matches that it had not found and that arrived after it was saved. */
export async function matchSavedSearches(ctx: SearchContext): Promise<number> {
  const { store } = ctx;
  let found = 0;
  for (const search of await store.savedSearches.listAll()) {
    const known = await store.savedSearches.knownPaperIds(search.id);
    const fresh = (await savedSearchMatches(ctx, search)).filter((p) => !known.has(p.id) && p.createdAt >= search.createdAt);
    if (fresh.length) found += await store.savedSearches.addHits(search.id, fresh.map((p) => p.id), false);
  }
  return found;
}

/**
 * The alert job: find new matches, then mail each user's unmailed hits of 'instant' searches (and of 'digest'
 * searches when the user takes no digest) through the same ledger and delivery as digests, so alerts are
 * idempotent too. Hits stay unmailed while their owner has no confirmed subscription.
 */
export async function runAlerts(deps: DigestDeps, options: { signal?: AbortSignal } = {}): Promise<{ found: number; recorded: number; delivery?: DeliverySummary } | undefined> {
  return withLease(deps.store.jobLeases, 'digest', async ({ renew, signal }) => {
    const found = await matchSavedSearches(deps.search ?? createSearchContext(deps.store));
    await deliverDigests(deps, { signal, onProgress: renew });
    const sends: NewDigestSend[] = [];
    const users = new Set([...(await deps.store.savedSearches.usersWithUnnotified(['instant'])), ...(await deps.store.savedSearches.usersWithUnnotified(['digest']))]);
    for (const userId of users) {
      const sub = await deps.store.subscribers.byUser(userId);
      if (!sub || sub.status !== 'active') continue;
      const hits = await deps.store.savedSearches.unnotifiedHits(userId, sub.frequency === 'none' ? ['instant', 'digest'] : ['instant']);
      if (!hits.length) continue;
      const period = `alert:${hits.at(-1)!.id}`;
      const queries = [...new Set(hits.map((h) => h.query))];
      const subject = `${hits.length} new paper${hits.length === 1 ? '' : 's'} for “${queries[0]}”${queries.length > 1 ? ` and ${queries.length - 1} more` : ''} · paperwire`;
      sends.push({ subscriberId: sub.id, period, messageId: digestMessageId(period, sub.id, deps.config.baseUrl), subject, paperIds: [], hitIds: hits.map((h) => h.id) });
    }
    const recorded = await deps.store.digestSends.record(sends);
    const delivery = await deliverDigests(deps, { signal, onProgress: renew });
    return { found, recorded, delivery };
  }, { ttlMs: deps.config.jobLeaseTtlMs, signal: options.signal });
}
