import type { LexicalStore } from '../lexicalStore.ts';
import type { QueuedPaper, SearchIndexStore, VectorChange } from '../searchIndexStore.ts';
import { countedAs, type PgDb } from './pgDb.ts';
import { LOCKS } from './pgLocks.ts';
import { toDoc, type DocRow } from '../lexicalRows.ts';

const PAGE = `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, coalesce(p.abstract, '') AS abstract`;
const toBuffer = (v: Int8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const toInt8 = (b: Buffer) => new Int8Array(b.buffer, b.byteOffset, b.byteLength);

type ChangeRow = { seq: number; named: string; rowid: number; id: string | null; withdrawn: string | null; scale: number | null; vector: Buffer | null };
const toChange = (r: ChangeRow): VectorChange => ({
  seq: r.seq,
  named: r.named,
  current: r.id !== null && r.withdrawn === null && r.vector !== null ? { id: r.id, rowid: r.rowid, scale: r.scale!, vector: toInt8(r.vector) } : undefined,
});

/** A model's vector changes after a seq with each paper's state now, oldest first; a null limit reads them all. */
const CHANGES_SINCE = `SELECT c.seq, c.paper_id AS named, c.paper_rowid AS rowid, p.id AS id, p.withdrawn_at AS withdrawn, v.scale AS scale, v.vector AS vector
  FROM vector_changes c LEFT JOIN papers p ON p.rowid = c.paper_rowid
  LEFT JOIN paper_vectors v ON v.model = $1 AND v.paper_rowid = c.paper_rowid
  WHERE c.seq > $2 ORDER BY c.seq LIMIT $3`;

/** The PostgreSQL implementation of SearchIndexStore: vectors as int8 bytea, the work queue, the active model. */
export function createPgSearchIndexStore(db: PgDb): SearchIndexStore {
  // vectors, queue rows and search state are bookkeeping; keywords and summaries show on papers' pages only
  const quiet = countedAs(db, 'quiet');
  const annotating = countedAs(db, 'annotations');
  const requeue = (task: string) => quiet.run('INSERT INTO search_queue (task, paper_rowid) SELECT $1, rowid FROM papers ON CONFLICT DO NOTHING', [task]);
  return {
    async queued(task, limit, afterRowid = 0) {
      return db.rows<QueuedPaper>(`${PAGE} FROM search_queue q JOIN papers p ON p.rowid = q.paper_rowid WHERE q.task = $1 AND q.paper_rowid > $3 ORDER BY q.paper_rowid LIMIT $2`, [task, limit, afterRowid]);
    },
    async queuedCount(task) {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM search_queue WHERE task = $1', [task]))!.n;
    },
    async putVectors(model, rows) {
      return quiet.tx(async (sql) => {
        // the change-log lock is held from here to COMMIT: every change after `after` is this transaction's
        const after = (await sql.one<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM vector_changes'))!.n;
        if (!rows.length) return { after, changes: [] };
        await sql.run(
          `INSERT INTO paper_vectors (model, paper_rowid, scale, vector) SELECT $1, * FROM unnest($2::bigint[], $3::float8[], $4::bytea[])
            ON CONFLICT (model, paper_rowid) DO UPDATE SET scale = excluded.scale, vector = excluded.vector`,
          [model, rows.map((r) => r.rowid), rows.map((r) => r.scale), rows.map((r) => toBuffer(r.vector))],
        );
        await sql.run("DELETE FROM search_queue WHERE task = 'embed' AND paper_rowid = ANY($1::bigint[])", [rows.map((r) => r.rowid)]);
        return { after, changes: (await sql.rows<ChangeRow>(CHANGES_SINCE, [model, after, null])).map(toChange) };
      }, [LOCKS.changes]); // the vector feed's triggers take it anyway: taken first, it is never waited for holding row locks
    },
    async vectors(model, afterRowid, limit) {
      const rows = await db.rows<{ rowid: number; id: string; scale: number; vector: Buffer }>(
        `SELECT v.paper_rowid AS rowid, p.id AS id, v.scale AS scale, v.vector AS vector FROM paper_vectors v JOIN papers p ON p.rowid = v.paper_rowid
          WHERE v.model = $1 AND v.paper_rowid > $2 AND p.withdrawn_at IS NULL ORDER BY v.paper_rowid LIMIT $3`,
        [model, afterRowid, limit],
      );
      return rows.map((r) => ({ rowid: r.rowid, id: r.id, scale: r.scale, vector: toInt8(r.vector) }));
    },
    vectorChanges(model) {
      return {
        async lastChange() {
          return (await db.one<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM vector_changes'))!.n;
        },
        async firstChange() {
          return (await db.one<{ n: number }>('SELECT coalesce(min(seq), 0) AS n FROM vector_changes'))!.n;
        },
        async changesSince(seq, limit) {
          const rows = await db.rows<ChangeRow>(CHANGES_SINCE, [model, seq, limit]);
          return rows.map(toChange);
        },
        async prune(keep) {
          return quiet.run('DELETE FROM vector_changes WHERE seq <= (SELECT max(seq) FROM vector_changes) - $1', [keep]);
        },
      };
    },
    async vectorCount(model) {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM paper_vectors WHERE model = $1', [model]))!.n;
    },
    async useModel(model) {
      return quiet.tx(async (sql) => {
        const current = await sql.one<{ value: string }>("SELECT value FROM search_state WHERE key = 'embedding_model'");
        if (current?.value === model) return 'same' as const;
        await sql.run("INSERT INTO search_state (key, value) VALUES ('embedding_model', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [model]);
        await sql.run("INSERT INTO search_queue (task, paper_rowid) SELECT 'embed', rowid FROM papers ON CONFLICT DO NOTHING");
        return 'changed' as const;
      }, ['search-model']);
    },
    async dropOtherModels(model) {
      return quiet.run('DELETE FROM paper_vectors WHERE model <> $1', [model]);
    },
    requeueAll: requeue,
    async putKeywords(rows) {
      if (!rows.length) return;
      await annotating.tx(async (sql) => {
        await sql.run('UPDATE papers p SET ai_keywords = k.keywords FROM unnest($1::bigint[], $2::text[]) AS k(rowid, keywords) WHERE p.rowid = k.rowid', [
          rows.map((r) => r.rowid),
          rows.map((r) => JSON.stringify(r.keywords)),
        ]);
        await sql.run("DELETE FROM search_queue WHERE task = 'keywords' AND paper_rowid = ANY($1::bigint[])", [rows.map((r) => r.rowid)]);
      });
    },
    async unsummarized(limit, skip = []) {
      return db.rows<QueuedPaper>(
        `${PAGE} FROM papers p WHERE p.ai_summary IS NULL AND p.abstract IS NOT NULL AND NOT (p.rowid = ANY($1::bigint[])) ORDER BY p.rowid DESC LIMIT $2`,
        [skip, limit],
      );
    },
    async putSummary(rowid, summary) {
      await annotating.run('UPDATE papers SET ai_summary = $1 WHERE rowid = $2 AND ai_summary IS NULL', [summary, rowid]);
    },
  };
}

const COLUMNS = `p.rowid, p.id, p.title, p.abstract, p.authors, p.categories, p.published_at, p.code_url, p.upvotes, o.name AS org_name`;

/** The PostgreSQL implementation of LexicalStore (the change log is written by the triggers of migration 5). */
export function createPgLexicalStore(db: PgDb): LexicalStore {
  const quiet = countedAs(db, 'quiet');
  return {
    async scan(afterRowid, limit) {
      return (await db.rows<DocRow>(`SELECT ${COLUMNS} FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.rowid > $1 ORDER BY p.rowid LIMIT $2`, [afterRowid, limit])).map(toDoc);
    },
    async lastChange() {
      return (await db.one<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM search_changes'))!.n;
    },
    async firstChange() {
      return (await db.one<{ n: number }>('SELECT coalesce(min(seq), 0) AS n FROM search_changes'))!.n;
    },
    async changesSince(seq, limit) {
      const rows = await db.rows<DocRow & { seq: number; paper_rowid: number; kind: 'upsert' | 'delete' | 'votes' }>(
        `SELECT c.seq, c.paper_rowid, c.kind, ${COLUMNS} FROM search_changes c
          LEFT JOIN papers p ON p.rowid = c.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
          WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
        [seq, limit],
      );
      return rows.map((r) => ({ seq: r.seq, rowid: r.paper_rowid, kind: r.kind, doc: r.id === null ? undefined : toDoc(r) }));
    },
    async prune(keep) {
      return quiet.run('DELETE FROM search_changes WHERE seq <= (SELECT max(seq) FROM search_changes) - $1', [keep]);
    },
  };
}
