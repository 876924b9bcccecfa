/**
 * A change log in the database that every process appends to (by trigger, or in the writing statement) and every
 * server's in-memory index follows: the lexical index reads `search_changes`, the vector index `vector_changes`.
 * A backend implements it with a sequence numbered in commit order; readers prune old changes.
 */
export interface ChangeLog<C extends { seq: number }> {
  /** The newest change number (0 when none); read before a full load so no change made during it is missed. */
  lastChange(): Promise<number>;
  /** The oldest change still kept (0 when none): a reader behind it has missed changes and must reload. */
  firstChange(): Promise<number>;
  /** Up to `limit` changes after `seq`, oldest first. */
  changesSince(seq: number, limit: number): Promise<C[]>;
  /** Deletes all but the newest `keep` changes; returns how many went. */
  prune(keep: number): Promise<number>;
}
