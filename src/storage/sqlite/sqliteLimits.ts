import type { Db } from '../database.ts';
import type { BackoffRule, LimitStore } from '../limitStore.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rate_windows (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rate_windows_expiry ON rate_windows (expires_at);
CREATE TABLE IF NOT EXISTS backoffs (key TEXT PRIMARY KEY, attempts INTEGER NOT NULL, last_at INTEGER NOT NULL, next_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS backoffs_expiry ON backoffs (expires_at);
`;
/** How often (at most) a store sweeps closed windows and forgotten back-offs while counting. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The SQLite LimitStore. Its tables live in a side file next to the database (`paperwire-limits.db`), opened on
 * first use: every anonymous API request counts there, and a write to the main file would change `revision()`
 * (dropping every server's page cache) and queue behind imports for its write lock. The rows are disposable —
 * losing the file only resets the counters — so the schema is created in place rather than migrated.
 */
export function createLimitStore(open: () => Db): LimitStore & { close(): void } {
  let db: Db | undefined;
  let lastSweep = 0;
  let s: ReturnType<typeof prepare> | undefined;
  const prepare = (d: Db) => {
    d.exec(SCHEMA);
    const get = d.prepare('SELECT attempts, last_at, next_at FROM backoffs WHERE key = ?');
    const put = d.prepare(
      'INSERT INTO backoffs (key, attempts, last_at, next_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET attempts = excluded.attempts, last_at = excluded.last_at, next_at = excluded.next_at, expires_at = excluded.expires_at',
    );
    const refund = d.prepare('UPDATE backoffs SET attempts = MAX(attempts - 1, 0), next_at = MIN(next_at, ?) WHERE key = ?');
    return {
      hit: d.prepare(`INSERT INTO rate_windows (key, count, expires_at) VALUES (@key, 1, @now + @windowMs)
        ON CONFLICT(key) DO UPDATE SET
          count = CASE WHEN rate_windows.expires_at > @now THEN rate_windows.count + 1 ELSE 1 END,
          expires_at = CASE WHEN rate_windows.expires_at > @now THEN rate_windows.expires_at ELSE @now + @windowMs END
        RETURNING count, expires_at`),
      sweepWindows: d.prepare('DELETE FROM rate_windows WHERE expires_at <= ?'),
      sweepBackoffs: d.prepare('DELETE FROM backoffs WHERE expires_at <= ?'),
      claim: d.transaction((rules: BackoffRule[], now: number) => {
        const rows = rules.map((r) => get.get(r.key) as { attempts: number; last_at: number; next_at: number } | undefined);
        const waitMs = Math.max(0, ...rows.map((row) => (row ? row.next_at - now : 0)));
        if (waitMs > 0) return { ok: false as const, waitMs };
        rules.forEach((r, i) => {
          const row = rows[i];
          const attempts = row && now - row.last_at < r.forgetMs ? row.attempts + 1 : 1;
          const delay = attempts < r.free ? 0 : Math.min(1000 * 2 ** Math.min(attempts - r.free, 40), r.capMs);
          put.run(r.key, attempts, now, now + delay, now + Math.max(r.forgetMs, delay));
        });
        return { ok: true as const };
      }),
      refund: d.transaction((keys: string[], now: number) => keys.forEach((k) => refund.run(now, k))),
    };
  };
  const st = () => {
    if (!s) {
      db = open();
      s = prepare(db);
    }
    return s;
  };
  const sweep = (now: number) => {
    lastSweep = now;
    const q = st();
    return q.sweepWindows.run(now).changes + q.sweepBackoffs.run(now).changes;
  };
  return {
    async hit(key, windowMs, now) {
      if (now - lastSweep > SWEEP_EVERY_MS) sweep(now);
      const row = st().hit.get({ key, windowMs, now }) as { count: number; expires_at: number };
      return { count: row.count, resetAt: row.expires_at };
    },
    async claim(rules, now) {
      if (now - lastSweep > SWEEP_EVERY_MS) sweep(now);
      return st().claim.immediate(rules, now);
    },
    async refund(keys, now) {
      st().refund.immediate(keys, now);
    },
    async sweep(now) {
      return sweep(now);
    },
    close() {
      db?.close();
      db = undefined;
      s = undefined;
    },
  };
}
