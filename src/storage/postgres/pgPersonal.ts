import type { Collection, FollowKind, MarkKind, PersonalStore, Signal, WindowPaper } from '../personalStore.ts';
import { toCollection, toWindowPaper, type Row } from '../personalRows.ts';
import { PAPER_COLUMNS } from './pgPaperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';
import { isUniqueViolation, type PgDb } from './pgDb.ts';

const COLLECTION_SELECT = `SELECT c.*, u.username AS owner, (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id) AS size
  FROM collections c JOIN users u ON u.id = c.user_id`;

const WINDOW_COLUMNS = `p.rowid AS rowid, p.id AS id, p.title AS title, p.authors AS authors, p.categories AS categories, o.name AS org,
  p.upvotes AS upvotes, p.published_at AS published_at, v.scale AS scale, v.vector AS vector`;
const WINDOW_FROM = `papers p LEFT JOIN organizations o ON o.id = p.organization_id LEFT JOIN paper_vectors v ON v.model = $1 AND v.paper_rowid = p.rowid`;

/** The PostgreSQL implementation of PersonalStore. */
export function createPgPersonalStore(db: PgDb): PersonalStore {
  const byId = async (id: number) => {
    const r = await db.one<Row>(`${COLLECTION_SELECT} WHERE c.id = $1`, [id]);
    return r && toCollection(r);
  };
  const touch = (id: number) => db.run('UPDATE collections SET updated_at = pw_now() WHERE id = $1', [id]);
  const create = async (userId: number, c: { name: string; description?: string; isPublic?: boolean; isDefault?: boolean }): Promise<Collection | 'taken'> => {
    const made = await db.one<{ id: number }>(
      'INSERT INTO collections (user_id, name, description, is_public, is_default) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id',
      [userId, c.name, c.description ?? '', c.isPublic ? 1 : 0, c.isDefault ? 1 : 0],
    );
    return made ? (await byId(made.id))! : 'taken';
  };
  return {
    async follow(userId, kind, value) {
      return (await db.run('INSERT INTO follows (user_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, kind, value])) ? 'added' : 'exists';
    },
    async unfollow(userId, kind, value) {
      return (await db.run('DELETE FROM follows WHERE user_id = $1 AND kind = $2 AND value = $3', [userId, kind, value])) > 0;
    },
    async follows(userId) {
      const rows = await db.rows<Row>('SELECT kind, value, created_at FROM follows WHERE user_id = $1 ORDER BY kind, value', [userId]);
      return rows.map((r) => ({ kind: r.kind as FollowKind, value: r.value as string, createdAt: r.created_at as string }));
    },

    createCollection: create,
    collection: byId,
    async defaultCollection(userId) {
      const r = await db.one<Row>(`${COLLECTION_SELECT} WHERE c.user_id = $1 AND c.is_default = 1`, [userId]);
      if (r) return toCollection(r);
      for (const name of ['Saved', 'Saved papers', `Saved ${Date.now()}`]) {
        const made = await create(userId, { name, isDefault: true });
        if (made !== 'taken') return made;
        const again = await db.one<Row>(`${COLLECTION_SELECT} WHERE c.user_id = $1 AND c.is_default = 1`, [userId]);
        if (again) return toCollection(again); // made meanwhile by a concurrent request
      }
      throw new Error('could not create the default collection');
    },
    async collectionsOf(userId) {
      return (await db.rows<Row>(`${COLLECTION_SELECT} WHERE c.user_id = $1 ORDER BY c.is_default DESC, c.name`, [userId])).map(toCollection);
    },
    async updateCollection(id, patch) {
      const cur = await db.one<Row>('SELECT * FROM collections WHERE id = $1', [id]);
      if (!cur) return 'ok';
      try {
        await db.run('UPDATE collections SET name = $1, description = $2, is_public = $3, updated_at = pw_now() WHERE id = $4', [
          patch.name ?? cur.name, patch.description ?? cur.description, patch.isPublic === undefined ? cur.is_public : patch.isPublic ? 1 : 0, id,
        ]);
        return 'ok';
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },
    async deleteCollection(id) {
      await db.run('DELETE FROM collections WHERE id = $1', [id]);
    },
    async addItem(collectionId, paperId, note) {
      const paper = await db.one<{ rowid: number }>('SELECT rowid FROM papers WHERE id = $1', [paperId]);
      if (!paper) return 'no-paper';
      const added = await db.run('INSERT INTO collection_items (collection_id, paper_rowid, note) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [collectionId, paper.rowid, note ?? '']);
      if (!added && note !== undefined) await db.run('UPDATE collection_items SET note = $1 WHERE collection_id = $2 AND paper_rowid = $3', [note, collectionId, paper.rowid]);
      await touch(collectionId);
      return added ? 'added' : 'exists';
    },
    async removeItem(collectionId, paperId) {
      const n = await db.run('DELETE FROM collection_items WHERE collection_id = $1 AND paper_rowid = (SELECT rowid FROM papers WHERE id = $2)', [collectionId, paperId]);
      if (n) await touch(collectionId);
      return n > 0;
    },
    async items(collectionId, page) {
      const rows = await db.rows<PaperRow>(
        `SELECT i.note AS item_note, i.added_at AS item_added, ${PAPER_COLUMNS} FROM collection_items i JOIN papers p ON p.rowid = i.paper_rowid
          LEFT JOIN organizations o ON o.id = p.organization_id WHERE i.collection_id = $1 ORDER BY i.added_at DESC, p.rowid DESC LIMIT $2 OFFSET $3`,
        [collectionId, page.limit, page.offset],
      );
      const total = (await db.one<{ n: number }>('SELECT count(*) AS n FROM collection_items WHERE collection_id = $1', [collectionId]))!.n;
      return { items: rows.map((r) => ({ paper: rowToPaper(r), note: r.item_note as string, addedAt: r.item_added as string })), total };
    },
    async savedAmong(userId, paperIds) {
      if (!paperIds.length) return new Set();
      const rows = await db.rows<{ id: string }>(
        `SELECT DISTINCT p.id FROM collection_items i JOIN collections c ON c.id = i.collection_id JOIN papers p ON p.rowid = i.paper_rowid
          WHERE c.user_id = $1 AND p.id = ANY($2::text[])`,
        [userId, paperIds],
      );
      return new Set(rows.map((r) => r.id));
    },

    async setMark(userId, paperId, kind: MarkKind, on) {
      const sql = on
        ? 'INSERT INTO paper_marks (user_id, paper_rowid, kind) SELECT $1, rowid, $2 FROM papers WHERE id = $3 ON CONFLICT DO NOTHING'
        : 'DELETE FROM paper_marks WHERE user_id = $1 AND kind = $2 AND paper_rowid = (SELECT rowid FROM papers WHERE id = $3)';
      return (await db.run(sql, [userId, kind, paperId])) > 0;
    },
    async marksAmong(userId, paperIds) {
      const out = new Map<string, Set<MarkKind>>();
      if (!paperIds.length) return out;
      const rows = await db.rows<{ id: string; kind: MarkKind }>(
        'SELECT p.id, m.kind FROM paper_marks m JOIN papers p ON p.rowid = m.paper_rowid WHERE m.user_id = $1 AND p.id = ANY($2::text[])',
        [userId, paperIds],
      );
      for (const r of rows) (out.get(r.id) ?? out.set(r.id, new Set()).get(r.id)!).add(r.kind);
      return out;
    },

    async activeModel() {
      return (await db.one<{ value: string }>("SELECT value FROM search_state WHERE key = 'embedding_model'"))?.value;
    },
    async window(since, model) {
      const published = await db.rows<Row>(`SELECT ${WINDOW_COLUMNS} FROM ${WINDOW_FROM} WHERE p.published_at >= $2 AND p.withdrawn_at IS NULL`, [model, since]);
      const featured = await db.rows<Row>(
        `SELECT ${WINDOW_COLUMNS} FROM ${WINDOW_FROM} WHERE p.rowid IN (SELECT paper_rowid FROM daily_entries WHERE date >= $2)
          AND (p.published_at IS NULL OR p.published_at < $2) AND p.withdrawn_at IS NULL`,
        [model, since],
      );
      return [...published, ...featured].map(toWindowPaper);
    },
    async signals(userId, model, limit) {
      const rows = await db.rows<Row>(
        `SELECT kind, at, ${WINDOW_COLUMNS} FROM (
            SELECT 'saved' AS kind, max(i.added_at) AS at, i.paper_rowid AS prow FROM collection_items i JOIN collections c ON c.id = i.collection_id
              WHERE c.user_id = $2 GROUP BY i.paper_rowid
            UNION ALL SELECT 'upvoted', u.created_at, u.paper_rowid FROM upvotes u WHERE u.user_id = $2
          ) s JOIN ${WINDOW_FROM.replace('papers p', 'papers p ON p.rowid = s.prow')} ORDER BY at DESC LIMIT $3`,
        [model, userId, limit],
      );
      return rows.map((r): Signal => ({ kind: r.kind as Signal['kind'], at: r.at as string, paper: toWindowPaper(r) }));
    },
    async seen(userId) {
      const rows = await db.rows<{ paper_rowid: number }>(
        `SELECT paper_rowid FROM paper_marks WHERE user_id = $1 UNION SELECT paper_rowid FROM upvotes WHERE user_id = $1
          UNION SELECT i.paper_rowid FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE c.user_id = $1`,
        [userId],
      );
      return new Set(rows.map((r) => r.paper_rowid));
    },
  };
}
