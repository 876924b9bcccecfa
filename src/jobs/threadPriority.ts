import { setPriority } from 'node:os';
import { memoryMap } from '../search/memoryMap.ts';

/** The nice value background worker threads take: below the server thread, which keeps the default 0. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the scheduling priority of the calling thread, for worker threads doing background work (embedding,
 * keyword extraction) beside the server thread that answers requests. On Linux the thread goes under the
 * SCHED_IDLE policy where the native addon is built (native/mmap/idlePolicy.c): a server thread that wakes for a
 * request then takes the CPU from it at once, where behind a thread at nice 10 it waited out the rest of that
 * thread's time slice (docs/benchmarks.md, "SCHED_IDLE workers"); it keeps every CPU nothing else wants. It also
 * takes nice `nice` (the fallback without the addon). A nice value and a policy belong to a thread on Linux
 * (pid 0 acts on the caller alone), so the server thread is untouched; where that does not hold, or the calls
 * are refused, nothing changes. Returns whether the priority was lowered.
 */
export function lowerThreadPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  const idle = memoryMap()?.setIdlePolicy() ?? false;
  try {
    setPriority(0, nice);
    return true;
  } catch {
    return idle;
  }
}
