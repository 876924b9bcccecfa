import type { OrganizationRef } from '../../model/paper.ts';
import type { Db } from '../database.ts';
import type { OrganizationStore } from '../store.ts';

type OrgRow = { id: number; name: string; fullname: string; avatar_url: string | null };
const toRef = (r: OrgRow): OrganizationRef => ({ id: r.id, name: r.name, fullname: r.fullname, avatarUrl: r.avatar_url ?? undefined });

/** Finds or creates an organization by handle inside the caller's transaction (used by paper upserts too). */
export function ensureOrganization(db: Db, org: { name: string; fullname?: string }): OrganizationRef {
  db.prepare('INSERT INTO organizations (name, fullname) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(org.name, org.fullname ?? org.name);
  return toRef(db.prepare('SELECT id, name, fullname, avatar_url FROM organizations WHERE name = ?').get(org.name) as OrgRow);
}

/** The SQLite implementation of OrganizationStore. */
export function createOrganizationStore(db: Db): OrganizationStore {
  const get = db.prepare('SELECT id, name, fullname, avatar_url FROM organizations WHERE name = ?');
  return {
    async get(name) {
      const row = get.get(name) as OrgRow | undefined;
      return row && toRef(row);
    },
    async ensure(org) {
      return ensureOrganization(db, org);
    },
  };
}
