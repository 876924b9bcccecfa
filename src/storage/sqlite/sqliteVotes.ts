import type { Db } from '../database.ts';
import type { VoteStore } from '../store.ts';

import { UnknownPaperError } from '../storeErrors.ts';

export { UnknownPaperError };

/** The SQLite implementation of VoteStore: the vote row and the paper's counter change in one transaction. */
export function createVoteStore(db: Db): VoteStore {
  const paper = db.prepare('SELECT rowid FROM papers WHERE id = ?');
  const add = db.prepare('INSERT INTO upvotes (user_id, paper_rowid) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const remove = db.prepare('DELETE FROM upvotes WHERE user_id = ? AND paper_rowid = ?');
  const bump = db.prepare('UPDATE papers SET upvotes = upvotes + ? WHERE rowid = ?');
  const count = db.prepare('SELECT upvotes FROM papers WHERE rowid = ?');
  const set = db.transaction((userId: number, paperId: string, up: boolean) => {
    const row = paper.get(paperId) as { rowid: number } | undefined;
    if (!row) throw new UnknownPaperError(`no paper ${paperId}`);
    const changes = (up ? add : remove).run(userId, row.rowid).changes;
    if (changes) bump.run(up ? 1 : -1, row.rowid);
    return { upvoted: up, upvotes: (count.get(row.rowid) as { upvotes: number }).upvotes };
  });
  return {
    async set(userId, paperId, up) {
      return set.immediate(userId, paperId, up);
    },
    async votedOn(userId, paperIds) {
      if (!paperIds.length) return new Set();
      const rows = db
        .prepare(`SELECT p.id FROM upvotes v JOIN papers p ON p.rowid = v.paper_rowid
          WHERE v.user_id = ? AND p.id IN (SELECT value FROM json_each(?))`)
        .all(userId, JSON.stringify(paperIds)) as { id: string }[];
      return new Set(rows.map((r) => r.id));
    },
  };
}
