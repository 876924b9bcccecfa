import type { Collection, WindowPaper } from './personalStore.ts';

// Row → type mappers of the personal tables, shared by the SQLite and PostgreSQL stores (their rows have the same
// columns and value types); the SQL stays in each backend's folder.

/** A row as either driver returns it. */
export type Row = Record<string, string | number | Buffer | null>;

/** A collections row joined with its owner's name and item count (COLLECTION_SELECT in each backend). */
export const toCollection = (r: Row): Collection => ({
  id: r.id as number,
  userId: r.user_id as number,
  ownerUsername: r.owner as string,
  name: r.name as string,
  description: r.description as string,
  isPublic: r.is_public === 1,
  isDefault: r.is_default === 1,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  size: r.size as number,
});

/** A row of the recent window (WINDOW_COLUMNS in each backend): a paper with its vector under the active model. */
export const toWindowPaper = (r: Row): WindowPaper => {
  const blob = r.vector as Buffer | null;
  return {
    rowid: r.rowid as number,
    id: r.id as string,
    title: r.title as string,
    authors: JSON.parse(r.authors as string),
    categories: JSON.parse(r.categories as string),
    org: (r.org as string | null) ?? undefined,
    upvotes: r.upvotes as number,
    publishedAt: (r.published_at as string | null) ?? undefined,
    vector: blob ? new Int8Array(blob.buffer, blob.byteOffset, blob.byteLength) : undefined,
    scale: (r.scale as number | null) ?? 0,
  };
};
