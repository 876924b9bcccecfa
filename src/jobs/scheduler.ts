import type { Logger } from '../logging/logger.ts';

/** A background job the server runs on an interval; `run` must be safe to rerun after a crash. */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Delay before the first run (defaults to `everyMs`). */
  firstAfterMs?: number;
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Runs jobs on their intervals inside `paperwire serve`, one run of a job at a time, errors logged and never
 * fatal. Returns a stop function that waits for runs in flight, for graceful shutdown.
 */
export function startScheduler(jobs: ScheduledJob[], log: Logger): () => Promise<void> {
  const controller = new AbortController();
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    const tick = () => {
      if (controller.signal.aborted) return;
      const started = Date.now();
      const p = job
        .run(controller.signal)
        .then(() => log.debug('job finished', { job: job.name, ms: Date.now() - started }))
        .catch((err) => log.error('job failed', { job: job.name, error: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          running.delete(p);
          if (!controller.signal.aborted) timers.push(setTimeout(tick, job.everyMs).unref());
        });
      running.add(p);
    };
    timers.push(setTimeout(tick, job.firstAfterMs ?? job.everyMs).unref());
  }
  return async () => {
    controller.abort();
    timers.forEach(clearTimeout);
    await Promise.allSettled([...running]);
  };
}
