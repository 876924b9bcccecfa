import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The SQLite handle type used across the storage layer (and nowhere else). */
export type Db = Database.Database;

/** SQLite's page cache per connection unless the opener asks for another size: bulk imports and rebuilds want it large. */
export const DEFAULT_PAGE_CACHE_MB = 64;

/**
 * Opens (creating when needed) a SQLite database tuned for one writer and many readers: WAL, foreign keys, busy
 * wait. `pageCacheMb` bounds the connection's own page cache (pages beyond it are read again from the kernel's).
 */
export function openDatabase(path: string, options: { readonly?: boolean; pageCacheMb?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${Math.round((options.pageCacheMb ?? DEFAULT_PAGE_CACHE_MB) * 1024)}`);
  db.pragma('temp_store = MEMORY');
  return db;
}
