import type { Paper } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';
import type { upvoteBox } from '../views/paperCard.ts';
import type { Viewer } from './viewer.ts';

/** The vote state a card shows: whether the viewer may vote, has voted, and the CSRF token for the form. */
export type VoteState = NonNullable<Parameters<typeof upvoteBox>[1]>;

/** For a signed-in viewer, a function giving each listed paper's vote state (one query for the whole list). */
export async function viewerVotes(store: Store, viewer: Viewer, papers: Paper[]): Promise<(p: Paper) => VoteState> {
  const voted = await store.votes.votedOn(viewer.id, papers.map((p) => p.id));
  return (p) => ({ canVote: true, voted: voted.has(p.id), csrf: viewer.csrf });
}

/** Headers of a page rendered for one signed-in viewer: never stored by shared caches. */
export const PRIVATE_PAGE = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' };
