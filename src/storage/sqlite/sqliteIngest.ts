import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Db } from '../database.ts';
import type { IngestStore } from '../ingestStore.ts';
import { toRun, type RunRow } from '../ingestRows.ts';
import { createPaperUpserter } from './paperUpserter.ts';

/** The SQLite implementation of IngestStore. */
export function createIngestStore(db: Db): IngestStore {
  const upsertPaper = createPaperUpserter(db);
  const getCursor = db.prepare('SELECT cursor FROM ingest_cursors WHERE source = ?').pluck();
  const setCursor = db.prepare(`INSERT INTO ingest_cursors (source, cursor) VALUES (?, ?)
    ON CONFLICT(source) DO UPDATE SET cursor = excluded.cursor, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`);
  const deleteCursor = db.prepare('DELETE FROM ingest_cursors WHERE source = ?');
  const ensureUser = db.prepare('INSERT INTO users (username) VALUES (?) ON CONFLICT(username) DO NOTHING');
  // exact match: a submitter differing only in case from an existing user is credited to no one
  const userId = db.prepare('SELECT id FROM users WHERE username = ? COLLATE BINARY').pluck();
  const feature = db.prepare(`INSERT INTO daily_entries (date, paper_rowid, submitted_by, position)
    SELECT @date, rowid, @user, coalesce(@position, (SELECT coalesce(max(position), 0) + 1 FROM daily_entries WHERE date = @date))
    FROM papers WHERE id = @id ON CONFLICT DO NOTHING`);
  const insertRun = db.prepare('INSERT INTO ingest_runs (source) VALUES (?)');
  const abandon = db.prepare(`UPDATE ingest_runs SET status = 'failed', message = ?, errors = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE source = ? AND status = 'running'`);
  const progress = db.prepare(`UPDATE ingest_runs SET read = @read, new = @new, updated = @updated, unchanged = @unchanged,
    skipped = @skipped, requests = @requests WHERE id = @id`);
  const finish = db.prepare(`UPDATE ingest_runs SET read = @read, new = @new, updated = @updated, unchanged = @unchanged,
    skipped = @skipped, requests = @requests, status = @status, message = @message, errors = @errors,
    finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = @id`);
  const last = db.prepare(`SELECT r.* FROM ingest_runs r JOIN (SELECT source, max(id) AS id FROM ingest_runs GROUP BY source) m ON m.id = r.id
    ORDER BY r.id DESC`);
  const recent = db.prepare('SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?');
  const gateAt = db.prepare('SELECT next_at_ms FROM ingest_gate WHERE name = ?').pluck();
  const gateSet = db.prepare(`INSERT INTO ingest_gate (name, next_at_ms) VALUES (?, ?)
    ON CONFLICT(name) DO UPDATE SET next_at_ms = max(next_at_ms, excluded.next_at_ms)`);

  const commit = db.transaction((source: string, items: Parameters<IngestStore['commit']>[1], cursor?: string) => {
    let featured = 0;
    const results = upsertPaper(items.map((item) => item.paper));
    items.forEach((item, i) => {
      for (const f of item.featured ?? []) {
        let user: number | null = null;
        if (f.submittedBy) {
          ensureUser.run(f.submittedBy);
          user = (userId.get(f.submittedBy) as number | undefined) ?? null;
        }
        featured += feature.run({ date: f.date, user, position: f.position ?? null, id: results[i]!.id }).changes;
      }
    });
    if (cursor !== undefined) setCursor.run(source, cursor);
    return { statuses: results.map((r) => r.status), featured };
  });

  const reserve = db.transaction((gate: string, intervalMs: number, now: number) => {
    const next = (gateAt.get(gate) as number | undefined) ?? 0;
    const sendAt = Math.max(now, next);
    gateSet.run(gate, sendAt + intervalMs);
    return sendAt - now;
  });

  return {
    async cursor(source) {
      return (getCursor.get(source) as string | undefined) ?? undefined;
    },
    async commit(source, items, cursor) {
      return commit.immediate(source, items, cursor);
    },
    async clearCursor(source) {
      deleteCursor.run(source);
    },
    async bulkWrites() {
      if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return async () => {};
      const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
      const worker = new Worker(new URL('./checkpointWorker.mjs', import.meta.url), { workerData: { path: db.name, everyMs: 100 } });
      db.pragma('wal_autocheckpoint = 0');
      return async () => {
        db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
        const exited = once(worker, 'exit');
        worker.postMessage('stop');
        await exited;
      };
    },
    async abandonRuns(source, message) {
      return abandon.run(message, JSON.stringify([message]), source).changes;
    },
    async startRun(source) {
      return Number(insertRun.run(source).lastInsertRowid);
    },
    async updateRun(id, counts, end) {
      if (!end) progress.run({ id, ...counts });
      else finish.run({ id, ...counts, status: end.status, message: end.message ?? null, errors: JSON.stringify(end.errors ?? []) });
    },
    async lastRuns() {
      return (last.all() as RunRow[]).map(toRun);
    },
    async recentRuns(limit) {
      return (recent.all(limit) as RunRow[]).map(toRun);
    },
    async reserveSlot(gate, intervalMs, nowMs = Date.now()) {
      return reserve.immediate(gate, intervalMs, nowMs);
    },
    async holdGate(gate, untilMs) {
      gateSet.run(gate, Math.round(untilMs));
    },
  };
}
