import type { AuthorshipClaim, Comment, ModerationEntry, OrgMember, Submission } from '../../community/types.ts';
import type { OrganizationRef } from '../../model/paper.ts';
import { PAPER_COLUMNS } from './pgPaperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';
import type { ClaimStore, CommentStore, MembershipStore, ModerationLogStore, SubmissionStore } from '../store.ts';
import { BadParentError, UnknownPaperError } from '../storeErrors.ts';
import { toComment, type Row } from '../communityRows.ts';
import { isUniqueViolation, type PgDb, type Sql } from './pgDb.ts';
import { LOCKS } from './pgLocks.ts';

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const COMMENT_SELECT = `SELECT c.id, c.parent_id, c.body, c.created_at, c.edited_at, c.hidden_at, c.deleted_at, p.id AS paper_id,
  u.id AS u_id, u.username, u.fullname, u.avatar_url
  FROM comments c JOIN papers p ON p.rowid = c.paper_rowid JOIN users u ON u.id = c.user_id`;

/** Recounts a paper's visible comments; the caller holds the paper's row lock, so the count sees every committed comment. */
const recount = (sql: Sql, rowid: number) =>
  sql.run('UPDATE papers SET num_comments = (SELECT count(*) FROM comments WHERE paper_rowid = $1 AND hidden_at IS NULL AND deleted_at IS NULL) WHERE rowid = $1', [rowid]);

/**
 * The PostgreSQL implementation of CommentStore. Each write locks its paper's row first (FOR UPDATE) and then
 * recounts `num_comments`: two comments added at once are counted in turn, never from the same snapshot.
 */
export function createPgCommentStore(db: PgDb): CommentStore {
  const change = (set: string) => async (id: number, ...args: unknown[]) => {
    await db.tx(async (sql) => {
      const row = await sql.one<{ rowid: number }>('SELECT p.rowid FROM comments c JOIN papers p ON p.rowid = c.paper_rowid WHERE c.id = $1 FOR UPDATE OF p', [id]);
      if (!row) return;
      await sql.run(`UPDATE comments SET ${set} WHERE id = $1`, [id, ...args]);
      await recount(sql, row.rowid);
    });
  };
  const edit = change('body = $2, edited_at = pw_now()');
  const del = change('deleted_at = pw_now()');
  const hide = change('hidden_at = pw_now()');
  const unhide = change('hidden_at = NULL');
  const get = async (id: number) => {
    const r = await db.one<Row>(`${COMMENT_SELECT} WHERE c.id = $1`, [id]);
    return r && toComment(r);
  };
  return {
    async add(c) {
      const id = await db.tx(async (sql) => {
        const p = await sql.one<{ rowid: number }>('SELECT rowid FROM papers WHERE id = $1 FOR UPDATE', [c.paperId]);
        if (!p) throw new UnknownPaperError(`no paper ${c.paperId}`);
        if (c.parentId !== undefined) {
          const par = await sql.one<{ paper_rowid: number; parent_id: number | null }>('SELECT paper_rowid, parent_id FROM comments WHERE id = $1', [c.parentId]);
          if (!par || par.paper_rowid !== p.rowid || par.parent_id !== null) throw new BadParentError('replies go under a top-level comment of the same paper');
        }
        const r = await sql.one<{ id: number }>('INSERT INTO comments (paper_rowid, user_id, parent_id, body) VALUES ($1, $2, $3, $4) RETURNING id', [p.rowid, c.userId, c.parentId ?? null, c.body]);
        await recount(sql, p.rowid);
        return r!.id;
      });
      return (await get(id))!;
    },
    get,
    async forPaper(paperId) {
      return (await db.rows<Row>(`${COMMENT_SELECT} WHERE p.id = $1 ORDER BY coalesce(c.parent_id, c.id), c.parent_id IS NOT NULL, c.id`, [paperId])).map(toComment);
    },
    async edit(id, body) {
      await edit(id, body);
    },
    async setDeleted(id) {
      await del(id);
    },
    async setHidden(id, hidden) {
      await (hidden ? hide : unhide)(id);
    },
    async recent(limit) {
      return (await db.rows<Row>(`${COMMENT_SELECT} WHERE c.deleted_at IS NULL ORDER BY c.id DESC LIMIT $1`, [limit])).map(toComment);
    },
  };
}

const SUBMISSION_SELECT = `SELECT ${PAPER_COLUMNS}, d.date AS d_date, d.submitted_at AS d_submitted_at, u.id AS u_id, u.username AS u_username, u.fullname AS u_fullname
  FROM daily_entries d JOIN papers p ON p.rowid = d.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id LEFT JOIN users u ON u.id = d.submitted_by`;

