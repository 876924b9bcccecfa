import { SEARCH_CHANGES_LOCK } from './migrations/005-search.ts';

/**
 * The advisory locks PostgreSQL writers take at the start of their transaction, where SQLite's BEGIN IMMEDIATE
 * serialized every writer. Taken always in this order (papers before the change log) so no two wait in a cycle.
 */
export const LOCKS = {
  /** Paper upserts: two imports never race to insert the same paper or title. */
  papers: 'papers',
  /** The search change log: changes commit in the order they are numbered (see migration 5). */
  changes: SEARCH_CHANGES_LOCK,
  /** A day's list positions: the next position is read and taken by one writer at a time. */
  day: (date: string) => `daily:${date}`,
  /** One named request gate (the arXiv politeness gate). */
  gate: (name: string) => `gate:${name}`,
  /** One named job lease. */
  lease: (name: string) => `lease:${name}`,
} as const;

/** The locks of a transaction that writes papers' searchable fields or upvotes. */
export const PAPER_WRITE = [LOCKS.papers, LOCKS.changes];
