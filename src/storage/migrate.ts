import type { Db } from './database.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

import { SchemaAheadError, SchemaBehindError } from './storeErrors.ts';

export { SchemaAheadError, SchemaBehindError };

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`;

function appliedVersions(db: Db): Set<number> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return new Set();
  return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
}

/**
 * Where the database stands against the code: the newest version it has applied, the newest this build knows,
 * and the known migrations it has not applied yet (a ledger table records each one, so none is ever skipped).
 */
export function schemaState(db: Db, migrations: Migration[] = allMigrations): { current: number; latest: number; pending: Migration[] } {
  const applied = appliedVersions(db);
  const current = Math.max(0, ...applied);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
  return { current, latest, pending };
}

/** Applies the pending migrations in order, each with its ledger row in its own transaction; returns the versions applied. */
export function migrate(db: Db, migrations: Migration[] = allMigrations): number[] {
  const { current, latest, pending } = schemaState(db, migrations);
  if (current > latest) throw new SchemaAheadError(current, latest);
  db.exec(LEDGER);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
      db.pragma(`user_version = ${Math.max(m.version, Number(db.pragma('user_version', { simple: true })))}`);
    }).immediate();
  }
  return pending.map((m) => m.version);
}

/** Refuses to go on unless the schema matches the code exactly: the check the server makes before it listens. */
export function assertSchemaCurrent(db: Db, migrations: Migration[] = allMigrations): void {
  const { current, latest, pending } = schemaState(db, migrations);
  if (current > latest) throw new SchemaAheadError(current, latest);
  if (pending.length) throw new SchemaBehindError(current, latest);
}
