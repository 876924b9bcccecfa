import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

/** How long after the last request ended background threads still rest: the next request of a burst comes within it. */
const QUIET_MS = 3;
/** The longest one rest lasts: under unbroken load background work still goes on, a step per rest. */
export const MOST_REST_MS = 50;

/** The shared cells: requests in flight, when the last one ended (Date.now() modulo WRAP), embedding runs on two threads. */
const IN_FLIGHT = 0;
const LAST_END = 1;
const PAIRED_EMBEDDING = 2;
const WRAP = 2 ** 30;

/**
 * Counts the requests `server` is answering, from each one's arrival until its response ends or its connection
 * closes, in the SharedArrayBuffer it returns (the activity cells), which a background worker
 * thread reads (`restWhileServing`): on a machine of two cores the keyword worker slowed the requests beside it by
 * a quarter even at the lowest priority (2.7M papers: lexical p95 over HTTP 17.5 ms against 14.2 with no
 * extraction, and as much with any busy process beside the server), so it rests while requests run and takes the
 * machine back between them. A request waiting on I/O counts as well; a response counts until it is handed to the
 * socket. (The embedding worker does not rest: beside `bench:busy`'s requests its rests made the embedding 30%
 * slower and the requests no faster; what they wait for there is the server thread applying the new vectors.)
 */
export function trackRequests(server: EventEmitter): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(12);
  const cells = new Int32Array(shared);
  server.on('request', (_req: unknown, res: ServerResponse) => {
    Atomics.add(cells, IN_FLIGHT, 1);
    res.once('close', () => {
      Atomics.store(cells, LAST_END, Date.now() % WRAP);
      if (Atomics.sub(cells, IN_FLIGHT, 1) === 1) Atomics.notify(cells, IN_FLIGHT);
    });
  });
  return shared;
}

/**
 * Marks (`on`) and unmarks a run of the embedding job on two threads (embedJobWorker.ts: a freshly imported field's
 * backlog; one such worker a process) in the activity cells, so that the keyword worker rests meanwhile as it does
 * for requests: working beside them it left the two embedding threads about 1.2 of the machine's two cores, and a
 * fresh 126k real instance was fully searchable by meaning 53–63 s after `serve`; resting, 44–48 s
 * (docs/benchmarks.md). No-op without cells.
 */
export function markPairedEmbedding(shared: SharedArrayBuffer | undefined, on: boolean): void {
  if (!shared) return;
  const cells = new Int32Array(shared);
  if (Atomics.exchange(cells, PAIRED_EMBEDDING, on ? 1 : 0) === 1 && !on) Atomics.notify(cells, IN_FLIGHT); // a resting thread goes on now
}

/** Whether the embedding job runs on two threads now (markPairedEmbedding). */
const pairedEmbedding = (cells: Int32Array) => Atomics.load(cells, PAIRED_EMBEDDING) > 0;

/** Whether the server thread answers a request now or ended one less than QUIET_MS ago, or embedding has both cores. */
function serving(cells: Int32Array, now: number): boolean {
  return Atomics.load(cells, IN_FLIGHT) > 0 || (now - Atomics.load(cells, LAST_END) + WRAP) % WRAP < QUIET_MS || pairedEmbedding(cells);
}

/**
 * For a background worker thread given the activity cells: a function to call between steps of its work, which blocks the thread while
 * the server thread answers requests and until QUIET_MS after the last one ended, or while the embedding job runs
 * on two threads, at most `most` ms a call, and returns how long it rested. Without `shared` (the CLI's jobs, a worker started by a test) it never rests.
 */
export function restWhileServing(shared: SharedArrayBuffer | undefined, most = MOST_REST_MS): () => number {
  if (!shared) return () => 0;
  const cells = new Int32Array(shared);
  return () => {
    const started = Date.now();
    for (;;) {
      const now = Date.now();
      const left = most - (now - started);
      if (left <= 0 || !serving(cells, now)) return now - started;
      const busy = Atomics.load(cells, IN_FLIGHT);
      // woken when the last request in flight ends; else the quiet time after it runs out (or, while the embedding
      // has both cores, the rest's limit)
      Atomics.wait(cells, IN_FLIGHT, busy, busy > 0 || pairedEmbedding(cells) ? left : Math.min(left, QUIET_MS));
    }
  };
}

/**
 * For background work on the server thread itself (the search warm-up after a start): undefined when no request is
 * in flight and none ended in the last `quiet` ms, else a promise that settles once that holds. A step of such work
 * cannot be cut short — a warm-up search takes 5–20 ms — so a request arriving during one waits for it: beside the
 * warm-up's searches, a restarted 126k instance answered the evaluation set's first pass over HTTP at p95 19.6–20.5
 * ms against 11.8–14.9 once they were done (docs/benchmarks.md). Waiting for a lull, they run between bursts of
 * requests instead of inside them. Undefined without cells.
 */
export function untilQuiet(shared: SharedArrayBuffer | undefined, quiet: number): Promise<void> | undefined {
  if (!shared) return undefined;
  const cells = new Int32Array(shared);
  const left = () => (Atomics.load(cells, IN_FLIGHT) > 0 ? quiet : quiet - ((Date.now() - Atomics.load(cells, LAST_END) + WRAP) % WRAP));
  if (left() <= 0) return undefined;
  return (async () => {
    for (let wait = left(); wait > 0; wait = left()) await new Promise((r) => setTimeout(r, wait));
  })();
}
