import type { Config } from '../config/config.ts';
import { redactUrlPassword } from '../config/config.ts';
import type { Store } from './store.ts';

/**
 * The server's SQLite connections' page cache (issue 20): a served search reads a few dozen rows, which the kernel's page
 * cache holds anyway, while 64 MB per connection filled with the keyword job's reads of paper texts and stayed
 * resident — 55 MB of the server's growth after queries at 1M papers.
 */
export const SERVE_PAGE_CACHE_MB = 8;

/** The part of the configuration that picks and locates the database. */
export type StoreConfig = Pick<Config, 'databasePath' | 'databaseUrl'>;

/** Which backend a configuration names: PostgreSQL when PAPERWIRE_DATABASE_URL is set, else the SQLite file. */
export function storeBackend(config: StoreConfig): 'sqlite' | 'postgres' {
  return config.databaseUrl ? 'postgres' : 'sqlite';
}

/** Where the data lives, fit for a log line (a PostgreSQL URL without its password). */
export function describeStore(config: StoreConfig): string {
  return config.databaseUrl ? redactUrlPassword(config.databaseUrl) : config.databasePath;
}

/**
 * Opens the Store the configuration names: the one place that chooses a backend, so that the server, every CLI
 * command and the jobs run unchanged on SQLite or PostgreSQL. With `migrate: true` pending migrations run first;
 * either way the store refuses to open when the schema does not match this code. `poolSize` bounds a
 * PostgreSQL pool (a worker thread's own connection takes a small one); `pageCacheMb` bounds a SQLite connection's
 * page cache (the server keeps it small: see SERVE_PAGE_CACHE_MB; PostgreSQL's cache is the server's). Each backend is loaded only
 * when chosen (a SQLite instance never loads the PostgreSQL driver).
 */
export async function openStore(config: StoreConfig, options: { migrate?: boolean; revisionPerTurn?: boolean; poolSize?: number; pageCacheMb?: number } = {}): Promise<Store> {
  if (config.databaseUrl) {
    const { openPgStore } = await import('./postgres/pgStore.ts');
    return openPgStore(config.databaseUrl, { migrate: options.migrate, poolSize: options.poolSize });
  }
  const { openSqliteStore } = await import('./sqlite/sqliteStore.ts');
  return openSqliteStore(config.databasePath, options);
}

/** Applies the pending migrations of the configured database; returns the versions applied and where the schema now stands. */
export async function migrateStore(config: StoreConfig): Promise<{ applied: number[]; current: number }> {
  if (config.databaseUrl) {
    const { migratePgUrl } = await import('./postgres/pgMigrate.ts');
    return migratePgUrl(config.databaseUrl);
  }
  const [{ openDatabase }, { migrate, schemaState }] = await Promise.all([import('./database.ts'), import('./migrate.ts')]);
  const db = openDatabase(config.databasePath);
  try {
    const applied = migrate(db);
    return { applied, current: schemaState(db).current };
  } finally {
    db.close();
  }
}
