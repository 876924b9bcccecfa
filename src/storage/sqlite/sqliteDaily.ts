import type { DailyEntry } from '../../model/paper.ts';
import type { Db } from '../database.ts';
import type { DailySort, DailyStore } from '../store.ts';
import { PAPER_COLUMNS } from './paperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';

const ORDER: Record<DailySort, string> = {
  upvotes: 'p.upvotes DESC, d.position ASC, d.date DESC',
  date: 'd.date DESC, p.upvotes DESC, d.position ASC',
};

function rowToEntry(r: PaperRow): DailyEntry {
  return {
    date: r.d_date as string,
    paper: rowToPaper(r),
    submittedBy:
      r.u_id === null ? undefined : { id: r.u_id as number, username: r.u_username as string, fullname: (r.u_fullname as string | null) ?? undefined, avatarUrl: (r.u_avatar_url as string | null) ?? undefined },
    submittedAt: r.d_submitted_at as string,
    position: r.d_position as number,
  };
}

/** The SQLite implementation of DailyStore. */
export function createDailyStore(db: Db): DailyStore {
  const select = `SELECT ${PAPER_COLUMNS}, d.date AS d_date, d.submitted_at AS d_submitted_at, d.position AS d_position,
      u.id AS u_id, u.username AS u_username, u.fullname AS u_fullname, u.avatar_url AS u_avatar_url
    FROM daily_entries d JOIN papers p ON p.rowid = d.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id LEFT JOIN users u ON u.id = d.submitted_by
    WHERE d.date BETWEEN @from AND @to AND (@submitter IS NULL OR u.username = @submitter)`;
  const lists = Object.fromEntries(
    (Object.keys(ORDER) as DailySort[]).map((s) => [s, db.prepare(`${select} ORDER BY ${ORDER[s]} LIMIT @limit OFFSET @offset`)]),
  ) as Record<DailySort, ReturnType<Db['prepare']>>;
  const count = db.prepare(`SELECT count(*) AS n FROM daily_entries d LEFT JOIN users u ON u.id = d.submitted_by
    WHERE d.date BETWEEN @from AND @to AND (@submitter IS NULL OR u.username = @submitter)`);
  const latest = db.prepare('SELECT max(date) AS d FROM daily_entries');
  const prev = db.prepare('SELECT max(date) AS d FROM daily_entries WHERE date < ?');
  const next = db.prepare('SELECT min(date) AS d FROM daily_entries WHERE date > ?');
  const paperRowid = db.prepare('SELECT rowid FROM papers WHERE id = ?');
  const insert = db.prepare(`INSERT INTO daily_entries (date, paper_rowid, submitted_by, position)
    VALUES (?, ?, ?, coalesce(?, (SELECT coalesce(max(position), 0) + 1 FROM daily_entries WHERE date = ?))) ON CONFLICT DO NOTHING`);

  return {
    async list(range, sort, page) {
      const params = { from: range.from, to: range.to, submitter: range.submitter ?? null };
      const total = (count.get(params) as { n: number }).n;
      const rows = lists[sort].all({ ...params, limit: page.limit, offset: page.offset }) as PaperRow[];
      return { total, entries: rows.map(rowToEntry) };
    },
    async latestDate() {
      return ((latest.get() as { d: string | null }).d) ?? undefined;
    },
    async neighbours(date) {
      return {
        prev: (prev.get(date) as { d: string | null }).d ?? undefined,
        next: (next.get(date) as { d: string | null }).d ?? undefined,
      };
    },
    async feature(paperId, date, options = {}) {
      const row = paperRowid.get(paperId) as { rowid: number } | undefined;
      if (!row) throw new Error(`no paper ${paperId}`);
      const info = insert.run(date, row.rowid, options.submittedBy ?? null, options.position ?? null, date);
      return info.changes ? 'added' : 'exists';
    },
  };
}
