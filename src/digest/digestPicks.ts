import { forYou } from '../personal/forYou.ts';
import type { RecentWindows } from '../personal/recentWindows.ts';
import type { Store } from '../storage/store.ts';
import type { DigestPick } from './digestTypes.ts';

/** How many "For you" picks a digest carries at most. */
export const DIGEST_PICKS = 5;

/**
 * A subscriber's "For you" picks for a digest: the same ranking as the For you page over the week up to the run
 * day, left out when they are already among the edition's papers, and only picks with a personal reason — a
 * reader with no saves, upvotes or follows gets none (their ranking would be popularity, which the digest already is).
 */
export async function digestPicks(store: Store, userId: number, today: string, edition: Set<string>, windows?: RecentWindows): Promise<DigestPick[]> {
  const picks = await forYou(store, userId, { today, limit: DIGEST_PICKS + edition.size, windows });
  return picks
    .filter((p) => p.reason.kind !== 'popular' && !edition.has(p.paper.id))
    .slice(0, DIGEST_PICKS)
    .map((p) => ({ paperId: p.paper.id, reason: p.reason.text }));
}
