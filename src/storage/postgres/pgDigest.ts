import type { DigestSendStore, SubscriberStore } from '../digestStore.ts';
import type { JobLeaseStore } from '../jobLeaseStore.ts';
import { countedAs, type PgDb } from './pgDb.ts';
import { LOCKS } from './pgLocks.ts';
import { type Row, toSubscriber, toSend } from '../digestRows.ts';

const counts = (rows: { status: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.status, r.n]));

/** The PostgreSQL implementation of SubscriberStore. */
export function createPgSubscriberStore(db: PgDb): SubscriberStore {
  const one = async (where: string, value: unknown) => {
    const r = await db.one<Row>(`SELECT * FROM subscribers WHERE ${where} = $1`, [value]);
    return r && toSubscriber(r);
  };
  return {
    get: (id) => one('id', id),
    byEmail: (email) => one('email', email),
    byUser: (userId) => one('user_id', userId),
    async ensure(email, frequency, userId) {
      await db.run('INSERT INTO subscribers (email, frequency, user_id) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING', [email, frequency, userId ?? null]);
      return (await one('email', email))!;
    },
    async setPending(id, frequency) {
      await db.run("UPDATE subscribers SET status = 'pending', frequency = $1, unsubscribed_at = NULL WHERE id = $2 AND status = 'unsubscribed'", [frequency, id]);
    },
    async markConfirmSent(id, nonceHash) {
      await db.run('UPDATE subscribers SET confirm_sent_at = pw_now(), confirm_nonce = $1 WHERE id = $2', [nonceHash, id]);
    },
    async confirm(id, nonceHash, frequency, userId) {
      const used = await db.tx(async (sql) => {
        // the nonce is compared and cleared in one statement: of two uses at once, one finds it gone
        const n = await sql.run(
          `UPDATE subscribers SET status = 'active', frequency = $1, confirmed_at = coalesce(confirmed_at, pw_now()), unsubscribed_at = NULL, confirm_nonce = NULL
            WHERE id = $2 AND confirm_nonce = $3 AND status <> 'unsubscribed'`,
          [frequency, id, nonceHash],
        );
        if (n && userId !== undefined) {
          await sql.run('UPDATE subscribers SET user_id = NULL WHERE user_id = $1 AND id <> $2', [userId, id]);
          await sql.run('UPDATE subscribers SET user_id = $1 WHERE id = $2', [userId, id]);
        }
        return n > 0;
      });
      return used ? one('id', id) : undefined;
    },
    async rotateLinks(id) {
      await db.run('UPDATE subscribers SET link_version = link_version + 1 WHERE id = $1', [id]);
    },
    async activate(id, frequency) {
      await db.run("UPDATE subscribers SET status = 'active', frequency = $1, confirmed_at = coalesce(confirmed_at, pw_now()), unsubscribed_at = NULL WHERE id = $2", [frequency, id]);
      return (await one('id', id))!;
    },
    async setFrequency(id, frequency) {
      await db.run('UPDATE subscribers SET frequency = $1 WHERE id = $2', [frequency, id]);
    },
    async linkUser(id, userId) {
      await db.tx(async (sql) => {
        await sql.run('UPDATE subscribers SET user_id = NULL WHERE user_id = $1 AND id <> $2', [userId, id]);
        await sql.run('UPDATE subscribers SET user_id = $1 WHERE id = $2', [userId, id]);
      });
    },
    async unsubscribe(id) {
      const n = await db.tx(async (sql) => {
        const changed = await sql.run("UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = pw_now(), confirm_nonce = NULL WHERE id = $1 AND status <> 'unsubscribed'", [id]);
        await sql.run("UPDATE digest_sends SET status = 'cancelled', last_error = 'unsubscribed' WHERE subscriber_id = $1 AND status IN ('pending', 'sending')", [id]);
        return changed;
      });
      return n > 0;
    },
    async listDue(frequency, afterId, limit) {
      return (await db.rows<Row>("SELECT * FROM subscribers WHERE status = 'active' AND frequency = $1 AND id > $2 ORDER BY id LIMIT $3", [frequency, afterId, limit])).map(toSubscriber);
    },
    async countByStatus() {
      return counts(await db.rows('SELECT status, count(*) AS n FROM subscribers GROUP BY status'));
    },
  };
}

