import { HttpError } from '../http/errors.ts';
import { UnknownPaperError } from '../storage/storeErrors.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { recordAction } from './moderation.ts';
import { assertAdmin, assertCanWrite } from './rules.ts';
import type { Account } from './types.ts';

/** Records a user's claim to be an author of a paper, pending an admin's decision. */
export async function claimAuthorship(deps: CommunityDeps, account: Account | undefined, paperId: string): Promise<'pending' | 'exists'> {
  assertCanWrite(account);
  try {
    return await deps.store.claims.claim(paperId, account.id);
  } catch (err) {
    if (err instanceof UnknownPaperError) throw new HttpError(404, `Paper ${paperId} was not found`);
    throw err;
  }
}

/** Approves or rejects a pending claim (admins), logged. */
export async function decideClaim(deps: CommunityDeps, actor: Account | undefined, claimId: number, approve: boolean): Promise<void> {
  assertAdmin(actor);
  const claim = await deps.store.claims.get(claimId);
  if (!claim) throw new HttpError(404, 'That claim was not found');
  if (!(await deps.store.claims.decide(claimId, approve ? 'approved' : 'rejected', actor.id))) throw new HttpError(409, 'That claim was already decided');
  await recordAction(deps, actor, approve ? 'claim.approve' : 'claim.reject', `paper:${claim.paper.id}`, `author ${claim.user.username}`);
}
