import { HttpError } from '../http/errors.ts';
import { UnknownPaperError } from '../storage/storeErrors.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { assertCanWrite } from './rules.ts';
import type { Account } from './types.ts';

/** Sets a user's upvote on a paper (one per user and paper; the count stays exact under concurrency). */
export async function setUpvote(deps: CommunityDeps, account: Account | undefined, paperId: string, up: boolean): Promise<{ upvoted: boolean; upvotes: number }> {
  assertCanWrite(account);
  try {
    return await deps.store.votes.set(account.id, paperId, up);
  } catch (err) {
    if (err instanceof UnknownPaperError) throw new HttpError(404, `Paper ${paperId} was not found`);
    throw err;
  }
}
