/**
 * Parallel corpus rendering: splits the timeline into chunks of days, renders them on worker threads and
 * writes the results strictly in order, with at most two chunks in flight per worker (bounded memory).
 * Output is byte-identical to the single-threaded writer; it only makes a 1M-paper corpus arrive sooner.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { planDays } from './calendar.ts';
import type { CorpusFormat } from './corpus-lines.ts';
import type { ChunkJob } from './corpus-worker.ts';
import { DEFAULT_END, DEFAULT_START, type GenerateOptions } from './generate-papers.ts';

interface ChunkResult {
  id: number;
  count: number;
  bytes: Uint8Array;
}

/** Day ranges [from, to) holding about `size` papers each. */
export function chunkDays(opts: GenerateOptions, size = 4000): [number, number][] {
  const days = planDays(opts.count, opts.seed, opts.start ?? DEFAULT_START, opts.end ?? DEFAULT_END);
  const chunks: [number, number][] = [];
  let from = 0;
  let n = 0;
  for (const d of days) {
    n += d.count;
    if (n >= size || d.index === days.length - 1) {
      chunks.push([from, d.index + 1]);
      from = d.index + 1;
      n = 0;
    }
  }
  return chunks;
}

/** Starts `n` workers and waits until each has loaded; rejects when one cannot start (e.g. no TS loader). */
export async function startWorkers(n: number): Promise<Worker[]> {
  // A JavaScript bootstrap that registers tsx in the worker thread, then imports the TypeScript worker.
  const url = new URL('./corpus-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
  const workers = Array.from({ length: n }, () => new Worker(boot, { eval: true }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const exit = (code: number) => fail(new Error(`corpus worker exited with code ${code}`));
      const fail = (err: Error) => {
        w.off('exit', exit);
        reject(err);
      };
      w.once('message', () => {
        w.off('error', fail).off('exit', exit);
        resolve();
      });
      w.once('error', fail).once('exit', exit);
    })));
    return workers;
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
}

/** Writes the corpus to `out` on started workers (terminating them at the end); returns papers and bytes. */
export async function pumpParallel(out: Writable, opts: GenerateOptions, format: CorpusFormat, workers: Worker[], chunk?: number) {
  const n = workers.length;
  const chunks = chunkDays(opts, chunk);
  const done = new Map<number, ChunkResult>();
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  for (const w of workers) {
    w.on('message', (r: ChunkResult) => { done.set(r.id, r); wake?.(); });
    w.on('error', (err) => { failure = err; wake?.(); });
  }
  let posted = 0;
  let written = 0;
  let count = 0;
  let bytes = 0;
  const post = () => {
    for (; posted < chunks.length && posted - written < 2 * n; posted++) {
      const job: ChunkJob = { id: posted, opts: { ...opts, dayRange: chunks[posted] }, format };
      workers[posted % n].postMessage(job);
    }
  };
  try {
    post();
    while (written < chunks.length) {
      if (failure) throw failure;
      const r = done.get(written);
      if (!r) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      done.delete(written++);
      post();
      count += r.count;
      bytes += r.bytes.byteLength;
      if (!out.write(r.bytes)) await once(out, 'drain');
    }
    return { count, bytes };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
