import type { BackoffRule, LimitStore } from '../limitStore.ts';

/** The part of the PostgreSQL handle (pgDb.ts's PgDb) that the limits use: queries and one transaction. */
interface LimitSql {
  one<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R | undefined>;
  run(text: string, params?: unknown[]): Promise<number>;
}
interface LimitDb extends LimitSql {
  tx<T>(fn: (sql: LimitSql) => Promise<T>, locks?: string[]): Promise<T>;
}

const HIT = `INSERT INTO rate_windows AS w (key, count, expires_at) VALUES ($1, 1, $2::bigint + $3::bigint)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN w.expires_at > $2::bigint THEN w.count + 1 ELSE 1 END,
    expires_at = CASE WHEN w.expires_at > $2::bigint THEN w.expires_at ELSE $2::bigint + $3::bigint END
  RETURNING count, expires_at`;
const SWEEP_EVERY_MS = 60_000;

/**
 * The PostgreSQL LimitStore, for pgStore.ts (`limits: createPgLimitStore(uncounted(db))`). Its two UNLOGGED
 * tables come from migration 10; they are not content, so writing them never bumps the store's revision.
 * `hit` is one UPSERT … RETURNING; `claim` locks its rows (INSERT … ON CONFLICT DO NOTHING, then SELECT … FOR
 * UPDATE) in key order so concurrent claims never deadlock.
 */
export function createPgLimitStore(db: LimitDb): LimitStore {
  let lastSweep = 0;
  const sweep = async (now: number) => {
    lastSweep = now;
    return (await db.run('DELETE FROM rate_windows WHERE expires_at <= $1', [now])) + (await db.run('DELETE FROM backoffs WHERE expires_at <= $1', [now]));
  };
  return {
    async hit(key, windowMs, now) {
      if (now - lastSweep > SWEEP_EVERY_MS) await sweep(now);
      const row = (await db.one<{ count: number | string; expires_at: number | string }>(HIT, [key, now, windowMs]))!;
      return { count: Number(row.count), resetAt: Number(row.expires_at) };
    },
    async claim(rules, now) {
      if (now - lastSweep > SWEEP_EVERY_MS) await sweep(now);
      const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return db.tx(async (sql) => {
        const rows: ({ attempts: number; last_at: number; next_at: number } | undefined)[] = [];
        for (const r of sorted) {
          await sql.run('INSERT INTO backoffs (key, attempts, last_at, next_at, expires_at) VALUES ($1, 0, 0, 0, 0) ON CONFLICT (key) DO NOTHING', [r.key]);
          const row = await sql.one<Record<string, number | string>>('SELECT attempts, last_at, next_at FROM backoffs WHERE key = $1 FOR UPDATE', [r.key]);
          rows.push(row && Number(row.attempts) > 0 ? { attempts: Number(row.attempts), last_at: Number(row.last_at), next_at: Number(row.next_at) } : undefined);
        }
        const waitMs = Math.max(0, ...rows.map((row) => (row ? row.next_at - now : 0)));
        if (waitMs > 0) return { ok: false as const, waitMs };
        for (const [i, r] of sorted.entries()) await put(sql, r, rows[i], now);
        return { ok: true as const };
      });
    },
    async refund(keys, now) {
      for (const key of keys) await db.run('UPDATE backoffs SET attempts = greatest(attempts - 1, 0), next_at = least(next_at, $1) WHERE key = $2', [now, key]);
    },
    async sweep(now) {
      return sweep(now);
    },
  };
}

/** Counts one attempt on a rule's key, with the same arithmetic as the SQLite store (sqliteLimits.ts). */
async function put(sql: LimitSql, r: BackoffRule, row: { attempts: number; last_at: number } | undefined, now: number) {
  const attempts = row && now - row.last_at < r.forgetMs ? row.attempts + 1 : 1;
  const delay = attempts < r.free ? 0 : Math.min(1000 * 2 ** Math.min(attempts - r.free, 40), r.capMs);
  await sql.run('UPDATE backoffs SET attempts = $2, last_at = $3, next_at = $4, expires_at = $5 WHERE key = $1', [r.key, attempts, now, now + delay, now + Math.max(r.forgetMs, delay)]);
}
