import type { Db } from '../database.ts';
import type { QueuedPaper, SearchIndexStore, SearchTask, StoredVector, VectorChange, VectorFeedStep } from '../searchIndexStore.ts';

const int8 = (b: Buffer) => new Int8Array(b.buffer, b.byteOffset, b.byteLength);
const PAGE = `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, coalesce(p.abstract, '') AS abstract`;

/** The SQLite implementation of SearchIndexStore: vectors as int8 blobs, the work queue, the active model. */
export function createSearchIndexStore(db: Db): SearchIndexStore {
  const queued = db.prepare(`${PAGE} FROM search_queue q JOIN papers p ON p.rowid = q.paper_rowid
    WHERE q.task = ? AND q.paper_rowid > ? ORDER BY q.paper_rowid LIMIT ?`);
  const queuedCount = db.prepare('SELECT count(*) FROM search_queue WHERE task = ?').pluck();
  const dequeue = db.prepare('DELETE FROM search_queue WHERE task = ? AND paper_rowid IN (SELECT value FROM json_each(?))');
  const putVector = db.prepare('INSERT OR REPLACE INTO paper_vectors (model, paper_rowid, scale, vector) VALUES (?, ?, ?, ?)');
  const vectorPage = db.prepare(`SELECT v.paper_rowid AS rowid, p.id AS id, v.scale AS scale, v.vector AS vector
    FROM paper_vectors v JOIN papers p ON p.rowid = v.paper_rowid
    WHERE v.model = ? AND v.paper_rowid > ? AND p.withdrawn_at IS NULL ORDER BY v.paper_rowid LIMIT ?`);
  const lastVectorChange = db.prepare('SELECT coalesce(max(seq), 0) FROM vector_changes').pluck();
  const firstVectorChange = db.prepare('SELECT coalesce(min(seq), 0) FROM vector_changes').pluck();
  const vectorChanges = db.prepare(`SELECT c.seq, c.paper_id AS named, c.paper_rowid AS rowid, p.id AS id, p.withdrawn_at AS withdrawn,
      v.scale AS scale, v.vector AS vector
    FROM vector_changes c LEFT JOIN papers p ON p.rowid = c.paper_rowid
    LEFT JOIN paper_vectors v ON v.model = ? AND v.paper_rowid = c.paper_rowid
    WHERE c.seq > ? ORDER BY c.seq LIMIT ?`);
  const pruneVectorChanges = db.prepare('DELETE FROM vector_changes WHERE seq <= (SELECT max(seq) FROM vector_changes) - ?');
  type ChangeRow = { seq: number; named: string; rowid: number; id: string | null; withdrawn: string | null; scale: number | null; vector: Buffer | null };
  const toChange = (r: ChangeRow): VectorChange => ({
    seq: r.seq,
    named: r.named,
    current: r.id !== null && r.withdrawn === null && r.vector !== null ? { id: r.id, rowid: r.rowid, scale: r.scale!, vector: int8(r.vector) } : undefined,
  });
  const vectorCount = db.prepare('SELECT count(*) FROM paper_vectors WHERE model = ?').pluck();
  const getState = db.prepare('SELECT value FROM search_state WHERE key = ?').pluck();
  const setState = db.prepare('INSERT INTO search_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const requeue = db.prepare('INSERT OR IGNORE INTO search_queue (task, paper_rowid) SELECT ?, rowid FROM papers');
  const setKeywords = db.prepare('UPDATE papers SET ai_keywords = ? WHERE rowid = ?');
  const unsummarized = db.prepare(`${PAGE} FROM papers p INDEXED BY papers_unsummarized
    WHERE p.ai_summary IS NULL AND p.abstract IS NOT NULL AND p.rowid NOT IN (SELECT value FROM json_each(?)) ORDER BY p.rowid DESC LIMIT ?`);
  const setSummary = db.prepare('UPDATE papers SET ai_summary = ? WHERE rowid = ? AND ai_summary IS NULL');

  const putVectors = db.transaction((model: string, rows: StoredVector[]): VectorFeedStep => {
    // the write lock is held from BEGIN IMMEDIATE: every change after `after` until COMMIT is this transaction's
    const after = lastVectorChange.get() as number;
    for (const r of rows) putVector.run(model, r.rowid, r.scale, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength));
    dequeue.run('embed', JSON.stringify(rows.map((r) => r.rowid)));
    return { after, changes: (vectorChanges.all(model, after, -1) as ChangeRow[]).map(toChange) };
  });
  const putKeywords = db.transaction((rows: { rowid: number; keywords: string[] }[]) => {
    for (const r of rows) setKeywords.run(JSON.stringify(r.keywords), r.rowid);
    dequeue.run('keywords', JSON.stringify(rows.map((r) => r.rowid)));
  });
  const useModel = db.transaction((model: string): 'same' | 'changed' => {
    if (getState.get('embedding_model') === model) return 'same';
    setState.run('embedding_model', model);
    requeue.run('embed');
    return 'changed';
  });

  return {
    async queued(task: SearchTask, limit: number, afterRowid = 0) {
      return queued.all(task, afterRowid, limit) as QueuedPaper[];
    },
    async queuedCount(task) {
      return queuedCount.get(task) as number;
    },
    async putVectors(model, rows) {
      return putVectors.immediate(model, rows);
    },
    async vectors(model, afterRowid, limit) {
      return (vectorPage.all(model, afterRowid, limit) as { rowid: number; id: string; scale: number; vector: Buffer }[]).map((r) => ({
        rowid: r.rowid,
        id: r.id,
        scale: r.scale,
        vector: int8(r.vector),
      }));
    },
    vectorChanges(model) {
      return {
        async lastChange() {
          return lastVectorChange.get() as number;
        },
        async firstChange() {
          return firstVectorChange.get() as number;
        },
        async changesSince(seq, limit) {
          return (vectorChanges.all(model, seq, limit) as ChangeRow[]).map(toChange);
        },
        async prune(keep) {
          return pruneVectorChanges.run(keep).changes;
        },
      };
    },
    async vectorCount(model) {
      return vectorCount.get(model) as number;
    },
    async useModel(model) {
      return useModel.immediate(model);
    },
    async dropOtherModels(model) {
      return db.prepare('DELETE FROM paper_vectors WHERE model <> ?').run(model).changes;
    },
    async requeueAll(task) {
      return requeue.run(task).changes;
    },
    async putKeywords(rows) {
      putKeywords.immediate(rows);
    },
    async unsummarized(limit, skip = []) {
      return unsummarized.all(JSON.stringify(skip), limit) as QueuedPaper[];
    },
    async putSummary(rowid, summary) {
      setSummary.run(summary, rowid);
    },
  };
}
