import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { authenticateToken } from '../community/accounts.ts';
import type { CommunityDeps } from '../community/communityDeps.ts';
import { loadConfig } from '../config/config.ts';
import { isoDay } from '../feed/periods.ts';
import { loadDemoCorpus } from '../ingest/demoCorpus.ts';
import { createLogger } from '../logging/logger.ts';
import { createMailer } from '../mail/mailer.ts';
import { createMcpServer } from '../mcp/mcpServer.ts';
import { createSearchContext } from '../search/searchContext.ts';
import { searchJobs } from '../search/searchJobs.ts';
import { describeStore, openStore } from '../storage/openStore.ts';
import { parseCommandArgs } from './parseArgs.ts';

/**
 * `paperwire mcp`: the MCP server on stdin/stdout for an assistant that starts paperwire itself, over the local
 * database. It acts as the owner of PAPERWIRE_MCP_TOKEN when set (anonymous and read-only otherwise); stdout
 * carries only the protocol, logs go to stderr. It runs until the assistant closes stdin.
 */
export async function mcpCommand(args: string[]): Promise<number> {
  parseCommandArgs(args, {}, false);
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (!config.mcp) {
    process.stderr.write('paperwire mcp: the MCP endpoint is turned off (PAPERWIRE_MCP=false)\n');
    return 2;
  }
  const store = await openStore(config, { migrate: config.autoMigrate });
  try {
    if (config.loadDemo && (await store.papers.count()) === 0) await loadDemoCorpus(store);
    const cd: CommunityDeps = { store, config, log, mailer: createMailer(config, log), today: () => isoDay(new Date()) };
    const account = config.mcpToken ? await authenticateToken(cd, config.mcpToken) : undefined;
    if (config.mcpToken && !account) {
      process.stderr.write('paperwire mcp: PAPERWIRE_MCP_TOKEN is not a valid personal access token (unknown, revoked, or its account suspended)\n');
      return 2;
    }
    const search = createSearchContext(store);
    searchJobs(search, config, log); // attaches semantic search as `serve` does; the jobs themselves run in `serve`
    const server = createMcpServer({ cd, search, caller: account && { account, token: config.mcpToken! } });
    const transport = new StdioServerTransport();
    // The assistant ends the session by closing stdin (then SIGTERM, which ends the process the default way: SQLite's
    // journal keeps the database whole).
    const closed = new Promise<void>((resolve) => process.stdin.once('end', resolve));
    await server.connect(transport);
    log.info('paperwire MCP server on stdio', { database: describeStore(config), as: account?.username ?? 'anonymous' });
    await closed;
    await server.close();
    await search.warmUp; // a first embedding of a small instance finishes before the store closes (SIGTERM ends it sooner)
    return 0;
  } finally {
    store.close();
  }
}
