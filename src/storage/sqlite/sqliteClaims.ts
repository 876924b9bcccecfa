import type { AuthorshipClaim } from '../../community/types.ts';
import type { Db } from '../database.ts';
import type { ClaimStore } from '../store.ts';
import { PAPER_COLUMNS } from './paperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';
import { UnknownPaperError } from './sqliteVotes.ts';

const SELECT = `SELECT ${PAPER_COLUMNS}, c.id AS c_id, c.status AS c_status, c.created_at AS c_created_at, u.id AS u_id, u.username AS u_username, u.fullname AS u_fullname
  FROM authorship_claims c JOIN papers p ON p.rowid = c.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id JOIN users u ON u.id = c.user_id`;

const toClaim = (r: PaperRow): AuthorshipClaim => ({
  id: r.c_id as number,
  paper: rowToPaper(r),
  user: { id: r.u_id as number, username: r.u_username as string, fullname: (r.u_fullname as string | null) ?? undefined },
  status: r.c_status as AuthorshipClaim['status'],
  createdAt: r.c_created_at as string,
});

/** The SQLite implementation of ClaimStore. */
export function createClaimStore(db: Db): ClaimStore {
  const paper = db.prepare('SELECT rowid FROM papers WHERE id = ?');
  const insert = db.prepare('INSERT INTO authorship_claims (paper_rowid, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const byId = db.prepare(`${SELECT} WHERE c.id = ?`);
  const decide = db.prepare(`UPDATE authorship_claims SET status = ?, decided_by = ?, decided_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND status = 'pending'`);
  const pending = db.prepare(`${SELECT} WHERE c.status = 'pending' ORDER BY c.id LIMIT ?`);
  const papersOf = db.prepare(`SELECT ${PAPER_COLUMNS} FROM authorship_claims c JOIN papers p ON p.rowid = c.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE c.user_id = ? AND c.status = 'approved' ORDER BY p.published_at DESC LIMIT ? OFFSET ?`);
  const authorsOf = db.prepare(`SELECT u.id, u.username, u.fullname FROM authorship_claims c JOIN users u ON u.id = c.user_id
    JOIN papers p ON p.rowid = c.paper_rowid WHERE p.id = ? AND c.status = 'approved' ORDER BY u.username`);
  const statusOf = db.prepare(`SELECT c.status FROM authorship_claims c JOIN papers p ON p.rowid = c.paper_rowid WHERE p.id = ? AND c.user_id = ?`);
  return {
    async claim(paperId, userId) {
      const p = paper.get(paperId) as { rowid: number } | undefined;
      if (!p) throw new UnknownPaperError(`no paper ${paperId}`);
      return insert.run(p.rowid, userId).changes ? 'pending' : 'exists';
    },
    async get(id) {
      const r = byId.get(id) as PaperRow | undefined;
      return r && toClaim(r);
    },
    async decide(id, status, by) {
      return decide.run(status, by, id).changes > 0;
    },
    async pending(limit) {
      return (pending.all(limit) as PaperRow[]).map(toClaim);
    },
    async papersOf(userId, page) {
      return (papersOf.all(userId, page.limit, page.offset) as PaperRow[]).map(rowToPaper);
    },
    async authorsOf(paperId) {
      return (authorsOf.all(paperId) as { id: number; username: string; fullname: string | null }[]).map((r) => ({ id: r.id, username: r.username, fullname: r.fullname ?? undefined }));
    },
    async statusOf(paperId, userId) {
      return (statusOf.get(paperId, userId) as { status: AuthorshipClaim['status'] } | undefined)?.status;
    },
  };
}