/** The PostgreSQL implementation of DigestSendStore: the job's ledger, one row per subscriber and period. */
export function createPgDigestSendStore(db: PgDb): DigestSendStore {
  return {
    async record(sends) {
      if (!sends.length) return 0;
      return db.run(
        `INSERT INTO digest_sends (subscriber_id, period, message_id, subject, paper_ids, hit_ids, picks)
          SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
          ON CONFLICT (subscriber_id, period) DO NOTHING`,
        [
          sends.map((s) => s.subscriberId), sends.map((s) => s.period), sends.map((s) => s.messageId), sends.map((s) => s.subject),
          sends.map((s) => JSON.stringify(s.paperIds)), sends.map((s) => JSON.stringify(s.hitIds)), sends.map((s) => JSON.stringify(s.picks ?? [])),
        ],
      );
    },
    async listUnsent(afterId, limit) {
      return (await db.rows<Row>("SELECT * FROM digest_sends WHERE status IN ('pending', 'sending') AND id > $1 ORDER BY id LIMIT $2", [afterId, limit])).map(toSend);
    },
    async markSending(id) {
      return (await db.run("UPDATE digest_sends SET status = 'sending', attempts = attempts + 1 WHERE id = $1 AND status IN ('pending', 'sending')", [id])) > 0;
    },
    async markSent(id, hitIds) {
      await db.tx(async (sql) => {
        await sql.run("UPDATE digest_sends SET status = 'sent', sent_at = pw_now(), last_error = NULL WHERE id = $1", [id]);
        if (hitIds.length) await sql.run('UPDATE saved_search_hits SET notified_at = pw_now() WHERE id = ANY($1::bigint[]) AND notified_at IS NULL', [hitIds]);
      });
    },
    async markFailed(id, error, final) {
      await db.run("UPDATE digest_sends SET status = $1, last_error = $2 WHERE id = $3 AND status IN ('pending', 'sending')", [final ? 'failed' : 'pending', error.slice(0, 500), id]);
    },
    async cancel(id, reason) {
      await db.run("UPDATE digest_sends SET status = 'cancelled', last_error = $1 WHERE id = $2 AND status IN ('pending', 'sending')", [reason, id]);
    },
    async get(subscriberId, period) {
      const r = await db.one<Row>('SELECT * FROM digest_sends WHERE subscriber_id = $1 AND period = $2', [subscriberId, period]);
      return r && toSend(r);
    },
    async countByStatus(period) {
      return counts(await db.rows(`SELECT status, count(*) AS n FROM digest_sends ${period ? 'WHERE period = $1' : ''} GROUP BY status`, period ? [period] : []));
    },
  };
}

/**
 * The PostgreSQL implementation of JobLeaseStore: the lease row is read and written under the lease's advisory
 * lock. A released lease keeps its row (empty holder) so that the time its last run finished survives.
 */
export function createPgJobLeaseStore(pgDb: PgDb): JobLeaseStore {
  const db = countedAs(pgDb, 'quiet'); // leases are bookkeeping: taking or renewing one empties no page cache
  return {
    async acquire(name, holder, ttlMs, isStale = () => false, options = {}) {
      const minGapMs = options.minGapMs ?? 0;
      return db.tx(async (sql) => {
        const now = Date.now();
        const row = await sql.one<{ holder: string; expires_at: number; finished_at: number | null }>('SELECT holder, expires_at, finished_at FROM job_leases WHERE name = $1', [name]);
        if (row && row.holder && row.holder !== holder && row.expires_at > now && !isStale(row.holder)) return false;
        if (minGapMs > 0 && row?.finished_at && now - row.finished_at < minGapMs) return false;
        await sql.run(
          'INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at',
          [name, holder, now + ttlMs],
        );
        return true;
      }, [LOCKS.lease(name)]);
    },
    async renew(name, holder, ttlMs) {
      return (await db.run('UPDATE job_leases SET expires_at = $1 WHERE name = $2 AND holder = $3', [Date.now() + ttlMs, name, holder])) > 0;
    },
    async release(name, holder) {
      await db.run("UPDATE job_leases SET holder = '', expires_at = 0, finished_at = $1 WHERE name = $2 AND holder = $3", [Date.now(), name, holder]);
    },
  };
}
