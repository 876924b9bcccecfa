import type { Db } from './database.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

/** Raised when the database was written by a newer paperwire: running older code on it could corrupt data. */
export class SchemaAheadError extends Error {
  constructor(readonly current: number, readonly latest: number) {
    super(`the database schema is at version ${current}, but this paperwire knows only up to ${latest}: upgrade paperwire, or restore a backup made by this version`);
  }
}

/** Raised when the schema is behind and the caller asked not to migrate automatically. */
export class SchemaBehindError extends Error {
  constructor(readonly current: number, readonly latest: number) {
    super(`the database schema is at version ${current}, this paperwire needs ${latest}: run \`paperwire migrate\``);
  }
}

/** Where the database stands against the code: the version it has and the newest this build knows. */
export function schemaState(db: Db, migrations: Migration[] = allMigrations): { current: number; latest: number } {
  const current = Number(db.pragma('user_version', { simple: true }));
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  return { current, latest };
}

/** Applies the pending migrations in order, each in its own transaction; returns the versions applied. */
export function migrate(db: Db, migrations: Migration[] = allMigrations): number[] {
  const { current, latest } = schemaState(db, migrations);
  if (current > latest) throw new SchemaAheadError(current, latest);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}

/** Refuses to go on unless the schema matches the code exactly: the check the server makes before it listens. */
export function assertSchemaCurrent(db: Db, migrations: Migration[] = allMigrations): void {
  const { current, latest } = schemaState(db, migrations);
  if (current > latest) throw new SchemaAheadError(current, latest);
  if (current < latest) throw new SchemaBehindError(current, latest);
}
