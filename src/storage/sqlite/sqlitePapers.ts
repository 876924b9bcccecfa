import type { PaperInput } from '../../model/paper.ts';
import type { Db } from '../database.ts';
import type { PaperStore } from '../store.ts';
import { createPaperUpserter } from './paperUpserter.ts';
import { PAPER_COLUMNS, PAPER_FROM } from './paperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';

/** The SQLite implementation of PaperStore. */
export function createPaperStore(db: Db): PaperStore {
  const byId = db.prepare(`SELECT ${PAPER_COLUMNS} FROM ${PAPER_FROM} WHERE p.id = ?`);
  const manyById = db.prepare(`SELECT ${PAPER_COLUMNS} FROM ${PAPER_FROM} WHERE p.id IN (SELECT value FROM json_each(?))`);
  const upsertBatch = createPaperUpserter(db);
  const upsert = db.transaction((input: PaperInput) => upsertBatch([input])[0]!);
  const upsertMany = db.transaction(upsertBatch);

  const byOrg = db.prepare(`SELECT ${PAPER_COLUMNS} FROM ${PAPER_FROM} WHERE o.name = ?
    ORDER BY coalesce(p.published_at, '') DESC, p.rowid DESC LIMIT ? OFFSET ?`);
  const byOrgCount = db.prepare('SELECT count(*) AS n FROM papers p JOIN organizations o ON o.id = p.organization_id WHERE o.name = ?');
  const featured = db.prepare(`SELECT d.date, u.id AS user_id, u.username, u.fullname, u.avatar_url FROM daily_entries d
    JOIN papers p ON p.rowid = d.paper_rowid LEFT JOIN users u ON u.id = d.submitted_by WHERE p.id = ? ORDER BY d.date DESC`);

  return {
    async get(id) {
      const row = byId.get(id) as PaperRow | undefined;
      return row && rowToPaper(row);
    },
    async getMany(ids) {
      if (!ids.length) return [];
      const rows = manyById.all(JSON.stringify(ids)) as PaperRow[];
      const byKey = new Map(rows.map((r) => [r.id as string, rowToPaper(r)]));
      return ids.flatMap((id) => byKey.get(id) ?? []);
    },
    async upsert(input) {
      return upsert.immediate(input);
    },
    async upsertMany(inputs) {
      return upsertMany.immediate(inputs);
    },
    async count() {
      return (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    },
    async listByOrganization(orgName, page) {
      const total = (byOrgCount.get(orgName) as { n: number }).n;
      return { total, papers: (byOrg.all(orgName, page.limit, page.offset) as PaperRow[]).map(rowToPaper) };
    },
    async featuredOn(id) {
      return (featured.all(id) as PaperRow[]).map((r) => ({
        date: r.date as string,
        submittedBy: r.user_id === null ? undefined : { id: r.user_id as number, username: r.username as string, fullname: (r.fullname as string | null) ?? undefined },
      }));
    },
  };
}
