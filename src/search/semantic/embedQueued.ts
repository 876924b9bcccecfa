import { nextTurn } from '../../jobs/timeSlices.ts';
import type { QueuedPaper, VectorFeedStep } from '../../storage/searchIndexStore.ts';
import type { Store } from '../../storage/store.ts';
import { paperText, quantize, type Embedder } from './embedder.ts';

/** How one run of the embedding loop is driven: batch size, when to stop, what to do after each batch. */
export interface EmbedQueuedOptions {
  batch?: number;
  /** Stops after the batch in flight is written (it is never half written). */
  signal?: AbortSignal | { readonly aborted: boolean };
  /**
   * Called after each batch is committed, with the papers embedded so far and (roughly) those still queued: the
   * queue is counted at most every LEFT_RECOUNT_MS and estimated in between (a count of a field-size queue cost
   * more than embedding the batch). `step` is what the batch's commit added to the vector feed (putVectors).
   */
  afterBatch?: (done: number, left: number, step?: VectorFeedStep) => Promise<void> | void;
}

/** How often the papers still queued are counted again while the loop runs (in between: the last count less those embedded since). */
const LEFT_RECOUNT_MS = 10_000;

/**
 * The embedding loop, wherever it runs — the server's worker thread over its own store connection, or the
 * server thread itself when no worker can be used: reads the embedding queue in batches, embeds each, and stores
 * its vectors together with the removal of its queue rows (one transaction, `putVectors`), so a process killed
 * at any moment loses nothing and embeds nothing twice. It is a pipeline: while one batch is written, the next
 * is already being embedded; after the last batch the queue is read again from its start, for papers queued
 * meanwhile. Returns how many papers it embedded; when the queue emptied, vectors of other models are dropped.
 */
export async function embedQueued(store: Store, embedder: Embedder, options: EmbedQueuedOptions = {}): Promise<number> {
  const batch = options.batch ?? 512;
  let done = 0;
  // the papers left: counted now and then, less those embedded since (a count reads the whole queue's index)
  let counted = { at: Number.NEGATIVE_INFINITY, left: 0, done: 0 };
  const left = async () => {
    if (performance.now() - counted.at >= LEFT_RECOUNT_MS) counted = { at: performance.now(), left: await store.searchIndex.queuedCount('embed'), done };
    return Math.max(0, counted.left - (done - counted.done));
  };
  const start = (rows: QueuedPaper[]) => {
    const embedding = rows.length ? embedder.embed(rows.map(paperText)) : Promise.resolve([]);
    embedding.catch(() => {}); // awaited below; not an unhandled rejection when the loop stops first
    return embedding;
  };
  let rows = await store.searchIndex.queued('embed', batch);
  let embedding = start(rows);
  while (rows.length && !options.signal?.aborted) {
    const vectors = await embedding;
    let next = await store.searchIndex.queued('embed', batch, rows[rows.length - 1]!.rowid);
    embedding = start(next);
    const step = await store.searchIndex.putVectors(
      embedder.id,
      rows.map((r, i) => ({ rowid: r.rowid, ...quantize(vectors[i]!) })),
    );
    done += rows.length;
    await options.afterBatch?.(done, next.length ? await left() : 0, step);
    await nextTurn();
    if (!next.length) {
      next = await store.searchIndex.queued('embed', batch);
      embedding = start(next);
    }
    rows = next;
  }
  if (done && !options.signal?.aborted) await store.searchIndex.dropOtherModels(embedder.id);
  return done;
}

/**
 * Something that runs `embedQueued` elsewhere — the server's embedding worker thread, which writes the vectors
 * through its own store connection — so the thread that owns the index learns of them only through the feed.
 */
export interface QueuedEmbedding {
  embedPending(options: EmbedQueuedOptions): Promise<number>;
}
