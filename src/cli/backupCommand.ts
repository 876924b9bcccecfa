import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../storage/database.ts';
import { schemaState } from '../storage/migrate.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

/**
 * `paperwire backup FILE`: a consistent copy of the live database through SQLite's online backup API, safe
 * while the server and jobs keep writing: the pages are copied in one step, inside one read transaction, so
 * the copy is a single snapshot and a steady stream of writes cannot restart it.
 * The copy is checked with `PRAGMA integrity_check` before the command reports success.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { force: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError('usage: paperwire backup FILE [--force]');
  const target = resolve(positionals[0]!);
  const config = loadConfig();
  if (config.databaseUrl) return pgToolsHint('backup', `pg_dump --format=custom --file=${shellQuote(target)} --dbname="$PAPERWIRE_DATABASE_URL"`);
  if (!existsSync(config.databasePath)) throw new UsageError(`there is no database at ${config.databasePath}`);
  if (target === resolve(config.databasePath)) throw new UsageError('the backup cannot overwrite the live database');
  if (existsSync(target)) {
    if (!values.force) throw new UsageError(`${target} already exists (use --force to replace it)`);
    rmSync(target);
  }
  const db = openDatabase(config.databasePath, { readonly: true });
  try {
    // All remaining pages in one step: copied in small steps, a busy writer restarts the copy forever.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const check = checkDatabaseFile(target);
  if (!check.ok) {
    process.stderr.write(`paperwire backup: the copy failed its check: ${check.problem}\n`);
    return 1;
  }
  process.stdout.write(`backed up ${config.databasePath} to ${target}: ${statSync(target).size} bytes, schema version ${check.version}, ${check.papers} papers, integrity ok\n`);
  return 0;
}

/**
 * On PostgreSQL, backups and restores are the operator's usual tools (pg_dump, pg_restore, or the managed
 * service's snapshots): says so with the exact command and exits 2, since nothing was done.
 */
export function pgToolsHint(command: 'backup' | 'restore', exact: string): number {
  process.stderr.write(
    `paperwire ${command}: this instance keeps its data in PostgreSQL (PAPERWIRE_DATABASE_URL); ${command === 'backup' ? 'back it up' : 'restore it'} with PostgreSQL's own tools:\n  ${exact}\n`,
  );
  return 2;
}

/** A path quoted for a POSIX shell, for commands printed to copy. */
export function shellQuote(text: string): string {
  return /^[\w./:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What a database file holds and whether it is sound: the check both backup and restore make. */
export function checkDatabaseFile(path: string): { ok: true; version: number; papers: number } | { ok: false; problem: string } {
  let db;
  try {
    db = openDatabase(path, { readonly: true });
  } catch (err) {
    return { ok: false, problem: `cannot open it as a SQLite database (${(err as Error).message})` };
  }
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    if (integrity.length !== 1 || integrity[0] !== 'ok') return { ok: false, problem: `integrity check: ${integrity.slice(0, 5).join('; ')}` };
    const { current, latest } = schemaState(db);
    if (current === 0) return { ok: false, problem: 'it holds no paperwire schema' };
    if (current > latest) return { ok: false, problem: `its schema is at version ${current}, ahead of this paperwire (${latest}): upgrade paperwire first` };
    const papers = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'papers'").pluck().get()
      ? (db.prepare('SELECT count(*) FROM papers').pluck().get() as number)
      : 0;
    return { ok: true, version: current, papers };
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  } finally {
    db.close();
  }
}
