import { loadConfig } from '../config/config.ts';
import { migrateStore } from '../storage/openStore.ts';

/** `paperwire migrate`: applies pending migrations (SQLite or PostgreSQL, as configured) and says what it did. */
export async function migrateCommand(): Promise<number> {
  const { applied, current } = await migrateStore(loadConfig());
  process.stdout.write(applied.length ? `applied migrations ${applied.join(', ')}; schema at version ${current}\n` : `schema already at version ${current}\n`);
  return 0;
}
