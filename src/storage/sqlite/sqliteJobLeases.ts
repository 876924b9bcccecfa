import type { Db } from '../database.ts';
import type { JobLeaseStore } from '../digestStore.ts';

/** The SQLite implementation of JobLeaseStore: one row per job name, taken in an immediate transaction. */
export function createJobLeaseStore(db: Db): JobLeaseStore {
  const get = db.prepare('SELECT holder, expires_at FROM job_leases WHERE name = ?');
  const put = db.prepare('INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at');
  const acquire = db.transaction((name: string, holder: string, ttlMs: number, isStale: (holder: string) => boolean) => {
    const now = Date.now();
    const row = get.get(name) as { holder: string; expires_at: number } | undefined;
    if (row && row.holder !== holder && row.expires_at > now && !isStale(row.holder)) return false;
    put.run(name, holder, now + ttlMs);
    return true;
  });
  return {
    async acquire(name, holder, ttlMs, isStale = () => false) {
      return acquire.immediate(name, holder, ttlMs, isStale);
    },
    async renew(name, holder, ttlMs) {
      return db.prepare('UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?').run(Date.now() + ttlMs, name, holder).changes > 0;
    },
    async release(name, holder) {
      db.prepare('DELETE FROM job_leases WHERE name = ? AND holder = ?').run(name, holder);
    },
  };
}
