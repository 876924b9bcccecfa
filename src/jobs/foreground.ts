/** The longest a worker waits for requests at one step: under unbroken load, background work still advances. */
export const GIVE_WAY_MS = 20;

/**
 * The requests a server is answering now, as a counter in shared memory, so that background worker threads
 * (embedding, keyword extraction) can give way to them: on a machine of few cores a worker that keeps running
 * while a request is answered takes a core, the memory bus and the caches from it (measured: p95 about twice the
 * idle one, whatever the workers' scheduling priority). The server thread counts (`enter`/`leave`, the app's first
 * middleware); a worker calls `giveWay` between small steps of its work.
 */
export interface Foreground {
  /** The counter (one Int32 in a SharedArrayBuffer), handed to workers in their workerData. */
  readonly flag: Int32Array;
  enter(): void;
  leave(): void;
}

/** A counter of requests in flight; one per server, made by `serve`. */
export function createForeground(): Foreground {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  return {
    flag,
    enter: () => void Atomics.add(flag, 0, 1),
    leave: () => {
      if (Atomics.sub(flag, 0, 1) === 1) Atomics.notify(flag, 0);
    },
  };
}

/**
 * In a worker thread, between steps of background work: waits while the server answers a request, at most
 * `maxMs` (so a server under unbroken load still gets its papers embedded, slower). Blocks the calling thread
 * (Atomics.wait), which only a worker may do. Returns the milliseconds waited.
 */
export function giveWay(flag: Int32Array | undefined, maxMs = GIVE_WAY_MS): number {
  if (!flag || Atomics.load(flag, 0) <= 0) return 0;
  const start = performance.now();
  for (;;) {
    const n = Atomics.load(flag, 0);
    const left = maxMs - (performance.now() - start);
    if (n <= 0 || left <= 0) break;
    Atomics.wait(flag, 0, n, left);
  }
  return performance.now() - start;
}
