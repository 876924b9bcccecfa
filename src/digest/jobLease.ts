import { hostname } from 'node:os';
import type { Store } from '../storage/store.ts';

/** How long a lease lasts without renewal; runs renew it as they go. */
export const LEASE_TTL_MS = 120_000;

/** This process as a lease holder: host and pid, so a dead holder on the same host is recognised at once. */
export const leaseHolder = () => `${hostname()}:${process.pid}`;

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

/**
 * Runs `fn` holding the named lease, so the scheduler inside `paperwire serve` and a cron `paperwire digest` never
 * send at the same time; returns undefined without running when another live process holds it.
 */
export async function withLease<T>(store: Store, name: string, fn: (renew: () => Promise<void>) => Promise<T>): Promise<T | undefined> {
  const holder = leaseHolder();
  if (!(await store.jobLeases.acquire(name, holder, LEASE_TTL_MS, holderIsDead))) return undefined;
  try {
    return await fn(async () => void (await store.jobLeases.renew(name, holder, LEASE_TTL_MS)));
  } finally {
    await store.jobLeases.release(name, holder);
  }
}
