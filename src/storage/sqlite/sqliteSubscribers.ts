import type { NewDigestSend } from '../../digest/digestTypes.ts';
import type { Db } from '../database.ts';
import type { DigestSendStore, SubscriberStore } from '../digestStore.ts';
import { type Row, toSubscriber, toSend } from '../digestRows.ts';

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/** The SQLite implementation of SubscriberStore. */
export function createSubscriberStore(db: Db): SubscriberStore {
  const byId = db.prepare('SELECT * FROM subscribers WHERE id = ?');
  const byEmail = db.prepare('SELECT * FROM subscribers WHERE email = ?');
  const byUser = db.prepare('SELECT * FROM subscribers WHERE user_id = ?');
  const insert = db.prepare('INSERT INTO subscribers (email, frequency, user_id) VALUES (?, ?, ?) ON CONFLICT(email) DO NOTHING');
  const due = db.prepare("SELECT * FROM subscribers WHERE status = 'active' AND frequency = ? AND id > ? ORDER BY id LIMIT ?");
  return {
    async get(id) {
      const r = byId.get(id) as Row | undefined;
      return r && toSubscriber(r);
    },
    async byEmail(email) {
      const r = byEmail.get(email) as Row | undefined;
      return r && toSubscriber(r);
    },
    async byUser(userId) {
      const r = byUser.get(userId) as Row | undefined;
      return r && toSubscriber(r);
    },
    async ensure(email, frequency, userId) {
      insert.run(email, frequency, userId ?? null);
      return toSubscriber(byEmail.get(email) as Row);
    },
    async setPending(id, frequency) {
      db.prepare(`UPDATE subscribers SET status = 'pending', frequency = ?, unsubscribed_at = NULL WHERE id = ? AND status = 'unsubscribed'`).run(frequency, id);
    },
    async markConfirmSent(id, nonceHash) {
      db.prepare(`UPDATE subscribers SET confirm_sent_at = ${NOW}, confirm_nonce = ? WHERE id = ?`).run(nonceHash, id);
    },
    async confirm(id, nonceHash, frequency, userId) {
      const done = db.transaction(() => {
        const used = db
          .prepare(`UPDATE subscribers SET status = 'active', frequency = ?, confirmed_at = coalesce(confirmed_at, ${NOW}), unsubscribed_at = NULL, confirm_nonce = NULL
            WHERE id = ? AND confirm_nonce = ? AND status <> 'unsubscribed'`)
          .run(frequency, id, nonceHash).changes;
        if (used && userId !== undefined) {
          db.prepare('UPDATE subscribers SET user_id = NULL WHERE user_id = ? AND id <> ?').run(userId, id);
          db.prepare('UPDATE subscribers SET user_id = ? WHERE id = ?').run(userId, id);
        }
        return used > 0;
      }).immediate();
      return done ? toSubscriber(byId.get(id) as Row) : undefined;
    },
    async rotateLinks(id) {
      db.prepare('UPDATE subscribers SET link_version = link_version + 1 WHERE id = ?').run(id);
    },
    async activate(id, frequency) {
      db.prepare(`UPDATE subscribers SET status = 'active', frequency = ?, confirmed_at = coalesce(confirmed_at, ${NOW}), unsubscribed_at = NULL WHERE id = ?`).run(frequency, id);
      return toSubscriber(byId.get(id) as Row);
    },
    async setFrequency(id, frequency) {
      db.prepare('UPDATE subscribers SET frequency = ? WHERE id = ?').run(frequency, id);
    },
    async linkUser(id, userId) {
      db.transaction(() => {
        db.prepare('UPDATE subscribers SET user_id = NULL WHERE user_id = ? AND id <> ?').run(userId, id);
        db.prepare('UPDATE subscribers SET user_id = ? WHERE id = ?').run(userId, id);
      }).immediate();
    },
    async unsubscribe(id) {
      const changed = db.transaction(() => {
        const n = db.prepare(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ${NOW}, confirm_nonce = NULL WHERE id = ? AND status <> 'unsubscribed'`).run(id).changes;
        db.prepare(`UPDATE digest_sends SET status = 'cancelled', last_error = 'unsubscribed' WHERE subscriber_id = ? AND status IN ('pending', 'sending')`).run(id);
        return n;
      }).immediate();
      return changed > 0;
    },
    async listDue(frequency, afterId, limit) {
      return (due.all(frequency, afterId, limit) as Row[]).map(toSubscriber);
    },
    async countByStatus() {
      const rows = db.prepare('SELECT status, count(*) AS n FROM subscribers GROUP BY status').all() as { status: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
  };
}

/** The SQLite implementation of DigestSendStore: the job's ledger, one row per subscriber and period. */
export function createDigestSendStore(db: Db): DigestSendStore {
  const insert = db.prepare(`INSERT INTO digest_sends (subscriber_id, period, message_id, subject, paper_ids, hit_ids, picks)
    VALUES (@subscriberId, @period, @messageId, @subject, @paperIds, @hitIds, @picks) ON CONFLICT(subscriber_id, period) DO NOTHING`);
  const recordMany = db.transaction((sends: NewDigestSend[]) => {
    let n = 0;
    for (const s of sends) n += insert.run({ ...s, paperIds: JSON.stringify(s.paperIds), hitIds: JSON.stringify(s.hitIds), picks: JSON.stringify(s.picks ?? []) }).changes;
    return n;
  });
  const unsent = db.prepare("SELECT * FROM digest_sends WHERE status IN ('pending', 'sending') AND id > ? ORDER BY id LIMIT ?");
  const sending = db.prepare("UPDATE digest_sends SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status IN ('pending', 'sending')");
  const sent = db.prepare(`UPDATE digest_sends SET status = 'sent', sent_at = ${NOW}, last_error = NULL WHERE id = ?`);
  const notified = db.prepare(`UPDATE saved_search_hits SET notified_at = ${NOW} WHERE id IN (SELECT value FROM json_each(?)) AND notified_at IS NULL`);
  const markSent = db.transaction((id: number, hitIds: number[]) => {
    sent.run(id);
    if (hitIds.length) notified.run(JSON.stringify(hitIds));
  });
  return {
    async record(sends) {
      return sends.length ? recordMany.immediate(sends) : 0;
    },
    async listUnsent(afterId, limit) {
      return (unsent.all(afterId, limit) as Row[]).map(toSend);
    },
    async markSending(id) {
      return sending.run(id).changes > 0;
    },
    async markSent(id, hitIds) {
      markSent.immediate(id, hitIds);
    },
    async markFailed(id, error, final) {
      db.prepare(`UPDATE digest_sends SET status = ?, last_error = ? WHERE id = ? AND status IN ('pending', 'sending')`).run(final ? 'failed' : 'pending', error.slice(0, 500), id);
    },
    async cancel(id, reason) {
      db.prepare(`UPDATE digest_sends SET status = 'cancelled', last_error = ? WHERE id = ? AND status IN ('pending', 'sending')`).run(reason, id);
    },
    async get(subscriberId, period) {
      const r = db.prepare('SELECT * FROM digest_sends WHERE subscriber_id = ? AND period = ?').get(subscriberId, period) as Row | undefined;
      return r && toSend(r);
    },
    async countByStatus(period) {
      const rows = db.prepare(`SELECT status, count(*) AS n FROM digest_sends ${period ? 'WHERE period = ?' : ''} GROUP BY status`).all(...(period ? [period] : [])) as { status: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
  };
}
