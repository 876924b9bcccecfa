import type { Db } from '../database.ts';
import type { JobLeaseStore } from '../jobLeaseStore.ts';

/**
 * The SQLite implementation of JobLeaseStore: one row per job name, taken in an immediate transaction. A released
 * lease keeps its row (empty holder, expired) so that the time its last run finished survives.
 */
export function createJobLeaseStore(db: Db): JobLeaseStore {
  const get = db.prepare('SELECT holder, expires_at, finished_at FROM job_leases WHERE name = ?');
  const put = db.prepare('INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at');
  const renew = db.prepare('UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?');
  const release = db.prepare("UPDATE job_leases SET holder = '', expires_at = 0, finished_at = ? WHERE name = ? AND holder = ?");
  const acquire = db.transaction((name: string, holder: string, ttlMs: number, isStale: (holder: string) => boolean, minGapMs: number) => {
    const now = Date.now();
    const row = get.get(name) as { holder: string; expires_at: number; finished_at: number | null } | undefined;
    if (row && row.holder && row.holder !== holder && row.expires_at > now && !isStale(row.holder)) return false;
    if (minGapMs > 0 && row?.finished_at && now - row.finished_at < minGapMs) return false;
    put.run(name, holder, now + ttlMs);
    return true;
  });
  return {
    async acquire(name, holder, ttlMs, isStale = () => false, options = {}) {
      return acquire.immediate(name, holder, ttlMs, isStale, options.minGapMs ?? 0);
    },
    async renew(name, holder, ttlMs) {
      return renew.run(Date.now() + ttlMs, name, holder).changes > 0;
    },
    async release(name, holder) {
      release.run(Date.now(), name, holder);
    },
  };
}