const toSubmission = (r: PaperRow): Submission => ({
  date: r.d_date as string,
  paper: rowToPaper(r),
  submittedAt: r.d_submitted_at as string,
  submittedBy: r.u_id === null ? undefined : { id: r.u_id as number, username: r.u_username as string, fullname: (r.u_fullname as string | null) ?? undefined },
});

/** The PostgreSQL implementation of SubmissionStore. */
export function createPgSubmissionStore(db: PgDb): SubmissionStore {
  return {
    async countSince(userId, since) {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM daily_entries WHERE submitted_by = $1 AND submitted_at >= $2', [userId, since]))!.n;
    },
    async byUser(userId, page) {
      return (await db.rows<PaperRow>(`${SUBMISSION_SELECT} WHERE d.submitted_by = $1 ORDER BY d.submitted_at DESC LIMIT $2 OFFSET $3`, [userId, page.limit, page.offset])).map(toSubmission);
    },
    async recent(limit) {
      return (await db.rows<PaperRow>(`${SUBMISSION_SELECT} WHERE d.submitted_by IS NOT NULL ORDER BY d.submitted_at DESC LIMIT $1`, [limit])).map(toSubmission);
    },
    async remove(paperId, date) {
      return (await db.run('DELETE FROM daily_entries WHERE date = $1 AND paper_rowid = (SELECT rowid FROM papers WHERE id = $2)', [date, paperId])) > 0;
    },
  };
}

const toOrgRef = (r: Row): OrganizationRef => ({ id: r.o_id as number, name: r.o_name as string, fullname: r.o_fullname as string, avatarUrl: (r.o_avatar_url as string | null) ?? undefined });

