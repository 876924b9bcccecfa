import type { Db } from '../database.ts';
import type { SavedSearchStore } from '../digestStore.ts';
import { PAPER_COLUMNS } from './paperColumns.ts';
import type { PaperRow } from '../paperRows.ts';
import { type Row, toSearch, toHit } from '../digestRows.ts';

const HIT_SELECT = `SELECT h.id AS hit_id, h.search_id, s.query AS search_query, h.found_at, h.baseline, h.notified_at, ${PAPER_COLUMNS}
  FROM saved_search_hits h JOIN saved_searches s ON s.id = h.search_id JOIN papers p ON p.rowid = h.paper_rowid
  LEFT JOIN organizations o ON o.id = p.organization_id`;

/** The SQLite implementation of SavedSearchStore. */
export function createSavedSearchStore(db: Db): SavedSearchStore {
  const byId = db.prepare('SELECT * FROM saved_searches WHERE id = ?');
  const addHit = db.prepare(`INSERT INTO saved_search_hits (search_id, paper_rowid, baseline, notified_at)
    SELECT ?, rowid, ?, CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') END FROM papers WHERE id = ? ON CONFLICT DO NOTHING`);
  const addHits = db.transaction((searchId: number, paperIds: string[], baseline: boolean) => {
    let n = 0;
    for (const id of paperIds) n += addHit.run(searchId, baseline ? 1 : 0, baseline ? 1 : 0, id).changes;
    db.prepare("UPDATE saved_searches SET checked_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(searchId);
    return n;
  });
  return {
    async create(userId, s) {
      const info = db.prepare('INSERT INTO saved_searches (user_id, query, filters, delivery) VALUES (?, ?, ?, ?)').run(userId, s.query, JSON.stringify(s.filters), s.delivery);
      return toSearch(byId.get(info.lastInsertRowid) as Row);
    },
    async get(id) {
      const r = byId.get(id) as Row | undefined;
      return r && toSearch(r);
    },
    async listByUser(userId) {
      return (db.prepare('SELECT * FROM saved_searches WHERE user_id = ? ORDER BY id').all(userId) as Row[]).map(toSearch);
    },
    async listAll() {
      return (db.prepare('SELECT * FROM saved_searches ORDER BY id').all() as Row[]).map(toSearch);
    },
    async setDelivery(id, userId, delivery) {
      return db.prepare('UPDATE saved_searches SET delivery = ? WHERE id = ? AND user_id = ?').run(delivery, id, userId).changes > 0;
    },
    async rotateFeed(id, userId) {
      return db.prepare('UPDATE saved_searches SET feed_version = feed_version + 1 WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
    },
    async delete(id, userId) {
      return db.prepare('DELETE FROM saved_searches WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
    },
    async knownPaperIds(searchId) {
      return new Set(db.prepare('SELECT p.id FROM saved_search_hits h JOIN papers p ON p.rowid = h.paper_rowid WHERE h.search_id = ?').pluck().all(searchId) as string[]);
    },
    async addHits(searchId, paperIds, baseline) {
      return addHits.immediate(searchId, paperIds, baseline);
    },
    async unnotifiedHits(userId, deliveries) {
      return (db
        .prepare(`${HIT_SELECT} WHERE s.user_id = ? AND h.notified_at IS NULL AND s.delivery IN (SELECT value FROM json_each(?)) ORDER BY h.id`)
        .all(userId, JSON.stringify(deliveries)) as PaperRow[]).map(toHit);
    },
    async usersWithUnnotified(deliveries) {
      return db
        .prepare('SELECT DISTINCT s.user_id FROM saved_search_hits h JOIN saved_searches s ON s.id = h.search_id WHERE h.notified_at IS NULL AND s.delivery IN (SELECT value FROM json_each(?)) ORDER BY s.user_id')
        .pluck()
        .all(JSON.stringify(deliveries)) as number[];
    },
    async usersWithSearches() {
      return new Set(db.prepare('SELECT DISTINCT user_id FROM saved_searches').pluck().all() as number[]);
    },
    async hitsByIds(ids) {
      if (!ids.length) return [];
      return (db.prepare(`${HIT_SELECT} WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY h.id`).all(JSON.stringify(ids)) as PaperRow[]).map(toHit);
    },
    async recentHits(searchId, limit) {
      return (db.prepare(`${HIT_SELECT} WHERE h.search_id = ? ORDER BY h.id DESC LIMIT ?`).all(searchId, limit) as PaperRow[]).map(toHit);
    },
  };
}
