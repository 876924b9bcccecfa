import { ConfigError } from '../config/config.ts';
import { SchemaAheadError, SchemaBehindError, StoreUnavailableError } from '../storage/storeErrors.ts';
import { UsageError } from './parseArgs.ts';

/** A CLI command: takes its arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

/** A command loaded when it runs, so that each command pays only for its own modules (imports count memory). */
const lazy =
  <K extends string>(load: () => Promise<Record<K, Command>>, name: K): Command =>
  async (args) => (await load())[name](args);

const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: lazy(() => import('./serveCommand.ts'), 'serveCommand'), help: 'serve the web app and API (loads the demo corpus into an empty database)' },
  import: { run: lazy(() => import('./importCommand.ts'), 'importCommand'), help: 'import papers from FILE: paperwire JSON lines, Kaggle arXiv snapshot or HF daily_papers (--format; .gz; - for stdin)' },
  ingest: { run: lazy(() => import('./ingestCommand.ts'), 'ingestCommand'), help: 'fetch papers from arXiv (arxiv API, oai, rss, all) politely and resumably; status shows the last runs' },
  migrate: { run: lazy(() => import('./migrateCommand.ts'), 'migrateCommand'), help: 'bring the database schema up to date' },
  search: { run: lazy(() => import('./searchCommand.ts'), 'searchCommand'), help: 'search papers with the query language of the web page (--mode, --sort, --limit, --json)' },
  reindex: { run: lazy(() => import('./reindexCommand.ts'), 'reindexCommand'), help: 're-embed papers with the configured model and re-extract keywords, with a progress bar (--embeddings, --keywords)' },
  config: { run: lazy(() => import('./configCommand.ts'), 'configCommand'), help: 'print the effective configuration, secrets redacted' },
  digest: { run: lazy(() => import('./digestCommand.ts'), 'digestCommand'), help: 'send the digests due today (--dry-run, --to ADDRESS, --period day|week, --date, --alerts)' },
  backup: { run: lazy(() => import('./backupCommand.ts'), 'backupCommand'), help: 'copy the live database to FILE with the SQLite online backup API, safe while the server runs (--force)' },
  restore: { run: lazy(() => import('./restoreCommand.ts'), 'restoreCommand'), help: 'check the backup FILE (integrity, schema) and put it in place of the database; stop the server first' },
  mcp: { run: lazy(() => import('./mcpCommand.ts'), 'mcpCommand'), help: 'the MCP server for AI assistants on stdio, over the local database (PAPERWIRE_MCP_TOKEN: act as a token\'s owner)' },
  db: { run: lazy(() => import('./dbCommand.ts'), 'dbCommand'), help: 'db copy --to postgres://…: move this SQLite instance into an empty PostgreSQL database (resumable, counts checked)' },
  user: { run: lazy(() => import('./userCommand.ts'), 'userCommand'), help: 'create accounts (the first admin: user create NAME --email E --admin) and change roles' },
};

/** Usage text for `paperwire help`. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `usage: paperwire <command> [options]\n\ncommands:\n${Object.entries(COMMANDS)
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v.help}`)
    .join('\n')}\n\nConfiguration comes from PAPERWIRE_* environment variables; see \`paperwire config\`.\n`;
}

/** Entry point of the `paperwire` command: dispatches, and turns known failures into a message and an exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`paperwire: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof SchemaAheadError || err instanceof SchemaBehindError || err instanceof StoreUnavailableError || err instanceof UsageError) {
      process.stderr.write(`paperwire ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

export { UsageError };
