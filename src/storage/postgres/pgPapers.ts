import type { DailyEntry, OrganizationRef, UserRef } from '../../model/paper.ts';
import { PAPER_COLUMNS, PAPER_FROM } from './pgPaperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';
import type { DailySort, DailyStore, OrganizationStore, PaperStore, UserStore, VoteStore } from '../store.ts';
import { UnknownPaperError } from '../storeErrors.ts';
import { lockKey, type PgDb, type Sql } from './pgDb.ts';
import { LOCKS, PAPER_WRITE } from './pgLocks.ts';
import { upsertPapers } from './pgPaperUpserter.ts';

/** The PostgreSQL implementation of PaperStore. */
export function createPgPaperStore(db: PgDb): PaperStore {
  return {
    async get(id) {
      const row = await db.one<PaperRow>(`SELECT ${PAPER_COLUMNS} FROM ${PAPER_FROM} WHERE p.id = $1`, [id]);
      return row && rowToPaper(row);
    },
    async getMany(ids) {
      if (!ids.length) return [];
      const rows = await db.rows<PaperRow>(`SELECT ${PAPER_COLUMNS} FROM ${PAPER_FROM} WHERE p.id = ANY($1::text[])`, [ids]);
      const byKey = new Map(rows.map((r) => [r.id as string, rowToPaper(r)]));
      return ids.flatMap((id) => byKey.get(id) ?? []);
    },
    async upsert(input) {
      return (await db.tx((sql) => upsertPapers(sql, [input]), PAPER_WRITE))[0]!;
    },
    async upsertMany(inputs) {
      if (!inputs.length) return [];
      return db.tx((sql) => upsertPapers(sql, inputs), PAPER_WRITE);
    },
    async count() {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM papers'))!.n;
    },
    async listByOrganization(orgName, page) {
      const total = (await db.one<{ n: number }>('SELECT count(*) AS n FROM papers p JOIN organizations o ON o.id = p.organization_id WHERE o.name = $1', [orgName]))!.n;
      const rows = await db.rows<PaperRow>(
        `SELECT ${PAPER_COLUMNS} FROM ${PAPER_FROM} WHERE o.name = $1 ORDER BY coalesce(p.published_at, '') DESC, p.rowid DESC LIMIT $2 OFFSET $3`,
        [orgName, page.limit, page.offset],
      );
      return { total, papers: rows.map(rowToPaper) };
    },
    async featuredOn(id) {
      const rows = await db.rows<PaperRow>(
        `SELECT d.date, u.id AS user_id, u.username, u.fullname FROM daily_entries d JOIN papers p ON p.rowid = d.paper_rowid
          LEFT JOIN users u ON u.id = d.submitted_by WHERE p.id = $1 ORDER BY d.date DESC`,
        [id],
      );
      return rows.map((r) => ({
        date: r.date as string,
        submittedBy: r.user_id === null ? undefined : { id: r.user_id as number, username: r.username as string, fullname: (r.fullname as string | null) ?? undefined },
      }));
    },
  };
}

const ORDER: Record<DailySort, string> = {
  upvotes: 'p.upvotes DESC, d.position ASC, d.date DESC',
  date: 'd.date DESC, p.upvotes DESC, d.position ASC',
};

const rowToEntry = (r: PaperRow): DailyEntry => ({
  date: r.d_date as string,
  paper: rowToPaper(r),
  submittedBy:
    r.u_id === null ? undefined : { id: r.u_id as number, username: r.u_username as string, fullname: (r.u_fullname as string | null) ?? undefined, avatarUrl: (r.u_avatar_url as string | null) ?? undefined },
  submittedAt: r.d_submitted_at as string,
  position: r.d_position as number,
});

/**
 * Puts a paper on a day's list inside the caller's transaction, under the day's lock so that two writers never
 * take the same next position (what BEGIN IMMEDIATE gave SQLite). Returns how many rows it added (0 or 1).
 */
