import type { ChangeLog } from './changeLog.ts';

/** One paper as the lexical index reads it: the searchable text and the fields filters and sorts use. */
export interface LexicalDocRow {
  rowid: number;
  id: string;
  title: string;
  abstract?: string;
  authors: string[];
  categories: string[];
  publishedAt?: string;
  hasCode: boolean;
  orgName?: string;
  upvotes: number;
}

/** A change to papers since some point, with the paper as it is now (absent when it was deleted). */
export interface LexicalChange {
  seq: number;
  rowid: number;
  kind: 'upsert' | 'delete' | 'votes';
  doc?: LexicalDocRow;
}

/**
 * What the in-memory lexical index reads: papers in rowid order to build from, and the change log (written by
 * triggers in whichever process changes a paper) to stay current.
 */
export interface LexicalStore extends ChangeLog<LexicalChange> {
  /** Up to `limit` papers with rowid > `afterRowid`, in rowid order. */
  scan(afterRowid: number, limit: number): Promise<LexicalDocRow[]>;
  /** The newest change number (0 when none); read before a build so no change made during it is missed. */
  lastChange(): Promise<number>;
  /** The oldest change still kept (0 when none): a reader behind it has missed changes and must rebuild. */
  firstChange(): Promise<number>;
  /** Changes after `seq`, oldest first. */
  changesSince(seq: number, limit: number): Promise<LexicalChange[]>;
  /** Deletes all but the newest `keep` changes; returns how many went. */
  prune(keep: number): Promise<number>;
}
