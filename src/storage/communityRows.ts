import type { Comment } from '../community/types.ts';
import type { Store } from './store.ts';

// Row → type mappers and column lists of the community tables, shared by the SQLite and PostgreSQL stores (their
// rows have the same columns and value types); the SQL stays in each backend's folder.

/** A row as either driver returns it. */
export type Row = Record<string, string | number | null>;
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** A comments row joined with its paper id and author (the comment SELECT in each backend). */
export const toComment = (r: Row): Comment => ({
  id: r.id as number,
  paperId: r.paper_id as string,
  parentId: opt(r.parent_id as number | null),
  author: { id: r.u_id as number, username: r.username as string, fullname: opt(r.fullname as string | null), avatarUrl: opt(r.avatar_url as string | null) },
  body: r.body as string,
  createdAt: r.created_at as string,
  editedAt: opt(r.edited_at as string | null),
  hiddenAt: opt(r.hidden_at as string | null),
  deletedAt: opt(r.deleted_at as string | null),
});

/** The users columns an account update sets, in order, leaving out what the patch does not name. */
export function accountPatchColumns(patch: Parameters<Store['accounts']['update']>[1]): [string, unknown][] {
  const cols: Record<string, unknown> = {
    password_hash: patch.passwordHash,
    email_verified_at: patch.emailVerifiedAt,
    role: patch.role,
    suspended_at: patch.suspendedAt,
    show_upvotes: patch.showUpvotes === undefined ? undefined : patch.showUpvotes ? 1 : 0,
    fullname: patch.fullname,
  };
  return Object.entries(cols).filter(([, v]) => v !== undefined);
}
