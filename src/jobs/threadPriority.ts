import { setPriority } from 'node:os';

/** The nice value background worker threads take: below the server thread, which keeps the default 0. */
export const BACKGROUND_NICE = 19;

/**
 * Lowers the scheduling priority of the calling thread, for worker threads doing background work (embedding,
 * keyword extraction) beside the server thread that answers requests: on a machine with few cores the kernel
 * then gives the requests' thread the CPU first. On Linux a nice value belongs to a thread (setpriority with
 * pid 0 acts on the caller alone), so the server thread is untouched; where that does not hold, or the call is
 * refused, nothing changes. Returns whether the priority was lowered.
 */
export function lowerThreadPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    setPriority(0, nice);
    return true;
  } catch {
    return false;
  }
}
