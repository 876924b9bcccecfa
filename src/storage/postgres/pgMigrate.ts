import type { Migration } from '../migrations/index.ts';
import { SchemaAheadError, SchemaBehindError } from '../storeErrors.ts';
import { pgMigrations } from './migrations/index.ts';
import { openPgDb, type PgDb, type Sql } from './pgDb.ts';

/** The advisory lock migrations run under, so that servers starting together migrate once. */
const MIGRATE_LOCK = 'migrate';

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

async function applied(sql: Sql): Promise<Set<number>> {
  const exists = await sql.one<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists?.t) return new Set();
  return new Set((await sql.rows<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
}

/** Where the PostgreSQL database stands against the code (as schemaState does for SQLite). */
export async function pgSchemaState(sql: Sql, migrations: Migration[] = pgMigrations): Promise<{ current: number; latest: number; pending: Migration[] }> {
  const done = await applied(sql);
  const current = Math.max(0, ...done);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const pending = migrations.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
  return { current, latest, pending };
}

/**
 * Applies the pending migrations, each in its own transaction with its ledger row, every one under the
 * advisory lock MIGRATE_LOCK: a server that waited on the lock finds the ledger already moved and applies
 * nothing twice. Refuses when the database is ahead of this code.
 */
export async function pgMigrate(db: PgDb, migrations: Migration[] = pgMigrations): Promise<number[]> {
  const done: number[] = [];
  for (;;) {
    const next = await db.tx(async (sql) => {
      const { current, latest, pending } = await pgSchemaState(sql, migrations);
      if (current > latest) throw new SchemaAheadError(current, latest);
      const m = pending[0];
      if (!m) return undefined;
      await sql.run(LEDGER);
      await sql.run(m.sql);
      await sql.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return m.version;
    }, [MIGRATE_LOCK]);
    if (next === undefined) return done;
    done.push(next);
  }
}

/** Refuses to go on unless the schema matches the code exactly. */
export async function pgAssertSchemaCurrent(sql: Sql, migrations: Migration[] = pgMigrations): Promise<void> {
  const { current, latest, pending } = await pgSchemaState(sql, migrations);
  if (current > latest) throw new SchemaAheadError(current, latest);
  if (pending.length) throw new SchemaBehindError(current, latest);
}

/** `paperwire migrate` on PostgreSQL: migrates the database at `url` and reports where it stands. */
export async function migratePgUrl(url: string): Promise<{ applied: number[]; current: number }> {
  const db = await openPgDb(url, { max: 2 });
  try {
    const applied = await pgMigrate(db);
    return { applied, current: (await pgSchemaState(db)).current };
  } finally {
    await db.pool.end();
  }
}
