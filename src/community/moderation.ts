import { HttpError } from '../http/errors.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { assertAdmin, assertModerator } from './rules.ts';
import type { Account, Role } from './types.ts';

/** Writes one moderation action to the log table and the server log. */
export async function recordAction(deps: CommunityDeps, actor: Account, action: string, target: string, detail?: string): Promise<void> {
  await deps.store.moderationLog.record({ actorId: actor.id, action, target, detail });
  deps.log.info('moderation', { actor: actor.username, action, target, detail });
}

async function target(deps: CommunityDeps, username: string): Promise<Account> {
  const user = await deps.store.accounts.byLogin(username);
  if (!user || user.username.toLowerCase() !== username.toLowerCase()) throw new HttpError(404, `User ${username} was not found`);
  return user;
}

/** Suspends (or restores) a user: a suspended user is signed out everywhere and can no longer write. Admins only. */
export async function setSuspended(deps: CommunityDeps, actor: Account | undefined, username: string, suspended: boolean): Promise<void> {
  assertAdmin(actor);
  const user = await target(deps, username);
  if (user.id === actor.id) throw new HttpError(422, 'You cannot suspend yourself');
  await deps.store.accounts.update(user.id, { suspendedAt: suspended ? new Date().toISOString() : null });
  if (suspended) await deps.store.accounts.deleteSessions(user.id);
  await recordAction(deps, actor, suspended ? 'user.suspend' : 'user.restore', `user:${user.username}`);
}

/** Changes a user's site role. Admins only; an admin cannot demote themselves (so one admin always remains). */
export async function setRole(deps: CommunityDeps, actor: Account | undefined, username: string, role: Role): Promise<void> {
  assertAdmin(actor);
  const user = await target(deps, username);
  if (user.id === actor.id && role !== 'admin') throw new HttpError(422, 'You cannot remove your own admin role; ask another admin');
  await deps.store.accounts.update(user.id, { role });
  await recordAction(deps, actor, 'user.role', `user:${user.username}`, role);
}

/** Takes a submitted paper off a day's list (moderators), logged. */
export async function removeSubmission(deps: CommunityDeps, actor: Account | undefined, paperId: string, date: string): Promise<void> {
  assertModerator(actor);
  if (!(await deps.store.submissions.remove(paperId, date))) throw new HttpError(404, `Paper ${paperId} is not on the list of ${date}`);
  await recordAction(deps, actor, 'submission.remove', `paper:${paperId}`, date);
}
