import type { ChangeLog } from './changeLog.ts';

/** Work the search index keeps per paper: 'embed' (its vector) and 'keywords' (its ai_keywords). */
export type SearchTask = 'embed' | 'keywords';

/** A paper waiting for a search job, with the text the job reads. */
export interface QueuedPaper {
  rowid: number;
  id: string;
  title: string;
  abstract: string;
}

/** One paper's vector, int8-quantized: the float vector is `vector[i] * scale`. */
export interface StoredVector {
  rowid: number;
  scale: number;
  vector: Int8Array;
}

/** One entry of a model's vector change feed, read together with the paper's state now. */
export interface VectorChange {
  seq: number;
  /** The id the paper had when the change was logged: its vector leaves the index under this id. */
  named: string;
  /** The paper's vector for the model under its current id; absent when it has none, is withdrawn or was deleted. */
  current?: StoredVector & { id: string };
}

/**
 * One write's part of a vector change feed: the feed's newest change before it (`after`) and the changes it logged,
 * as `changesSince(after)` would read them at its commit. A reader whose position is exactly `after` may apply
 * them instead of reading them back (the embedding worker hands them to the server thread); any other reader
 * follows the feed as usual.
 */
export interface VectorFeedStep {
  after: number;
  changes: VectorChange[];
}

/**
 * What semantic search, keywords and summaries keep: vectors per embedding model (a new model re-embeds rather
 * than mixing versions), a queue of papers whose text changed (filled by triggers, so imports never wait for a
 * model), and the summaries and keywords written back onto the papers.
 */
export interface SearchIndexStore {
  /**
   * Queued papers for a task, oldest first; with `afterRowid`, only those after it (the embedding job reads its
   * next batch while the previous one is still being embedded, not yet taken off the queue).
   */
  queued(task: SearchTask, limit: number, afterRowid?: number): Promise<QueuedPaper[]>;
  queuedCount(task: SearchTask): Promise<number>;
  /**
   * Stores vectors for `model` and takes those papers off the embed queue, in one transaction; returns what that
   * transaction added to the model's vector change feed, read inside it (VectorFeedStep), so a reader told of the
   * write can apply it without reading the feed again.
   */
  putVectors(model: string, rows: StoredVector[]): Promise<VectorFeedStep>;
  /** One page of a model's vectors of papers not withdrawn, in rowid order, after `afterRowid`: how the in-memory index loads. */
  vectors(model: string, afterRowid: number, limit: number): Promise<(StoredVector & { id: string })[]>;
  vectorCount(model: string): Promise<number>;
  /**
   * The vector change feed as `model`'s index follows it: vectors stored or replaced, papers withdrawn, renumbered
   * or deleted, by any process. Logged by whatever writes (triggers in SQLite); read with each paper's state now.
   */
  vectorChanges(model: string): ChangeLog<VectorChange>;
  /** Makes `model` the active embedding model; when it changed, queues every paper to be embedded again. */
  useModel(model: string): Promise<'same' | 'changed'>;
  /** Deletes the vectors of every other model (once the active one has caught up). */
  dropOtherModels(model: string): Promise<number>;
  /** Queues every paper for a task again (`paperwire reindex`); returns how many were added. */
  requeueAll(task: SearchTask): Promise<number>;
  /** Writes ai_keywords and takes those papers off the keywords queue. */
  putKeywords(rows: { rowid: number; keywords: string[] }[]): Promise<void>;
  /** Papers with an abstract and no summary yet, newest first, leaving out `skip` (rowids that just failed). */
  unsummarized(limit: number, skip?: number[]): Promise<QueuedPaper[]>;
  /** Sets ai_summary unless one was written meanwhile. */
  putSummary(rowid: number, summary: string): Promise<void>;
}
