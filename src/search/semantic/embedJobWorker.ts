/**
 * The server's embedding job, run in a worker thread (offThreadEmbedJob.ts drives it): it opens its own
 * connection to the store the server uses (SQLite: the same file; PostgreSQL: a pool of two), loads the same
 * local model, and runs the embedding loop there — reading the queue, embedding, and writing each batch of
 * vectors with the removal of its queue rows in one transaction — so the server thread does none of it and
 * learns of the new vectors through the vector change feed, like any other server.
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { markPairedEmbedding } from '../../jobs/requestActivity.ts';
import { lowerThreadPriority } from '../../jobs/threadPriority.ts';
import { openStore, SERVE_PAGE_CACHE_MB, type StoreConfig } from '../../storage/openStore.ts';
import type { VectorFeedStep } from '../../storage/searchIndexStore.ts';
import type { Store } from '../../storage/store.ts';
import { bundledEmbedder } from '../embedding/bundledEmbedder.ts';
import type { Embedder } from './embedder.ts';
import { embedQueued } from './embedQueued.ts';
import type { EmbedModelSpec } from './embedWorker.ts';
import { createOnnxEmbedder } from './onnxEmbedder.ts';
import { pairedEmbedder } from './pairedEmbedder.ts';
import { offThreadEmbedder } from './workerEmbedder.ts';

/** What the worker is started with: where the store is, which model to load, and from what backlog a helper thread embeds too. */
export interface EmbedJobSetup {
  store: StoreConfig;
  model: EmbedModelSpec;
  /** Papers queued at a run's start from which the bundled model embeds on two threads (default HELPER_FROM; tests lower it). */
  helperFrom?: number;
  /** The server's activity cells (trackRequests), marked while a run embeds on two threads, so the keyword worker rests. */
  activity?: SharedArrayBuffer;
}
/** A run of the loop (`batch` papers at a time), or a request to stop after the batch in flight. */
export type EmbedJobRequest = { type: 'run'; seq: number; batch: number } | { type: 'stop'; seq: number };
/**
 * Progress after each committed batch, with what the commit added to the vector feed (so the server thread applies
 * it without reading it back), then the run's end (papers embedded) or its error.
 */
export type EmbedJobResponse =
  | { type: 'progress'; seq: number; done: number; left: number; step?: VectorFeedStep }
  | { type: 'done'; seq: number; done: number }
  | { type: 'error'; seq: number; error: string; fatal?: boolean };

/**
 * A run that starts with this many papers queued (a freshly imported field: 126k real papers are ~30 s of one
 * core) embeds on two threads: this one and a helper with its own copy of the bundled model (≈ 30 MB, stopped when
 * the run ends), each batch split between them (pairedEmbedder.ts), while the keyword worker rests
 * (markPairedEmbedding). The papers a day brings stay on one thread.
 * Not for an ONNX model, whose runtime has threads of its own.
 */
const HELPER_FROM = 5_000;

lowerThreadPriority(); // background work: the server thread's requests come first
const setup = workerData as EmbedJobSetup;
const embedder: Embedder = setup.model.kind === 'onnx' ? createOnnxEmbedder({ dir: setup.model.dir }) : bundledEmbedder();
let store: Promise<Store> | undefined;
const stopped = new Set<number>();
const post = (r: EmbedJobResponse) => parentPort!.postMessage(r);
/** A step whose vectors own their bytes: a view into a driver's shared buffer would be cloned whole for each vector. */
const compact = (step: VectorFeedStep): VectorFeedStep => ({
  after: step.after,
  changes: step.changes.map((c) => (c.current ? { ...c, current: { ...c.current, vector: c.current.vector.slice() } } : c)),
});

parentPort!.on('message', async (req: EmbedJobRequest) => {
  if (req.type === 'stop') return void stopped.add(req.seq);
  const signal = {
    get aborted() {
      return stopped.has(req.seq);
    },
  };
  let opened: Store;
  try {
    store ??= openStore(setup.store, { poolSize: 2, pageCacheMb: SERVE_PAGE_CACHE_MB });
    opened = await store;
  } catch (err) {
    store = undefined;
    // this worker cannot reach the store: the server runs the loop itself from now on
    return post({ type: 'error', seq: req.seq, error: err instanceof Error ? err.message : String(err), fatal: true });
  }
  try {
    const done = await withHelper(opened, (using) =>
      embedQueued(opened, using, {
        batch: req.batch,
        signal,
        afterBatch: (n, left, step) => post({ type: 'progress', seq: req.seq, done: n, left, step: step && compact(step) }),
      }),
    );
    post({ type: 'done', seq: req.seq, done });
  } catch (err) {
    post({ type: 'error', seq: req.seq, error: err instanceof Error ? err.message : String(err) });
  } finally {
    stopped.delete(req.seq);
  }
});

/**
 * Runs a run's loop with this thread's embedder — paired with a helper thread's copy for a large backlog of the
 * bundled model, on a machine of two cores or more, the activity cells marked meanwhile (HELPER_FROM). The helper
 * is stopped and the mark taken off before the run reports its end.
 */
async function withHelper<T>(opened: Store, body: (using: Embedder) => Promise<T>): Promise<T> {
  const large = setup.model.kind === 'bundled' && availableParallelism() > 1 && (await opened.searchIndex.queuedCount('embed')) >= (setup.helperFrom ?? HELPER_FROM);
  if (!large) return body(embedder);
  const helper = offThreadEmbedder(embedder, setup.model);
  markPairedEmbedding(setup.activity, true);
  try {
    return await body(pairedEmbedder(embedder, helper));
  } finally {
    markPairedEmbedding(setup.activity, false);
    await helper.close();
  }
}
