import type { Db } from '../database.ts';
import type { Collection, FollowKind, MarkKind, PersonalStore, Signal, WindowPaper } from '../personalStore.ts';
import { toCollection, toWindowPaper, type Row } from '../personalRows.ts';
import { PAPER_COLUMNS } from './paperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';

const COLLECTION_SELECT = `SELECT c.*, u.username AS owner, (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id) AS size
  FROM collections c JOIN users u ON u.id = c.user_id`;

const WINDOW_COLUMNS = `p.rowid AS rowid, p.id AS id, p.title AS title, p.authors AS authors, p.categories AS categories, o.name AS org,
  p.upvotes AS upvotes, p.published_at AS published_at, v.scale AS scale, v.vector AS vector`;

const inList = (ids: string[]) => JSON.stringify(ids);

/** The SQLite implementation of PersonalStore. */
export function createPersonalStore(db: Db): PersonalStore {
  const byId = db.prepare(`${COLLECTION_SELECT} WHERE c.id = ?`);
  const touch = db.prepare("UPDATE collections SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?");
  // Two index range scans (published date, featured date) instead of one UNION, which SQLite ran as a merge of
  // two full scans in rowid order: at 1M papers, 2 s instead of milliseconds.
  const windowPublished = db.prepare(`SELECT ${WINDOW_COLUMNS} FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN paper_vectors v ON v.model = ? AND v.paper_rowid = p.rowid
    WHERE p.published_at >= ? AND p.withdrawn_at IS NULL`);
  const windowFeatured = db.prepare(`SELECT ${WINDOW_COLUMNS} FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN paper_vectors v ON v.model = ? AND v.paper_rowid = p.rowid
    WHERE p.rowid IN (SELECT paper_rowid FROM daily_entries WHERE date >= ?) AND (p.published_at IS NULL OR p.published_at < ?) AND p.withdrawn_at IS NULL`);
  const signalQuery = db.prepare(`SELECT kind, at, ${WINDOW_COLUMNS} FROM (
      SELECT 'saved' AS kind, max(i.added_at) AS at, i.paper_rowid AS prow FROM collection_items i JOIN collections c ON c.id = i.collection_id
        WHERE c.user_id = ? GROUP BY i.paper_rowid
      UNION ALL SELECT 'upvoted', u.created_at, u.paper_rowid FROM upvotes u WHERE u.user_id = ?
    ) s JOIN papers p ON p.rowid = s.prow LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN paper_vectors v ON v.model = ? AND v.paper_rowid = p.rowid ORDER BY at DESC LIMIT ?`);

  const create = (userId: number, c: { name: string; description?: string; isPublic?: boolean; isDefault?: boolean }): Collection | 'taken' => {
    const info = db
      .prepare('INSERT INTO collections (user_id, name, description, is_public, is_default) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(userId, c.name, c.description ?? '', c.isPublic ? 1 : 0, c.isDefault ? 1 : 0);
    if (!info.changes) return 'taken';
    return toCollection(byId.get(info.lastInsertRowid) as Row);
  };

  return {
    async follow(userId, kind, value) {
      const info = db.prepare('INSERT INTO follows (user_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(userId, kind, value);
      return info.changes ? 'added' : 'exists';
    },
    async unfollow(userId, kind, value) {
      return db.prepare('DELETE FROM follows WHERE user_id = ? AND kind = ? AND value = ?').run(userId, kind, value).changes > 0;
    },
    async follows(userId) {
      const rows = db.prepare('SELECT kind, value, created_at FROM follows WHERE user_id = ? ORDER BY kind, value').all(userId) as Row[];
      return rows.map((r) => ({ kind: r.kind as FollowKind, value: r.value as string, createdAt: r.created_at as string }));
    },

    async createCollection(userId, c) {
      return create(userId, c);
    },
    async collection(id) {
      const r = byId.get(id) as Row | undefined;
      return r && toCollection(r);
    },
    async defaultCollection(userId) {
      const r = db.prepare(`${COLLECTION_SELECT} WHERE c.user_id = ? AND c.is_default = 1`).get(userId) as Row | undefined;
      if (r) return toCollection(r);
      for (const name of ['Saved', 'Saved papers', `Saved ${Date.now()}`]) {
        const made = create(userId, { name, isDefault: true });
        if (made !== 'taken') return made;
      }
      throw new Error('could not create the default collection');
    },
    async collectionsOf(userId) {
      return (db.prepare(`${COLLECTION_SELECT} WHERE c.user_id = ? ORDER BY c.is_default DESC, c.name`).all(userId) as Row[]).map(toCollection);
    },
    async updateCollection(id, patch) {
      const cur = byId.get(id) as Row | undefined;
      if (!cur) return 'ok';
      const info = db
        .prepare(`UPDATE OR IGNORE collections SET name = ?, description = ?, is_public = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`)
        .run(patch.name ?? cur.name, patch.description ?? cur.description, patch.isPublic === undefined ? cur.is_public : patch.isPublic ? 1 : 0, id);
      return info.changes ? 'ok' : 'taken';
    },
    async deleteCollection(id) {
      db.prepare('DELETE FROM collections WHERE id = ?').run(id);
    },
    async addItem(collectionId, paperId, note) {
      const rowid = db.prepare('SELECT rowid FROM papers WHERE id = ?').pluck().get(paperId) as number | undefined;
      if (rowid === undefined) return 'no-paper';
      const info = db.prepare('INSERT INTO collection_items (collection_id, paper_rowid, note) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(collectionId, rowid, note ?? '');
      if (!info.changes && note !== undefined) db.prepare('UPDATE collection_items SET note = ? WHERE collection_id = ? AND paper_rowid = ?').run(note, collectionId, rowid);
      touch.run(collectionId);
      return info.changes ? 'added' : 'exists';
    },
    async removeItem(collectionId, paperId) {
      const n = db.prepare('DELETE FROM collection_items WHERE collection_id = ? AND paper_rowid = (SELECT rowid FROM papers WHERE id = ?)').run(collectionId, paperId).changes;
      if (n) touch.run(collectionId);
      return n > 0;
    },
    async items(collectionId, page) {
      const rows = db
        .prepare(`SELECT i.note AS item_note, i.added_at AS item_added, ${PAPER_COLUMNS} FROM collection_items i JOIN papers p ON p.rowid = i.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
          WHERE i.collection_id = ? ORDER BY i.added_at DESC, p.rowid DESC LIMIT ? OFFSET ?`)
        .all(collectionId, page.limit, page.offset) as PaperRow[];
      const total = db.prepare('SELECT count(*) FROM collection_items WHERE collection_id = ?').pluck().get(collectionId) as number;
      return { items: rows.map((r) => ({ paper: rowToPaper(r), note: r.item_note as string, addedAt: r.item_added as string })), total };
    },
    async savedAmong(userId, paperIds) {
      if (!paperIds.length) return new Set();
      const rows = db
        .prepare(`SELECT DISTINCT p.id FROM collection_items i JOIN collections c ON c.id = i.collection_id JOIN papers p ON p.rowid = i.paper_rowid
          WHERE c.user_id = ? AND p.id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(userId, inList(paperIds)) as string[];
      return new Set(rows);
    },

    async setMark(userId, paperId, kind: MarkKind, on) {
      const sql = on
        ? 'INSERT INTO paper_marks (user_id, paper_rowid, kind) SELECT ?, rowid, ? FROM papers WHERE id = ? ON CONFLICT DO NOTHING'
        : 'DELETE FROM paper_marks WHERE user_id = ? AND kind = ? AND paper_rowid = (SELECT rowid FROM papers WHERE id = ?)';
      return db.prepare(sql).run(userId, kind, paperId).changes > 0;
    },
    async marksAmong(userId, paperIds) {
      const out = new Map<string, Set<MarkKind>>();
      if (!paperIds.length) return out;
      const rows = db
        .prepare('SELECT p.id, m.kind FROM paper_marks m JOIN papers p ON p.rowid = m.paper_rowid WHERE m.user_id = ? AND p.id IN (SELECT value FROM json_each(?))')
        .all(userId, inList(paperIds)) as { id: string; kind: MarkKind }[];
      for (const r of rows) (out.get(r.id) ?? out.set(r.id, new Set()).get(r.id)!).add(r.kind);
      return out;
    },

    async activeModel() {
      return (db.prepare("SELECT value FROM search_state WHERE key = 'embedding_model'").pluck().get() as string | undefined) ?? undefined;
    },
    async window(since, model) {
      const rows = [...(windowPublished.all(model, since) as Row[]), ...(windowFeatured.all(model, since, since) as Row[])];
      return rows.map(toWindowPaper);
    },
    async signals(userId, model, limit) {
      return (signalQuery.all(userId, userId, model, limit) as Row[]).map((r): Signal => ({ kind: r.kind as Signal['kind'], at: r.at as string, paper: toWindowPaper(r) }));
    },
    async seen(userId) {
      const rows = db
        .prepare(`SELECT paper_rowid FROM paper_marks WHERE user_id = ? UNION SELECT paper_rowid FROM upvotes WHERE user_id = ?
          UNION SELECT i.paper_rowid FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE c.user_id = ?`)
        .pluck()
        .all(userId, userId, userId) as number[];
      return new Set(rows);
    },
  };
}
