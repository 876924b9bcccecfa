/** Named leases so that only one process of the site runs a job at a time; a lease whose holder died can be taken over. */
export interface JobLeaseStore {
  /**
   * Takes the lease when free, expired, already ours, or held by a holder `isStale` says is dead — and, with
   * `minGapMs`, only when its last run finished at least that long ago (a site-wide interval).
   */
  acquire(name: string, holder: string, ttlMs: number, isStale?: (holder: string) => boolean, options?: { minGapMs?: number }): Promise<boolean>;
  /** Extends the lease when `holder` still has it; false when it was taken over (or released). */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, noting that its run finished now. */
  release(name: string, holder: string): Promise<void>;
}
