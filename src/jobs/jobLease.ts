import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobLeaseStore } from '../storage/jobLeaseStore.ts';

/** How long a lease lasts without renewal unless configured (PAPERWIRE_JOB_LEASE_S); holders renew at a third of it. */
export const DEFAULT_LEASE_TTL_MS = 120_000;

/**
 * A fresh holder name for one run: host, pid and a nonce. The nonce makes leases non-reentrant (two runs in one
 * process never share a lease); host and pid let a dead holder on the same host be recognised at once.
 */
export const leaseHolder = () => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** Whether a holder is a process on this host that no longer exists (killed, crashed): its lease may be taken. */
export function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** What a run holding a lease gets: `renew` to extend it now, and a signal that aborts if the lease was lost. */
export interface HeldLease {
  renew(): Promise<void>;
  signal: AbortSignal;
}

/** Lease options: its TTL (a killed holder's lease is free after it), an outer signal to follow, and a site-wide gap. */
export interface LeaseOptions {
  ttlMs?: number;
  signal?: AbortSignal;
  /** Do not run when the last run, by any process, finished less than this long ago. */
  minGapMs?: number;
}

/**
 * Runs `fn` holding the named lease, so that one process of the whole site runs it at a time (the scheduler of
 * every `paperwire serve`, a cron `paperwire digest`). Returns undefined without running when another live
 * holder has it. The lease is renewed every third of its TTL while `fn` runs; if a renewal finds it taken
 * (this process stalled past the TTL), `signal` aborts so the run stops before doing work twice.
 */
export async function withLease<T>(leases: JobLeaseStore, name: string, fn: (lease: HeldLease) => Promise<T>, options: LeaseOptions = {}): Promise<T | undefined> {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const holder = leaseHolder();
  if (!(await leases.acquire(name, holder, ttlMs, holderIsDead, { minGapMs: options.minGapMs }))) return undefined;
  const lost = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
  const renew = async () => {
    if (lost.signal.aborted) return;
    if (!(await leases.renew(name, holder, ttlMs))) lost.abort(new Error(`the ${name} lease was taken over`));
  };
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  try {
    return await fn({ renew, signal });
  } finally {
    clearInterval(timer);
    if (!lost.signal.aborted) await leases.release(name, holder);
  }
}

/** A lease kept between runs: see `keptLease`. */
export interface KeptLease {
  /** Runs `fn` holding the lease (taking it first if needed); undefined when another live holder has it. */
  run<T>(fn: (lease: HeldLease) => Promise<T>): Promise<T | undefined>;
  /** Gives the lease up (at shutdown), so another server takes the job without waiting for the TTL. */
  release(): Promise<void>;
}

/**
 * A lease that one process keeps across many short runs, renewed every third of its TTL in the meantime: for jobs
 * that run more often than a lease lasts (every few seconds), so that taking and giving back the lease does not
 * write to the database at every run — every write moves the store's revision and so empties the page caches.
 */
export function keptLease(leases: JobLeaseStore, name: string, options: { ttlMs?: number } = {}): KeptLease {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const holder = leaseHolder();
  let held = false;
  let timer: NodeJS.Timeout | undefined;
  let current: AbortController | undefined;
  const lose = () => {
    held = false;
    clearInterval(timer);
    current?.abort(new Error(`the ${name} lease was taken over`));
  };
  const renew = async () => {
    if (held && !(await leases.renew(name, holder, ttlMs))) lose();
  };
  return {
    async run(fn) {
      if (!held) {
        if (!(await leases.acquire(name, holder, ttlMs, holderIsDead))) return undefined;
        held = true;
        timer = setInterval(() => void renew().catch(() => undefined), Math.max(50, Math.floor(ttlMs / 3)));
        timer.unref();
      }
      current = new AbortController();
      try {
        return await fn({ renew, signal: current.signal });
      } finally {
        current = undefined;
      }
    },
    async release() {
      if (!held) return;
      held = false;
      clearInterval(timer);
      await leases.release(name, holder);
    },
  };
}
