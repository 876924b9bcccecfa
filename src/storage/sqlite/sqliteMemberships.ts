import type { OrganizationRef } from '../../model/paper.ts';
import type { OrgMember } from '../../community/types.ts';
import type { Db } from '../database.ts';
import type { MembershipStore } from '../store.ts';

type Row = Record<string, string | number | null>;
const toOrg = (r: Row): OrganizationRef => ({ id: r.o_id as number, name: r.o_name as string, fullname: r.o_fullname as string, avatarUrl: (r.o_avatar_url as string | null) ?? undefined });

/** The SQLite implementation of MembershipStore (org_members, and papers.organization_id for attachments). */
export function createMembershipStore(db: Db): MembershipStore {
  const orgExists = db.prepare('SELECT 1 FROM organizations WHERE name = ?');
  const insertOrg = db.prepare('INSERT INTO organizations (name, fullname) VALUES (?, ?)');
  const insertMember = db.prepare(`INSERT INTO org_members (org_id, user_id, role, accepted_at, invited_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const members = db.prepare(`SELECT m.role, m.accepted_at, u.id, u.username, u.fullname, u.avatar_url FROM org_members m JOIN users u ON u.id = m.user_id
    WHERE m.org_id = ? ORDER BY m.accepted_at IS NULL, m.role = 'member', u.username`);
  const roleOf = db.prepare('SELECT role FROM org_members WHERE org_id = ? AND user_id = ? AND accepted_at IS NOT NULL');
  const mine = db.prepare(`SELECT m.role, o.id AS o_id, o.name AS o_name, o.fullname AS o_fullname, o.avatar_url AS o_avatar_url
    FROM org_members m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = ? AND (m.accepted_at IS NULL) = ? ORDER BY o.name`);
  const createOrg = db.transaction((org: { name: string; fullname: string }, ownerId: number) => {
    if (orgExists.get(org.name)) return 'taken' as const;
    const id = Number(insertOrg.run(org.name, org.fullname).lastInsertRowid);
    insertMember.run(id, ownerId, 'admin', new Date().toISOString(), ownerId);
    return 'created' as const;
  });
  return {
    async createOrg(org, ownerId) {
      return createOrg.immediate(org, ownerId);
    },
    async members(orgId) {
      return (members.all(orgId) as Row[]).map((r): OrgMember => ({
        user: { id: r.id as number, username: r.username as string, fullname: (r.fullname as string | null) ?? undefined, avatarUrl: (r.avatar_url as string | null) ?? undefined },
        role: r.role as OrgMember['role'],
        acceptedAt: (r.accepted_at as string | null) ?? undefined,
      }));
    },
    async roleOf(orgId, userId) {
      return (roleOf.get(orgId, userId) as { role: 'admin' | 'member' } | undefined)?.role;
    },
    async invite(orgId, userId, role, invitedBy) {
      return insertMember.run(orgId, userId, role, null, invitedBy).changes ? 'invited' : 'exists';
    },
    async accept(orgId, userId) {
      return db.prepare(`UPDATE org_members SET accepted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE org_id = ? AND user_id = ? AND accepted_at IS NULL`).run(orgId, userId).changes > 0;
    },
    async remove(orgId, userId) {
      return db.prepare('DELETE FROM org_members WHERE org_id = ? AND user_id = ?').run(orgId, userId).changes > 0;
    },
    async invitationsFor(userId) {
      return (mine.all(userId, 1) as Row[]).map((r) => ({ org: toOrg(r), role: r.role as 'admin' | 'member' }));
    },
    async orgsOf(userId) {
      return (mine.all(userId, 0) as Row[]).map((r) => ({ org: toOrg(r), role: r.role as 'admin' | 'member' }));
    },
    async setPaperOrg(paperId, orgId) {
      return db.prepare(`UPDATE papers SET organization_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`).run(orgId, paperId).changes > 0;
    },
  };
}