/** The PostgreSQL implementation of MembershipStore. */
export function createPgMembershipStore(db: PgDb): MembershipStore {
  const mine = async (userId: number, invited: boolean) =>
    (
      await db.rows<Row>(
        `SELECT m.role, o.id AS o_id, o.name AS o_name, o.fullname AS o_fullname, o.avatar_url AS o_avatar_url
          FROM org_members m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = $1 AND (m.accepted_at IS NULL) = $2 ORDER BY o.name`,
        [userId, invited],
      )
    ).map((r) => ({ org: toOrgRef(r), role: r.role as 'admin' | 'member' }));
  return {
    async createOrg(org, ownerId) {
      try {
        return await db.tx(async (sql) => {
          const made = await sql.one<{ id: number }>('INSERT INTO organizations (name, fullname) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id', [org.name, org.fullname]);
          if (!made) return 'taken' as const;
          await sql.run('INSERT INTO org_members (org_id, user_id, role, accepted_at, invited_by) VALUES ($1, $2, $3, $4, $2)', [made.id, ownerId, 'admin', new Date().toISOString()]);
          return 'created' as const;
        });
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },
    async members(orgId) {
      const rows = await db.rows<Row>(
        `SELECT m.role, m.accepted_at, u.id, u.username, u.fullname, u.avatar_url FROM org_members m JOIN users u ON u.id = m.user_id
          WHERE m.org_id = $1 ORDER BY m.accepted_at IS NULL, m.role = 'member', u.username`,
        [orgId],
      );
      return rows.map((r): OrgMember => ({
        user: { id: r.id as number, username: r.username as string, fullname: (r.fullname as string | null) ?? undefined, avatarUrl: (r.avatar_url as string | null) ?? undefined },
        role: r.role as OrgMember['role'],
        acceptedAt: (r.accepted_at as string | null) ?? undefined,
      }));
    },
    async roleOf(orgId, userId) {
      return (await db.one<{ role: 'admin' | 'member' }>('SELECT role FROM org_members WHERE org_id = $1 AND user_id = $2 AND accepted_at IS NOT NULL', [orgId, userId]))?.role;
    },
    async invite(orgId, userId, role, invitedBy) {
      const n = await db.run('INSERT INTO org_members (org_id, user_id, role, accepted_at, invited_by) VALUES ($1, $2, $3, NULL, $4) ON CONFLICT DO NOTHING', [orgId, userId, role, invitedBy]);
      return n ? 'invited' : 'exists';
    },
    async accept(orgId, userId) {
      return (await db.run('UPDATE org_members SET accepted_at = pw_now() WHERE org_id = $1 AND user_id = $2 AND accepted_at IS NULL', [orgId, userId])) > 0;
    },
    async remove(orgId, userId) {
      return (await db.run('DELETE FROM org_members WHERE org_id = $1 AND user_id = $2', [orgId, userId])) > 0;
    },
    invitationsFor: (userId) => mine(userId, true),
    orgsOf: (userId) => mine(userId, false),
    async setPaperOrg(paperId, orgId) {
      return db.tx(async (sql) => (await sql.run('UPDATE papers SET organization_id = $1, updated_at = pw_now() WHERE id = $2', [orgId, paperId])) > 0, [LOCKS.changes]);
    },
  };
}

const CLAIM_SELECT = `SELECT ${PAPER_COLUMNS}, c.id AS c_id, c.status AS c_status, c.created_at AS c_created_at, u.id AS u_id, u.username AS u_username, u.fullname AS u_fullname
  FROM authorship_claims c JOIN papers p ON p.rowid = c.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id JOIN users u ON u.id = c.user_id`;

const toClaim = (r: PaperRow): AuthorshipClaim => ({
  id: r.c_id as number,
  paper: rowToPaper(r),
  user: { id: r.u_id as number, username: r.u_username as string, fullname: (r.u_fullname as string | null) ?? undefined },
  status: r.c_status as AuthorshipClaim['status'],
  createdAt: r.c_created_at as string,
});

/** The PostgreSQL implementation of ClaimStore. */
export function createPgClaimStore(db: PgDb): ClaimStore {
  return {
    async claim(paperId, userId) {
      const p = await db.one<{ rowid: number }>('SELECT rowid FROM papers WHERE id = $1', [paperId]);
      if (!p) throw new UnknownPaperError(`no paper ${paperId}`);
      return (await db.run('INSERT INTO authorship_claims (paper_rowid, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.rowid, userId])) ? 'pending' : 'exists';
    },
    async get(id) {
      const r = await db.one<PaperRow>(`${CLAIM_SELECT} WHERE c.id = $1`, [id]);
      return r && toClaim(r);
    },
    async decide(id, status, by) {
      return (await db.run("UPDATE authorship_claims SET status = $1, decided_by = $2, decided_at = pw_now() WHERE id = $3 AND status = 'pending'", [status, by, id])) > 0;
    },
    async pending(limit) {
      return (await db.rows<PaperRow>(`${CLAIM_SELECT} WHERE c.status = 'pending' ORDER BY c.id LIMIT $1`, [limit])).map(toClaim);
    },
    async papersOf(userId, page) {
      const rows = await db.rows<PaperRow>(
        `SELECT ${PAPER_COLUMNS} FROM authorship_claims c JOIN papers p ON p.rowid = c.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
          WHERE c.user_id = $1 AND c.status = 'approved' ORDER BY p.published_at DESC NULLS LAST LIMIT $2 OFFSET $3`,
        [userId, page.limit, page.offset],
      );
      return rows.map(rowToPaper);
    },
    async authorsOf(paperId) {
      const rows = await db.rows<{ id: number; username: string; fullname: string | null }>(
        `SELECT u.id, u.username, u.fullname FROM authorship_claims c JOIN users u ON u.id = c.user_id
          JOIN papers p ON p.rowid = c.paper_rowid WHERE p.id = $1 AND c.status = 'approved' ORDER BY u.username`,
        [paperId],
      );
      return rows.map((r) => ({ id: r.id, username: r.username, fullname: r.fullname ?? undefined }));
    },
    async statusOf(paperId, userId) {
      return (await db.one<{ status: AuthorshipClaim['status'] }>('SELECT c.status FROM authorship_claims c JOIN papers p ON p.rowid = c.paper_rowid WHERE p.id = $1 AND c.user_id = $2', [paperId, userId]))?.status;
    },
  };
}

/** The PostgreSQL implementation of ModerationLogStore (append-only). */
export function createPgModerationLogStore(db: PgDb): ModerationLogStore {
  return {
    async record(e) {
      await db.run('INSERT INTO moderation_log (actor_id, action, target, detail) VALUES ($1, $2, $3, $4)', [e.actorId, e.action, e.target, e.detail ?? null]);
    },
    async list(page) {
      const rows = await db.rows<Row>(
        `SELECT l.id, l.action, l.target, l.detail, l.created_at, u.id AS u_id, u.username FROM moderation_log l
          LEFT JOIN users u ON u.id = l.actor_id ORDER BY l.id DESC LIMIT $1 OFFSET $2`,
        [page.limit, page.offset],
      );
      return rows.map((r): ModerationEntry => ({
        id: r.id as number,
        action: r.action as string,
        target: r.target as string,
        detail: (r.detail as string | null) ?? undefined,
        createdAt: r.created_at as string,
        actor: r.u_id === null ? undefined : { id: r.u_id as number, username: r.username as string },
      }));
    },
  };
}
