import { existsSync, readdirSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../storage/database.ts';
import { checkDatabaseFile, pgToolsHint, shellQuote } from './backupCommand.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

/**
 * Processes other than this one holding `path` (or its -wal/-shm) open, found through /proc on Linux;
 * null where /proc cannot tell (another system): restore then relies on the operator having stopped the server.
 */
export function processesHolding(path: string): number[] | null {
  if (!existsSync('/proc/self/fd')) return null;
  const wanted = new Set([path, `${path}-wal`, `${path}-shm`].map((p) => resolve(p)));
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) {
          pids.push(Number(entry));
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return pids;
}

/**
 * `paperwire restore FILE`: checks a backup (integrity, a paperwire schema not ahead of this code) and puts it in
 * place of the database, keeping the old one beside it. Refuses while any process (a running server, a job) has
 * the database open: stop `paperwire serve` first. The restored schema is migrated when the server next starts.
 */
export async function restoreCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  if (positionals.length !== 1) throw new UsageError('usage: paperwire restore FILE');
  const source = resolve(positionals[0]!);
  const config = loadConfig();
  if (config.databaseUrl) {
    return pgToolsHint('restore', `pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$PAPERWIRE_DATABASE_URL" ${shellQuote(source)}`);
  }
  if (!existsSync(source)) throw new UsageError(`no such file: ${source}`);
  const live = resolve(config.databasePath);
  if (source === live) throw new UsageError('that file is the live database itself');
  const check = checkDatabaseFile(source);
  if (!check.ok) {
    process.stderr.write(`paperwire restore: refusing ${source}: ${check.problem}\n`);
    return 1;
  }
  const holders = processesHolding(live);
  if (holders?.length) {
    process.stderr.write(`paperwire restore: the database is open in process ${holders.join(', ')} (a running server or job); stop it first\n`);
    return 1;
  }
  const staging = join(dirname(live), `.${basename(live)}.restoring`);
  rmSync(staging, { force: true });
  const from = openDatabase(source, { readonly: true });
  try {
    await from.backup(staging, { progress: () => 0x7fffffff }); // a clean single-file copy, whatever journal state the backup was left in
  } finally {
    from.close();
  }
  let keptAs = '';
  if (existsSync(live)) {
    const old = openDatabase(live); // folds the write-ahead log into the file, so the kept copy is whole
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    keptAs = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(live, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(live + suffix, { force: true });
  renameSync(staging, live);
  process.stdout.write(`restored ${source} (schema version ${check.version}, ${check.papers} papers) to ${live}${keptAs ? `; the previous database is kept as ${keptAs}` : ''}\n`);
  return 0;
}
