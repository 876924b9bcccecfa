/** How long background work on the server thread runs before letting waiting requests through. */
export const SLICE_MS = 4;

/**
 * The slice for background work that runs while a server answers requests (keyword statistics, chance
 * calibration, following the vector feed): a request that arrives meanwhile waits at most about this long, less
 * than an idle request takes, so background work does not show in request latency (docs/benchmarks.md).
 */
export const PIECE_MS = 1;

/** One turn of the event loop: I/O that is ready (requests) runs before the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/**
 * A budget for background work that must run on the server thread (keyword statistics read from the lexical
 * index, chance calibration): call `pause()` between small steps; once `ms` of work ran since the last pause it
 * yields, so no request waits behind more than a slice of it. With `share` below 1 it also rests, so that the
 * work takes at most that share of the thread (a slice of 4 ms at share 1/3 rests 8 ms): requests keep the rest
 * of the thread even on a machine whose cores are all busy.
 */
export function timeSlices(ms = SLICE_MS, share = 1): { pause(): Promise<void> | undefined } {
  let since = performance.now();
  return {
    pause() {
      const ran = performance.now() - since;
      if (ran < ms) return undefined;
      const rest = share < 1 ? ran * (1 / share - 1) : 0;
      const wait = rest > 0 ? new Promise<void>((r) => setTimeout(r, rest)) : nextTurn();
      return wait.then(() => void (since = performance.now()));
    },
  };
}
