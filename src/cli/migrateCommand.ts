import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../storage/database.ts';
import { migrate, schemaState } from '../storage/migrate.ts';

/** `paperwire migrate`: applies pending migrations and says what it did. */
export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    const applied = migrate(db);
    const { current } = schemaState(db);
    process.stdout.write(applied.length ? `applied migrations ${applied.join(', ')}; schema at version ${current}\n` : `schema already at version ${current}\n`);
    return 0;
  } finally {
    db.close();
  }
}
