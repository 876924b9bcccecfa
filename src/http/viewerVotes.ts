import type { Paper } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';
import type { upvoteBox } from '../views/paperCard.ts';
import type { Viewer } from './viewer.ts';

/** The vote state a card shows: whether the viewer may vote, has voted, and the CSRF token for the form. */
export type VoteState = NonNullable<Parameters<typeof upvoteBox>[1]>;

/**
 * For a signed-in viewer, a function giving each listed paper's card state — vote, saved, read or hidden — from
 * one query each for the whole list, so lists offer one-click save, mark read and hide.
 */
export async function viewerVotes(store: Store, viewer: Viewer, papers: Paper[]): Promise<(p: Paper) => VoteState> {
  const ids = papers.map((p) => p.id);
  const [voted, saved, marks] = await Promise.all([store.votes.votedOn(viewer.id, ids), store.personal.savedAmong(viewer.id, ids), store.personal.marksAmong(viewer.id, ids)]);
  return (p) => ({ canVote: true, voted: voted.has(p.id), csrf: viewer.csrf, saved: saved.has(p.id), marks: marks.get(p.id) });
}

/** Headers of a page rendered for one signed-in viewer: never stored by shared caches. */
export const PRIVATE_PAGE = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' };
