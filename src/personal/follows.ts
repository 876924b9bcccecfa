import { HttpError, notFound } from '../http/errors.ts';
import type { FollowKind } from '../storage/personalStore.ts';
import type { Store } from '../storage/store.ts';

/** The kinds of things a user can follow, as forms and the API name them. */
export const FOLLOW_KINDS: FollowKind[] = ['author', 'org', 'category', 'search'];
const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

/** Checks and canonicalizes what to follow (422 with a message when it cannot be followed). */
async function checked(store: Store, kind: string, raw: string): Promise<{ kind: FollowKind; value: string }> {
  if (!FOLLOW_KINDS.includes(kind as FollowKind)) throw new HttpError(400, `kind must be one of ${FOLLOW_KINDS.join(', ')}`);
  const value = raw.replace(/\s+/g, ' ').trim();
  if (!value) throw new HttpError(422, `Say which ${kind} to follow`);
  if (value.length > 200) throw new HttpError(422, 'That is too long to follow: at most 200 characters');
  if (kind === 'category' && !CATEGORY.test(value)) throw new HttpError(422, 'A category is written like cs.CL or hep-th');
  if (kind === 'org') {
    const org = await store.organizations.get(value);
    if (!org) throw notFound(`Organization ${value}`);
    return { kind, value: org.name };
  }
  return { kind: kind as FollowKind, value };
}

/** Follows an author, organization, category or search; the one entry point for pages and the API. */
export async function followThing(store: Store, userId: number, kind: string, value: string): Promise<'added' | 'exists'> {
  const f = await checked(store, kind, value);
  return store.personal.follow(userId, f.kind, f.value);
}

/** Stops following; false when it was not followed. */
export async function unfollowThing(store: Store, userId: number, kind: string, value: string): Promise<boolean> {
  if (!FOLLOW_KINDS.includes(kind as FollowKind)) throw new HttpError(400, `kind must be one of ${FOLLOW_KINDS.join(', ')}`);
  return store.personal.unfollow(userId, kind as FollowKind, value.replace(/\s+/g, ' ').trim());
}
