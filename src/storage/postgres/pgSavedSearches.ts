import type { SavedSearchStore } from '../digestStore.ts';
import { PAPER_COLUMNS } from './pgPaperColumns.ts';
import type { PaperRow } from '../paperRows.ts';
import type { PgDb } from './pgDb.ts';
import { type Row, toSearch, toHit } from '../digestRows.ts';

const HIT_SELECT = `SELECT h.id AS hit_id, h.search_id, s.query AS search_query, h.found_at, h.baseline, h.notified_at, ${PAPER_COLUMNS}
  FROM saved_search_hits h JOIN saved_searches s ON s.id = h.search_id JOIN papers p ON p.rowid = h.paper_rowid
  LEFT JOIN organizations o ON o.id = p.organization_id`;

/** The PostgreSQL implementation of SavedSearchStore. */
export function createPgSavedSearchStore(db: PgDb): SavedSearchStore {
  const get = async (id: number) => {
    const r = await db.one<Row>('SELECT * FROM saved_searches WHERE id = $1', [id]);
    return r && toSearch(r);
  };
  return {
    async create(userId, s) {
      return toSearch((await db.one<Row>('INSERT INTO saved_searches (user_id, query, filters, delivery) VALUES ($1, $2, $3, $4) RETURNING *', [userId, s.query, JSON.stringify(s.filters), s.delivery]))!);
    },
    get,
    async listByUser(userId) {
      return (await db.rows<Row>('SELECT * FROM saved_searches WHERE user_id = $1 ORDER BY id', [userId])).map(toSearch);
    },
    async listAll() {
      return (await db.rows<Row>('SELECT * FROM saved_searches ORDER BY id')).map(toSearch);
    },
    async rotateFeed(id, userId) {
      return (await db.run('UPDATE saved_searches SET feed_version = feed_version + 1 WHERE id = $1 AND user_id = $2', [id, userId])) > 0;
    },
    async setDelivery(id, userId, delivery) {
      return (await db.run('UPDATE saved_searches SET delivery = $1 WHERE id = $2 AND user_id = $3', [delivery, id, userId])) > 0;
    },
    async delete(id, userId) {
      return (await db.run('DELETE FROM saved_searches WHERE id = $1 AND user_id = $2', [id, userId])) > 0;
    },
    async knownPaperIds(searchId) {
      return new Set((await db.rows<{ id: string }>('SELECT p.id FROM saved_search_hits h JOIN papers p ON p.rowid = h.paper_rowid WHERE h.search_id = $1', [searchId])).map((r) => r.id));
    },
    async addHits(searchId, paperIds, baseline) {
      return db.tx(async (sql) => {
        const n = await sql.run(
          `INSERT INTO saved_search_hits (search_id, paper_rowid, baseline, notified_at)
            SELECT $1, p.rowid, $2, CASE WHEN $3::boolean THEN pw_now() END FROM unnest($4::text[]) WITH ORDINALITY AS t(id, ord)
            JOIN papers p ON p.id = t.id ORDER BY t.ord ON CONFLICT DO NOTHING`,
          [searchId, baseline ? 1 : 0, baseline, paperIds],
        );
        await sql.run('UPDATE saved_searches SET checked_at = pw_now() WHERE id = $1', [searchId]);
        return n;
      });
    },
    async unnotifiedHits(userId, deliveries) {
      return (await db.rows<PaperRow>(`${HIT_SELECT} WHERE s.user_id = $1 AND h.notified_at IS NULL AND s.delivery = ANY($2::text[]) ORDER BY h.id`, [userId, deliveries])).map(toHit);
    },
    async usersWithUnnotified(deliveries) {
      const rows = await db.rows<{ user_id: number }>(
        'SELECT DISTINCT s.user_id FROM saved_search_hits h JOIN saved_searches s ON s.id = h.search_id WHERE h.notified_at IS NULL AND s.delivery = ANY($1::text[]) ORDER BY s.user_id',
        [deliveries],
      );
      return rows.map((r) => r.user_id);
    },
    async usersWithSearches() {
      return new Set((await db.rows<{ user_id: number }>('SELECT DISTINCT user_id FROM saved_searches')).map((r) => r.user_id));
    },
    async hitsByIds(ids) {
      if (!ids.length) return [];
      return (await db.rows<PaperRow>(`${HIT_SELECT} WHERE h.id = ANY($1::bigint[]) ORDER BY h.id`, [ids])).map(toHit);
    },
    async recentHits(searchId, limit) {
      return (await db.rows<PaperRow>(`${HIT_SELECT} WHERE h.search_id = $1 ORDER BY h.id DESC LIMIT $2`, [searchId, limit])).map(toHit);
    },
  };
}
