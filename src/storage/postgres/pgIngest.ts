import type { IngestRun, IngestStore } from '../ingestStore.ts';
import { lockKey, type PgDb } from './pgDb.ts';
import { LOCKS, PAPER_WRITE } from './pgLocks.ts';
import { featurePaper } from './pgPapers.ts';
import { upsertPapers } from './pgPaperUpserter.ts';

type RunRow = Record<string, string | number | null>;

const toRun = (r: RunRow): IngestRun => ({
  id: r.id as number,
  source: r.source as string,
  startedAt: r.started_at as string,
  finishedAt: (r.finished_at as string | null) ?? undefined,
  status: r.status as IngestRun['status'],
  read: r.read as number,
  new: r.new as number,
  updated: r.updated as number,
  unchanged: r.unchanged as number,
  skipped: r.skipped as number,
  requests: r.requests as number,
  message: (r.message as string | null) ?? undefined,
  errors: JSON.parse(r.errors as string),
});

const GATE_SET = `INSERT INTO ingest_gate (name, next_at_ms) VALUES ($1, $2)
  ON CONFLICT (name) DO UPDATE SET next_at_ms = greatest(ingest_gate.next_at_ms, excluded.next_at_ms)`;

/** The PostgreSQL implementation of IngestStore. */
export function createPgIngestStore(db: PgDb): IngestStore {
  return {
    async cursor(source) {
      return (await db.one<{ cursor: string }>('SELECT cursor FROM ingest_cursors WHERE source = $1', [source]))?.cursor;
    },
    async commit(source, items, cursor) {
      return db.tx(async (sql) => {
        let featured = 0;
        const results = await upsertPapers(sql, items.map((item) => item.paper));
        for (const [i, item] of items.entries()) {
          for (const f of item.featured ?? []) {
            let user: number | null = null;
            if (f.submittedBy) {
              await sql.run('INSERT INTO users (username) VALUES ($1) ON CONFLICT (username) DO NOTHING', [f.submittedBy]);
              // exact match (username is citext): a submitter differing only in case from an existing user is credited to no one
              user = (await sql.one<{ id: number }>('SELECT id FROM users WHERE username::text = $1', [f.submittedBy]))?.id ?? null;
            }
            const paper = await sql.one<{ rowid: number }>('SELECT rowid FROM papers WHERE id = $1', [results[i]!.id]);
            if (paper) featured += await featurePaper(sql, f.date, paper.rowid, user, f.position ?? null);
          }
        }
        if (cursor !== undefined) {
          await sql.run(
            'INSERT INTO ingest_cursors (source, cursor) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = pw_now()',
            [source, cursor],
          );
        }
        return { statuses: results.map((r) => r.status), featured };
      }, PAPER_WRITE);
    },
    async clearCursor(source) {
      await db.run('DELETE FROM ingest_cursors WHERE source = $1', [source]);
    },
    async bulkWrites() {
      // Nothing to tune: PostgreSQL checkpoints in its own process, and bulk inserts are logged per statement by triggers.
      return async () => {};
    },
    async abandonRuns(source, message) {
      return db.run("UPDATE ingest_runs SET status = 'failed', message = $1, errors = $2, finished_at = pw_now() WHERE source = $3 AND status = 'running'", [message, JSON.stringify([message]), source]);
    },
    async startRun(source) {
      return (await db.one<{ id: number }>('INSERT INTO ingest_runs (source) VALUES ($1) RETURNING id', [source]))!.id;
    },
    async updateRun(id, counts, end) {
      const base = [id, counts.read, counts.new, counts.updated, counts.unchanged, counts.skipped, counts.requests];
      const set = 'read = $2, new = $3, updated = $4, unchanged = $5, skipped = $6, requests = $7';
      if (!end) await db.run(`UPDATE ingest_runs SET ${set} WHERE id = $1`, base);
      else {
        await db.run(`UPDATE ingest_runs SET ${set}, status = $8, message = $9, errors = $10, finished_at = pw_now() WHERE id = $1`, [
          ...base, end.status, end.message ?? null, JSON.stringify(end.errors ?? []),
        ]);
      }
    },
    async lastRuns() {
      return (await db.rows<RunRow>('SELECT DISTINCT ON (source) * FROM ingest_runs ORDER BY source, id DESC')).sort((a, b) => (b.id as number) - (a.id as number)).map(toRun);
    },
    async recentRuns(limit) {
      return (await db.rows<RunRow>('SELECT * FROM ingest_runs ORDER BY id DESC LIMIT $1', [limit])).map(toRun);
    },
    async reserveSlot(gate, intervalMs, nowMs = Date.now()) {
      // The gate's row is read and pushed by one process at a time (its advisory lock), as SQLite's BEGIN IMMEDIATE did.
      return db.tx(async (sql) => {
        await sql.run('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(LOCKS.gate(gate))]);
        const next = (await sql.one<{ next_at_ms: number }>('SELECT next_at_ms FROM ingest_gate WHERE name = $1', [gate]))?.next_at_ms ?? 0;
        const sendAt = Math.max(nowMs, next);
        await sql.run(GATE_SET, [gate, sendAt + intervalMs]);
        return sendAt - nowMs;
      });
    },
    async holdGate(gate, untilMs) {
      await db.run(GATE_SET, [gate, Math.round(untilMs)]);
    },
  };
}
