import type { Logger } from '../logging/logger.ts';
import type { JobLeaseStore } from '../storage/jobLeaseStore.ts';
import { DEFAULT_LEASE_TTL_MS, keptLease, withLease, type KeptLease } from './jobLease.ts';

/** A background job the server runs on an interval; `run` must be safe to rerun after a crash. */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Delay before the first run (defaults to `everyMs`). */
  firstAfterMs?: number;
  /**
   * Work the job must not start before (the server's search warm-up): the first run, and so a leased job's lease,
   * waits for it to settle, then `firstAfterMs`.
   */
  after?: Promise<unknown>;
  /**
   * Whether one server of the site runs it at a time: the scheduler holds the lease `job:<name>` while it runs
   * (renewed; kept between runs when the job runs more often than a lease lasts) and keeps `everyMs` between
   * runs site-wide. Every job that changes shared state is leased; only work each server does for itself (its
   * own memory) is not.
   */
  leased: boolean;
  run(signal: AbortSignal): Promise<void>;
}

/** How a run ended: done, failed (logged), or not run because another server holds the lease or ran it lately. */
export type JobOutcome = 'ok' | 'failed' | 'skipped';

/** What the scheduler needs for leased jobs, and who hears how each run ended (the metrics). */
export interface SchedulerOptions {
  leases?: JobLeaseStore;
  /** How long a lease outlives a server that stopped renewing it (PAPERWIRE_JOB_LEASE_S). */
  leaseTtlMs?: number;
  onRun?: (job: string, outcome: JobOutcome, ms: number) => void;
}

/** The lease name of a scheduled job, shared by every server of the site. */
export const jobLeaseName = (job: string) => `job:${job}`;

/**
 * Runs jobs on their intervals inside `paperwire serve`, one run of a job at a time, errors logged and never
 * fatal. A leased job runs only where its lease is taken; elsewhere it is tried again after a lease TTL (or its
 * interval, if shorter), so a killed server's work is picked up within about one TTL. A job with an interval
 * shorter than the TTL keeps its lease between runs (`keptLease`); a longer one takes it per run, with the
 * site-wide interval. Returns a stop function that waits for runs in flight and gives the leases back.
 */
export function startScheduler(jobs: ScheduledJob[], log: Logger, options: SchedulerOptions = {}): () => Promise<void> {
  const controller = new AbortController();
  // the runs in flight, by the job they belong to: a stop names the ones it waits for
  const running = new Map<Promise<void>, string>();
  const timers = new Set<NodeJS.Timeout>();
  const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  if (jobs.some((j) => j.leased) && !options.leases) throw new Error('startScheduler: leased jobs need a lease store');
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms).unref();
    timers.add(t);
  };

  const kept: KeptLease[] = [];
  for (const job of jobs) {
    // A job that runs more often than a lease lasts keeps its lease between runs (fewer database writes).
    const keep = job.leased && job.everyMs < ttlMs ? keptLease(options.leases!, jobLeaseName(job.name), { ttlMs }) : undefined;
    if (keep) kept.push(keep);
    const attempt = async (): Promise<JobOutcome> => {
      if (!job.leased) {
        await job.run(controller.signal);
        return 'ok';
      }
      if (keep) {
        const ran = await keep.run(async ({ signal }) => (await job.run(AbortSignal.any([controller.signal, signal])), true));
        return ran ? 'ok' : 'skipped';
      }
      // 0.9: timers fire a little late and clocks differ a little between servers; the gap must not skip a due run.
      const ran = await withLease(options.leases!, jobLeaseName(job.name), async ({ signal }) => (await job.run(signal), true), { ttlMs, signal: controller.signal, minGapMs: Math.floor(job.everyMs * 0.9) });
      return ran ? 'ok' : 'skipped';
    };
    const tick = () => {
      if (controller.signal.aborted) return;
      const started = Date.now();
      let outcome: JobOutcome = 'failed';
      const p = attempt()
        .then((o) => {
          outcome = o;
          if (o === 'ok') log.debug('job finished', { job: job.name, ms: Date.now() - started });
        })
        .catch((err) => log.error('job failed', { job: job.name, error: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          running.delete(p);
          options.onRun?.(job.name, outcome, Date.now() - started);
          if (!controller.signal.aborted) later(tick, outcome === 'skipped' ? Math.min(job.everyMs, ttlMs) : job.everyMs);
        });
      running.set(p, job.name);
    };
    if (job.after) void job.after.then(undefined, () => undefined).then(() => later(tick, job.firstAfterMs ?? job.everyMs));
    else later(tick, job.firstAfterMs ?? job.everyMs);
  }
  return async () => {
    controller.abort();
    timers.forEach(clearTimeout);
    // an admin (or a service manager's stop timeout) sees what a slow stop waits for
    const stoppedAt = Date.now();
    const inFlight = [...running];
    if (inFlight.length) log.info('stopping: waiting for jobs in flight', { jobs: inFlight.map(([, name]) => name) });
    await Promise.all(inFlight.map(([p, name]) => p.then(() => log.info('job stopped', { job: name, ms: Date.now() - stoppedAt }))));
    await Promise.allSettled(kept.map((k) => k.release()));
  };
}
