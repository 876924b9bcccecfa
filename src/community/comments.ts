import { HttpError } from '../http/errors.ts';
import { BadParentError, UnknownPaperError } from '../storage/storeErrors.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { recordAction } from './moderation.ts';
import { assertCanWrite, assertModerator, isModerator } from './rules.ts';
import type { Account, Comment } from './types.ts';

const MAX = 5000;

function checkBody(body: string): string {
  const text = body.replace(/\r\n/g, '\n').trim();
  if (!text) throw new HttpError(422, 'The comment is empty');
  if (text.length > MAX) throw new HttpError(422, `A comment can be at most ${MAX} characters long`);
  return text;
}

/** Posts a comment (or a reply to a top-level comment) on a paper. */
export async function postComment(deps: CommunityDeps, account: Account | undefined, input: { paperId: string; body: string; parentId?: number }): Promise<Comment> {
  assertCanWrite(account);
  const body = checkBody(input.body);
  try {
    return await deps.store.comments.add({ paperId: input.paperId, userId: account.id, parentId: input.parentId, body });
  } catch (err) {
    if (err instanceof UnknownPaperError) throw new HttpError(404, `Paper ${input.paperId} was not found`);
    if (err instanceof BadParentError) throw new HttpError(422, 'Replies go one level deep, under a comment on the same paper');
    throw err;
  }
}

async function ownComment(deps: CommunityDeps, account: Account, id: number): Promise<Comment> {
  const comment = await deps.store.comments.get(id);
  if (!comment || comment.deletedAt) throw new HttpError(404, 'That comment was not found');
  if (comment.author.id !== account.id && !isModerator(account.role)) throw new HttpError(403, 'You can only change your own comments');
  return comment;
}

/** Edits one's own comment. */
export async function editComment(deps: CommunityDeps, account: Account | undefined, id: number, body: string): Promise<Comment> {
  assertCanWrite(account);
  const comment = await ownComment(deps, account, id);
  if (comment.author.id !== account.id) throw new HttpError(403, 'You can only edit your own comments');
  await deps.store.comments.edit(id, checkBody(body));
  return (await deps.store.comments.get(id))!;
}

/** Deletes one's own comment (moderators may delete any; that is logged). */
export async function deleteComment(deps: CommunityDeps, account: Account | undefined, id: number): Promise<Comment> {
  if (!account) throw new HttpError(401, 'Sign in first');
  const comment = await ownComment(deps, account, id);
  await deps.store.comments.setDeleted(id);
  if (comment.author.id !== account.id) await recordAction(deps, account, 'comment.delete', `comment:${id}`, `by ${comment.author.username} on ${comment.paperId}`);
  return comment;
}

/** Hides or shows again a comment (moderators), logged. */
export async function hideComment(deps: CommunityDeps, account: Account | undefined, id: number, hidden: boolean): Promise<Comment> {
  assertModerator(account);
  const comment = await deps.store.comments.get(id);
  if (!comment) throw new HttpError(404, 'That comment was not found');
  await deps.store.comments.setHidden(id, hidden);
  await recordAction(deps, account, hidden ? 'comment.hide' : 'comment.show', `comment:${id}`, `by ${comment.author.username} on ${comment.paperId}`);
  return comment;
}
