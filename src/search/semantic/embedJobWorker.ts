/**
 * The server's embedding job, run in a worker thread (offThreadEmbedJob.ts drives it): it opens its own
 * connection to the store the server uses (SQLite: the same file; PostgreSQL: a pool of two), loads the same
 * local model, and runs the embedding loop there — reading the queue, embedding, and writing each batch of
 * vectors with the removal of its queue rows in one transaction — so the server thread does none of it and
 * learns of the new vectors through the vector change feed, like any other server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../jobs/threadPriority.ts';
import { openStore, SERVE_PAGE_CACHE_MB, type StoreConfig } from '../../storage/openStore.ts';
import type { VectorFeedStep } from '../../storage/searchIndexStore.ts';
import type { Store } from '../../storage/store.ts';
import { bundledEmbedder } from '../embedding/bundledEmbedder.ts';
import type { Embedder } from './embedder.ts';
import { embedQueued } from './embedQueued.ts';
import type { EmbedModelSpec } from './embedWorker.ts';
import { createOnnxEmbedder } from './onnxEmbedder.ts';

/** What the worker is started with: where the store is and which model to load. */
export interface EmbedJobSetup {
  store: StoreConfig;
  model: EmbedModelSpec;
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
    const done = await embedQueued(opened, embedder, {
      batch: req.batch,
      signal,
      afterBatch: (n, left, step) => post({ type: 'progress', seq: req.seq, done: n, left, step: step && compact(step) }),
    });
    post({ type: 'done', seq: req.seq, done });
  } catch (err) {
    post({ type: 'error', seq: req.seq, error: err instanceof Error ? err.message : String(err) });
  } finally {
    stopped.delete(req.seq);
  }
});
