import { Worker } from 'node:worker_threads';
import { markPairedEmbedding } from '../../jobs/requestActivity.ts';
import { workerEntry } from '../../jobs/workerEntry.ts';
import type { Logger } from '../../logging/logger.ts';
import type { StoreConfig } from '../../storage/openStore.ts';
import type { EmbedJobRequest, EmbedJobResponse, EmbedJobSetup } from './embedJobWorker.ts';
import type { EmbedQueuedOptions, QueuedEmbedding } from './embedQueued.ts';
import type { EmbedModelSpec } from './embedWorker.ts';

/** How long the embedding job's worker waits with no run before it is let go (offThreadEmbedJob). */
export const EMBED_WORKER_IDLE_MS = 30_000;

/**
 * The server's embedding job in a worker thread (embedJobWorker.ts) that reads the queue, embeds and writes the
 * vectors through its own store connection, so the server thread neither embeds nor writes: it keeps the job
 * lease, relays an abort (the worker stops after the batch in flight, which is committed whole), hears of each
 * batch (`afterBatch`, with what the batch added to the vector feed: the server applies it instead of reading it
 * back, or follows the feed) and of the end. The worker starts on the first run and does not keep the process
 * alive while idle; if it fails, runs go to `fallback` (the server thread's own loop, logged once). `close` stops
 * the worker (tests, shutdown). `helperFrom`: the backlog from which a run embeds on two threads, `activity`:
 * the server's activity cells, marked meanwhile (embedJobWorker.ts). `idleMs`: how long the worker may wait with
 * no run before it is let go, with its store connection, model and malloc arenas (≈ 110 MB after embedding a
 * freshly imported 126k): a server that has embedded its backlog holds no embedding thread until more arrives.
 */
export function offThreadEmbedJob(
  store: StoreConfig,
  model: EmbedModelSpec,
  fallback: (options: EmbedQueuedOptions) => Promise<number>,
  log?: Logger,
  options: { helperFrom?: number; activity?: SharedArrayBuffer; idleMs?: number } = {},
): QueuedEmbedding & { close(): Promise<void>; readonly holdsWorker: boolean } {
  const { idleMs = EMBED_WORKER_IDLE_MS, ...setup } = options;
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let failed = false;
  let seq = 0;
  const runs = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void; options: EmbedQueuedOptions }>();
  const fail = (err: Error) => {
    if (!failed) log?.warn('the embedding job’s worker failed; embedding papers on the server thread', { error: err.message });
    failed = true;
    void worker?.terminate();
    worker = undefined;
    for (const r of runs.values()) r.reject(err);
    runs.clear();
  };
  const start = (): Worker => {
    const w = new Worker(workerEntry('embedJobWorker', import.meta.url), { workerData: { store, model, ...setup } satisfies EmbedJobSetup });
    w.on('message', (r: EmbedJobResponse) => {
      const run = runs.get(r.seq);
      if (!run) return;
      if (r.type === 'progress') return void Promise.resolve(run.options.afterBatch?.(r.done, r.left, r.step)).catch(() => {});
      if (r.type === 'error' && r.fatal) return fail(new Error(r.error));
      runs.delete(r.seq);
      if (!runs.size) w.unref(), letGoWhenIdle(w);
      if (r.type === 'done') run.resolve(r.done);
      else run.reject(new Error(r.error));
    });
    // a worker let go (idle, or closed) exits with code 1 too: only the one in use fails the job
    w.on('error', (err) => w === worker && fail(err));
    w.on('exit', (code) => {
      if (w === worker || !worker) markPairedEmbedding(options.activity, false); // a worker stopped mid-run leaves no mark behind
      if (code !== 0 && w === worker) fail(new Error(`the embedding job’s worker stopped (exit ${code})`));
    });
    return w;
  };
  // the worker is let go once no run has come for idleMs; the next run starts another
  const letGoWhenIdle = (w: Worker) => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (worker !== w || runs.size) return;
      worker = undefined;
      void w.terminate();
    }, idleMs).unref();
  };
  return {
    get holdsWorker() {
      return worker !== undefined;
    },
    async embedPending(options) {
      if (failed) return fallback(options);
      clearTimeout(idle);
      worker ??= start();
      const w = worker;
      const n = seq++;
      w.ref(); // a run in flight keeps the process alive until it ends
      const signal = options.signal as AbortSignal | undefined;
      const stop = () => w.postMessage({ type: 'stop', seq: n } satisfies EmbedJobRequest);
      signal?.addEventListener?.('abort', stop, { once: true });
      try {
        const done = await new Promise<number>((resolve, reject) => {
          runs.set(n, { resolve, reject, options });
          w.postMessage({ type: 'run', seq: n, batch: options.batch ?? 512 } satisfies EmbedJobRequest);
          if (signal?.aborted) stop();
        });
        if (done) await options.afterBatch?.(done, 0); // the last batch's vectors are followed before the run reports done
        return done;
      } catch (err) {
        if (failed) return fallback(options);
        throw err;
      } finally {
        signal?.removeEventListener?.('abort', stop);
      }
    },
    async close() {
      clearTimeout(idle);
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}
