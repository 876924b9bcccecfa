import type { IngestStore } from '../ingestStore.ts';
import { toRun, type RunRow } from '../ingestRows.ts';
import { lockKey, type PgDb, type Sql } from './pgDb.ts';
import { LOCKS, PAPER_WRITE } from './pgLocks.ts';
import { upsertPapers } from './pgPaperUpserter.ts';

const GATE_SET = `INSERT INTO ingest_gate (name, next_at_ms) VALUES ($1, $2)
  ON CONFLICT (name) DO UPDATE SET next_at_ms = greatest(ingest_gate.next_at_ms, excluded.next_at_ms)`;

/**
 * Puts a batch's featured papers on their days' lists in three round trips whatever the batch holds: submitters
 * created and looked up together (credited only under their exact username: a name differing in case from an
 * existing user is credited to no one), papers' rowids looked up together, then every entry in order by
 * pw_feature_papers (migration 11) under the days' locks. Returns how many entries were added.
 */
async function featureBatch(sql: Sql, items: Parameters<IngestStore['commit']>[1], ids: string[]): Promise<number> {
  const entries = items.flatMap((item, i) => (item.featured ?? []).map((f) => ({ ...f, id: ids[i]! })));
  if (!entries.length) return 0;
  const names = [...new Set(entries.flatMap((e) => (e.submittedBy ? [e.submittedBy] : [])))];
  const users = new Map<string, number>();
  if (names.length) {
    await sql.run('INSERT INTO users (username) SELECT unnest($1::text[]) ON CONFLICT (username) DO NOTHING', [names]);
    for (const r of await sql.rows<{ id: number; username: string }>('SELECT id, username::text AS username FROM users WHERE username::text = ANY($1::text[])', [names])) users.set(r.username, r.id);
  }
  const rowids = new Map((await sql.rows<{ id: string; rowid: number }>('SELECT id, rowid FROM papers WHERE id = ANY($1::text[])', [[...new Set(entries.map((e) => e.id))]])).map((r) => [r.id, r.rowid]));
  const placed = entries.filter((e) => rowids.has(e.id));
  if (!placed.length) return 0;
  const locks = [...new Set(placed.map((e) => e.date))].sort().map((d) => lockKey(LOCKS.day(d)));
  const row = await sql.one<{ n: number }>('SELECT pw_feature_papers($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::int[]) AS n', [
    locks,
    placed.map((e) => e.date),
    placed.map((e) => rowids.get(e.id)!),
    placed.map((e) => (e.submittedBy ? (users.get(e.submittedBy) ?? null) : null)),
    placed.map((e) => e.position ?? null),
  ]);
  return row!.n;
}

/** The PostgreSQL implementation of IngestStore. */
export function createPgIngestStore(db: PgDb): IngestStore {
  return {
    async cursor(source) {
      return (await db.one<{ cursor: string }>('SELECT cursor FROM ingest_cursors WHERE source = $1', [source]))?.cursor;
    },
    async commit(source, items, cursor) {
      const done = await db.tx(async (sql) => {
        const results = await upsertPapers(sql, items.map((item) => item.paper));
        const featured = await featureBatch(sql, items, results.map((r) => r.id));
        if (cursor !== undefined) {
          await sql.run(
            'INSERT INTO ingest_cursors (source, cursor) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = pw_now()',
            [source, cursor],
          );
        }
        return { statuses: results.map((r) => r.status), featured };
      }, PAPER_WRITE);
      if (done.featured) db.bumped(); // entries added by a function called in a SELECT: counted here
      return done;
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
