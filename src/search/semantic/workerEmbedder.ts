import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../jobs/workerEntry.ts';
import type { Logger } from '../../logging/logger.ts';
import type { Embedder } from './embedder.ts';
import type { EmbedModelSpec, EmbedRequest, EmbedResponse } from './embedWorker.ts';

/**
 * A local embedder whose batch embedding (`embed`: the papers the background job embeds) runs in a worker thread
 * that loads the same model, so a server embedding a freshly imported field keeps answering pages and searches
 * at idle speed. Query embedding (`embedSync`) stays in this thread: one short text, well under a millisecond.
 * The worker starts on the first batch and does not keep the process alive; if it fails, batches are embedded
 * in this thread again (logged once). `close` stops the worker (a later batch starts another).
 */
export function offThreadEmbedder(inner: Embedder, spec: EmbedModelSpec, log?: Logger): Embedder & { close(): Promise<void> } {
  let worker: Worker | undefined;
  let failed = false;
  let seq = 0;
  let learnedDim = 0;
  const waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    if (!failed) log?.warn('the embedding worker failed; embedding papers on the server thread', { error: err.message });
    failed = true;
    worker = undefined;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const start = (): Worker => {
    const w = new Worker(workerEntry('embedWorker', import.meta.url), { workerData: spec });
    w.on('message', (r: EmbedResponse) => {
      const pending = waiting.get(r.seq);
      waiting.delete(r.seq);
      if (waiting.size === 0) w.unref();
      if ('error' in r) pending?.reject(new Error(r.error));
      else {
        learnedDim ||= r.vectors[0]?.length ?? 0;
        pending?.resolve(r.vectors);
      }
    });
    w.on('error', fail);
    // a worker stopped by `close` is no longer `worker`: its exit is not a failure
    w.on('exit', (code) => code !== 0 && worker === w && fail(new Error(`the embedding worker stopped (exit ${code})`)));
    w.unref();
    return w;
  };
  const wrapped: Embedder & { close(): Promise<void> } = {
    id: inner.id,
    scanDim: inner.scanDim,
    get dim() {
      return inner.dim || learnedDim;
    },
    async embed(texts) {
      if (failed || !texts.length) return inner.embed(texts);
      worker ??= start();
      const w = worker;
      const n = seq++;
      w.ref(); // a batch in flight keeps the process alive until it is answered
      try {
        return await new Promise<Float32Array[]>((resolve, reject) => {
          waiting.set(n, { resolve, reject });
          w.postMessage({ seq: n, texts } satisfies EmbedRequest);
        });
      } catch (err) {
        if (failed) return inner.embed(texts);
        throw err;
      }
    },
    async close() {
      const w = worker;
      worker = undefined;
      for (const pending of waiting.values()) pending.reject(new Error('the embedding worker was closed'));
      waiting.clear();
      await w?.terminate();
    },
  };
  if (inner.embedSync) wrapped.embedSync = inner.embedSync.bind(inner);
  return wrapped;
}
