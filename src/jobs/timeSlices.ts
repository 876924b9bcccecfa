/** How long background work on the server thread runs before letting waiting requests through. */
export const SLICE_MS = 4;

/** One turn of the event loop: I/O that is ready (requests) runs before the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/**
 * A budget for background work that must run on the server thread (keyword statistics read from the lexical
 * index, chance calibration): call `pause()` between small steps; once `ms` of work ran since the last turn it
 * yields one, so no request waits behind more than a slice of it.
 */
export function timeSlices(ms = SLICE_MS): { pause(): Promise<void> | undefined } {
  let since = performance.now();
  return {
    pause() {
      if (performance.now() - since < ms) return undefined;
      return nextTurn().then(() => void (since = performance.now()));
    },
  };
}
