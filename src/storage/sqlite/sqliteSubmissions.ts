import type { Submission } from '../../community/types.ts';
import type { Db } from '../database.ts';
import type { SubmissionStore } from '../store.ts';
import { PAPER_COLUMNS } from './paperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';

const SELECT = `SELECT ${PAPER_COLUMNS}, d.date AS d_date, d.submitted_at AS d_submitted_at, u.id AS u_id, u.username AS u_username, u.fullname AS u_fullname
  FROM daily_entries d JOIN papers p ON p.rowid = d.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id LEFT JOIN users u ON u.id = d.submitted_by`;

const toSubmission = (r: PaperRow): Submission => ({
  date: r.d_date as string,
  paper: rowToPaper(r),
  submittedAt: r.d_submitted_at as string,
  submittedBy: r.u_id === null ? undefined : { id: r.u_id as number, username: r.u_username as string, fullname: (r.u_fullname as string | null) ?? undefined },
});

/** The SQLite implementation of SubmissionStore (daily_entries rows that a user submitted). */
export function createSubmissionStore(db: Db): SubmissionStore {
  const countSince = db.prepare('SELECT count(*) AS n FROM daily_entries WHERE submitted_by = ? AND submitted_at >= ?');
  const byUser = db.prepare(`${SELECT} WHERE d.submitted_by = ? ORDER BY d.submitted_at DESC LIMIT ? OFFSET ?`);
  const recent = db.prepare(`${SELECT} WHERE d.submitted_by IS NOT NULL ORDER BY d.submitted_at DESC LIMIT ?`);
  const remove = db.prepare('DELETE FROM daily_entries WHERE date = ? AND paper_rowid = (SELECT rowid FROM papers WHERE id = ?)');
  return {
    async countSince(userId, since) {
      return (countSince.get(userId, since) as { n: number }).n;
    },
    async byUser(userId, page) {
      return (byUser.all(userId, page.limit, page.offset) as PaperRow[]).map(toSubmission);
    },
    async recent(limit) {
      return (recent.all(limit) as PaperRow[]).map(toSubmission);
    },
    async remove(paperId, date) {
      return remove.run(date, paperId).changes > 0;
    },
  };
}
