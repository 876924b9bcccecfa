import { existsSync } from 'node:fs';
import { loadConfig } from '../config/config.ts';
import { parseCommandArgs, UsageError } from './parseArgs.ts';
import { TargetNotEmptyError } from '../storage/storeErrors.ts';

const USAGE = 'usage: paperwire db copy --to postgres://user:password@host:5432/name [--batch-rows N]';

/**
 * `paperwire db copy --to postgres://…`: moves this instance's SQLite database (PAPERWIRE_DATA_DIR) into an empty
 * PostgreSQL database, streaming, resumable (run it again after an interruption), every table's count checked.
 * Stop the servers first; afterwards set PAPERWIRE_DATABASE_URL to the target. `--batch-rows` sets how many rows
 * each committed batch holds (2,000 by default; fewer means less to redo after an interruption).
 */
export async function dbCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'copy') throw new UsageError(USAGE);
  const { values } = parseCommandArgs(rest, { to: { type: 'string' }, 'batch-rows': { type: 'string' } }, false);
  const batchRows = values['batch-rows'] === undefined ? undefined : Number(values['batch-rows']);
  if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows > 0)) throw new UsageError(`--batch-rows must be a positive whole number\n${USAGE}`);
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) throw new UsageError('--to must be a postgres:// URL (postgres://user:password@host:5432/name)');
  const config = loadConfig();
  if (!existsSync(config.databasePath)) throw new UsageError(`there is no SQLite database at ${config.databasePath}`);
  const { copySqliteToPostgres } = await import('../storage/copyInstance.ts');
  let copied = 0;
  const report = await copySqliteToPostgres(config.databasePath, values.to, {
    batchRows,
    onBatch: (table, rows) => {
      copied += rows;
      process.stderr.write(`\rcopying ${table}: ${copied} rows so far`);
    },
  }).catch((err: unknown) => Promise.reject(err instanceof TargetNotEmptyError ? new UsageError(err.message) : err));
  process.stderr.write('\n');
  for (const t of report.tables) process.stdout.write(`${t.name.padEnd(24)} ${t.rows}\n`);
  process.stdout.write(`copied ${report.tables.length} tables${report.resumed ? ' (resumed)' : ''}; every count matches. Now set PAPERWIRE_DATABASE_URL to the target and start the servers.\n`);
  return 0;
}
