import type { Db } from '../database.ts';
import type { LexicalStore } from '../lexicalStore.ts';
import { toDoc, type DocRow as Row } from '../lexicalRows.ts';

const COLUMNS = `p.rowid, p.id, p.title, p.abstract, p.authors, p.categories, p.published_at, p.code_url, p.upvotes, o.name AS org_name`;
const FROM = `papers p LEFT JOIN organizations o ON o.id = p.organization_id`;

/** The SQLite implementation of LexicalStore. */
export function createLexicalStore(db: Db): LexicalStore {
  const scan = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.rowid > ? ORDER BY p.rowid LIMIT ?`);
  const last = db.prepare('SELECT coalesce(max(seq), 0) FROM search_changes').pluck();
  const first = db.prepare('SELECT coalesce(min(seq), 0) FROM search_changes').pluck();
  const changes = db.prepare(`SELECT c.seq, c.paper_rowid, c.kind, ${COLUMNS} FROM search_changes c
    LEFT JOIN papers p ON p.rowid = c.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE c.seq > ? ORDER BY c.seq LIMIT ?`);
  const prune = db.prepare('DELETE FROM search_changes WHERE seq <= (SELECT max(seq) FROM search_changes) - ?');
  return {
    async scan(afterRowid, limit) {
      return (scan.all(afterRowid, limit) as Row[]).map(toDoc);
    },
    async lastChange() {
      return last.get() as number;
    },
    async firstChange() {
      return first.get() as number;
    },
    async changesSince(seq, limit) {
      return (changes.all(seq, limit) as (Row & { seq: number; paper_rowid: number; kind: 'upsert' | 'delete' | 'votes' })[]).map((r) => ({
        seq: r.seq,
        rowid: r.paper_rowid,
        kind: r.kind,
        doc: r.id === null ? undefined : toDoc(r),
      }));
    },
    async prune(keep) {
      return prune.run(keep).changes;
    },
  };
}