export async function featurePaper(sql: Sql, date: string, paperRowid: number, submittedBy: number | null, position: number | null): Promise<number> {
  await sql.run('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(LOCKS.day(date))]);
  return sql.run(
    `INSERT INTO daily_entries (date, paper_rowid, submitted_by, position)
      VALUES ($1, $2, $3, coalesce($4, (SELECT coalesce(max(position), 0) + 1 FROM daily_entries WHERE date = $1))) ON CONFLICT DO NOTHING`,
    [date, paperRowid, submittedBy, position],
  );
}

/** The PostgreSQL implementation of DailyStore. */
export function createPgDailyStore(db: PgDb): DailyStore {
  const where = `WHERE d.date BETWEEN $1 AND $2 AND ($3::text IS NULL OR u.username = $3)`;
  return {
    async list(range, sort, page) {
      const params = [range.from, range.to, range.submitter ?? null];
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM daily_entries d LEFT JOIN users u ON u.id = d.submitted_by ${where}`, params))!.n;
      const rows = await db.rows<PaperRow>(
        `SELECT ${PAPER_COLUMNS}, d.date AS d_date, d.submitted_at AS d_submitted_at, d.position AS d_position,
            u.id AS u_id, u.username AS u_username, u.fullname AS u_fullname, u.avatar_url AS u_avatar_url
          FROM daily_entries d JOIN papers p ON p.rowid = d.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
          LEFT JOIN users u ON u.id = d.submitted_by ${where} ORDER BY ${ORDER[sort]} LIMIT $4 OFFSET $5`,
        [...params, page.limit, page.offset],
      );
      return { total, entries: rows.map(rowToEntry) };
    },
    async latestDate() {
      return (await db.one<{ d: string | null }>('SELECT max(date) AS d FROM daily_entries'))!.d ?? undefined;
    },
    async neighbours(date) {
      const r = (await db.one<{ prev: string | null; next: string | null }>(
        'SELECT (SELECT max(date) FROM daily_entries WHERE date < $1) AS prev, (SELECT min(date) FROM daily_entries WHERE date > $1) AS next',
        [date],
      ))!;
      return { prev: r.prev ?? undefined, next: r.next ?? undefined };
    },
    async feature(paperId, date, options = {}) {
      const row = await db.one<{ rowid: number }>('SELECT rowid FROM papers WHERE id = $1', [paperId]);
      if (!row) throw new Error(`no paper ${paperId}`);
      const n = await db.tx((sql) => featurePaper(sql, date, row.rowid, options.submittedBy ?? null, options.position ?? null));
      return n ? 'added' : 'exists';
    },
  };
}

type OrgRow = { id: number; name: string; fullname: string; avatar_url: string | null };
const toOrg = (r: OrgRow): OrganizationRef => ({ id: r.id, name: r.name, fullname: r.fullname, avatarUrl: r.avatar_url ?? undefined });

/** The PostgreSQL implementation of OrganizationStore. */
export function createPgOrganizationStore(db: PgDb): OrganizationStore {
  return {
    async get(name) {
      const row = await db.one<OrgRow>('SELECT id, name, fullname, avatar_url FROM organizations WHERE name = $1', [name]);
      return row && toOrg(row);
    },
    async ensure(org) {
      await db.run('INSERT INTO organizations (name, fullname) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [org.name, org.fullname ?? org.name]);
      return toOrg((await db.one<OrgRow>('SELECT id, name, fullname, avatar_url FROM organizations WHERE name = $1', [org.name]))!);
    },
  };
}

type UserRow = { id: number; username: string; fullname: string | null; avatar_url: string | null };
const toUser = (r: UserRow): UserRef => ({ id: r.id, username: r.username, fullname: r.fullname ?? undefined, avatarUrl: r.avatar_url ?? undefined });

/** The PostgreSQL implementation of UserStore. */
export function createPgUserStore(db: PgDb): UserStore {
  const get = (username: string) => db.one<UserRow>('SELECT id, username, fullname, avatar_url FROM users WHERE username = $1', [username]);
  return {
    async get(username) {
      const row = await get(username);
      return row && toUser(row);
    },
    async ensure(user) {
      await db.run('INSERT INTO users (username, fullname) VALUES ($1, $2) ON CONFLICT (username) DO NOTHING', [user.username, user.fullname ?? null]);
      return toUser((await get(user.username))!);
    },
  };
}

/**
 * The PostgreSQL implementation of VoteStore: the vote row and the paper's counter change in one transaction;
 * the counter moves by an atomic increment under the paper's row lock, so concurrent votes never lose one.
 */
export function createPgVoteStore(db: PgDb): VoteStore {
  return {
    async set(userId, paperId, up) {
      // One round trip: pw_set_vote (migration 11) takes the change-log lock, writes the vote and moves the counter
      // only when the vote row changed (a repeated vote counts once), in the statement's own transaction.
      const row = await db.one<{ upvotes: number; changed: boolean }>('SELECT upvotes, changed FROM pw_set_vote($1, $2, $3)', [userId, paperId, up]);
      if (!row) throw new UnknownPaperError(`no paper ${paperId}`);
      if (row.changed) db.bumped(); // a SELECT: the write counter behind revision() does not see it by itself
      return { upvoted: up, upvotes: row.upvotes };
    },
    async votedOn(userId, paperIds) {
      if (!paperIds.length) return new Set();
      const rows = await db.rows<{ id: string }>(
        'SELECT p.id FROM upvotes v JOIN papers p ON p.rowid = v.paper_rowid WHERE v.user_id = $1 AND p.id = ANY($2::text[])',
        [userId, paperIds],
      );
      return new Set(rows.map((r) => r.id));
    },
  };
}
