import { createReadStream, existsSync } from 'node:fs';
import { loadConfig } from '../config/config.ts';
import { importPapers, type ImportSummary } from '../ingest/importPapers.ts';
import { openSqliteStore } from '../storage/sqlite/sqliteStore.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

/** Prints an import summary: counts, then each skipped line with its number and reason. */
export function formatSummary(s: ImportSummary): string {
  const head = `read ${s.read}, new ${s.new}, updated ${s.updated}, unchanged ${s.unchanged}, featured ${s.featured}, skipped ${s.skipped.length}`;
  const skipped = s.skipped.slice(0, 50).map((x) => `  line ${x.line}: ${x.reason}`);
  if (s.skipped.length > 50) skipped.push(`  … and ${s.skipped.length - 50} more`);
  return [head, ...skipped].join('\n') + '\n';
}

/** `paperwire import FILE`: imports papers from JSON lines; malformed lines are reported and skipped. */
export async function importCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('usage: paperwire import FILE   (JSON lines; - reads stdin)');
  if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const config = loadConfig();
  const store = openSqliteStore(config.databasePath, { migrate: config.autoMigrate });
  try {
    const summary = await importPapers(store, file === '-' ? process.stdin : createReadStream(file));
    process.stdout.write(formatSummary(summary));
    return summary.read > 0 && summary.skipped.length === summary.read ? 1 : 0;
  } finally {
    store.close();
  }
}
