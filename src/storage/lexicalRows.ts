import type { LexicalDocRow } from './lexicalStore.ts';

/** A papers row as the lexical index reads it (the columns each backend's lexical store selects). */
export type DocRow = { rowid: number; id: string; title: string; abstract: string | null; authors: string; categories: string; published_at: string | null; code_url: string | null; upvotes: number; org_name: string | null };

/** A papers row as a LexicalDocRow: shared by the SQLite and PostgreSQL stores (same columns and value types). */
export const toDoc = (r: DocRow): LexicalDocRow => ({
  rowid: r.rowid,
  id: r.id,
  title: r.title,
  abstract: r.abstract ?? undefined,
  authors: JSON.parse(r.authors),
  categories: JSON.parse(r.categories),
  publishedAt: r.published_at ?? undefined,
  hasCode: !!r.code_url,
  orgName: r.org_name ?? undefined,
  upvotes: r.upvotes,
});
