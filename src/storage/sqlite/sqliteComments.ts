import type { Db } from '../database.ts';
import type { CommentStore } from '../store.ts';
import { toComment, type Row } from '../communityRows.ts';
import { UnknownPaperError } from './sqliteVotes.ts';

const SELECT = `SELECT c.id, c.parent_id, c.body, c.created_at, c.edited_at, c.hidden_at, c.deleted_at, p.id AS paper_id,
  u.id AS u_id, u.username, u.fullname, u.avatar_url
  FROM comments c JOIN papers p ON p.rowid = c.paper_rowid JOIN users u ON u.id = c.user_id`;

import { BadParentError } from '../storeErrors.ts';

export { BadParentError };

/** The SQLite implementation of CommentStore; `papers.num_comments` counts visible comments and is recounted in each write. */
export function createCommentStore(db: Db): CommentStore {
  const paper = db.prepare('SELECT rowid FROM papers WHERE id = ?');
  const parent = db.prepare('SELECT paper_rowid, parent_id FROM comments WHERE id = ?');
  const insert = db.prepare('INSERT INTO comments (paper_rowid, user_id, parent_id, body) VALUES (?, ?, ?, ?)');
  const recount = db.prepare(`UPDATE papers SET num_comments =
    (SELECT count(*) FROM comments WHERE paper_rowid = @r AND hidden_at IS NULL AND deleted_at IS NULL) WHERE rowid = @r`);
  const byId = db.prepare(`${SELECT} WHERE c.id = ?`);
  const rowidOf = db.prepare('SELECT paper_rowid FROM comments WHERE id = ?');
  const forPaper = db.prepare(`${SELECT} WHERE p.id = ? ORDER BY coalesce(c.parent_id, c.id), c.parent_id IS NOT NULL, c.id`);
  const now = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";
  const change = (sql: string) => {
    const stmt = db.prepare(sql);
    return db.transaction((id: number, ...args: unknown[]) => {
      const row = rowidOf.get(id) as { paper_rowid: number } | undefined;
      if (!row) return;
      stmt.run(...args, id);
      recount.run({ r: row.paper_rowid });
    });
  };
  const edit = change(`UPDATE comments SET body = ?, edited_at = ${now} WHERE id = ?`);
  const del = change(`UPDATE comments SET deleted_at = ${now} WHERE id = ?`);
  const hide = change(`UPDATE comments SET hidden_at = ${now} WHERE id = ?`);
  const unhide = change(`UPDATE comments SET hidden_at = NULL WHERE id = ?`);
  const add = db.transaction((c: { paperId: string; userId: number; parentId?: number; body: string }) => {
    const p = paper.get(c.paperId) as { rowid: number } | undefined;
    if (!p) throw new UnknownPaperError(`no paper ${c.paperId}`);
    if (c.parentId !== undefined) {
      const par = parent.get(c.parentId) as { paper_rowid: number; parent_id: number | null } | undefined;
      if (!par || par.paper_rowid !== p.rowid || par.parent_id !== null) throw new BadParentError('replies go under a top-level comment of the same paper');
    }
    const id = Number(insert.run(p.rowid, c.userId, c.parentId ?? null, c.body).lastInsertRowid);
    recount.run({ r: p.rowid });
    return toComment(byId.get(id) as Row);
  });
  return {
    async add(c) {
      return add.immediate(c);
    },
    async get(id) {
      const r = byId.get(id) as Row | undefined;
      return r && toComment(r);
    },
    async forPaper(paperId) {
      return (forPaper.all(paperId) as Row[]).map(toComment);
    },
    async edit(id, body) {
      edit.immediate(id, body);
    },
    async setDeleted(id) {
      del.immediate(id);
    },
    async setHidden(id, hidden) {
      (hidden ? hide : unhide).immediate(id);
    },
    async recent(limit) {
      return (db.prepare(`${SELECT} WHERE c.deleted_at IS NULL ORDER BY c.id DESC LIMIT ?`).all(limit) as Row[]).map(toComment);
    },
  };
}
