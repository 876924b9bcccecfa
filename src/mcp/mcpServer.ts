import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from './mcpDeps.ts';
import { registerPaperResources } from './paperResources.ts';
import { registerPaperTools } from './paperTools.ts';
import { registerPersonalTools } from './personalTools.ts';

const INSTRUCTIONS = `paperwire is a research-paper discovery site: daily lists of papers picked and upvoted by a community, trending papers, search, collections.
Use search_papers to find papers (the site's query language works in q), daily_papers and trending for what is new, get_paper for one paper's full Markdown, similar_papers for related work.
With a personal access token: for_you (recommendations), my_collections, add_to_collection and upvote (writes need a token with write access).`;

/**
 * The MCP server of paperwire: tools and resources over the same use cases as the API, acting for `deps.caller`.
 * Cheap to build, so the HTTP endpoint builds one per request (stateless) and `paperwire mcp` one per process.
 */
export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer({ name: 'paperwire', title: 'paperwire', version: '0.1.0', websiteUrl: deps.cd.config.baseUrl }, { instructions: INSTRUCTIONS });
  registerPaperTools(server, deps);
  registerPersonalTools(server, deps);
  registerPaperResources(server, deps);
  return server;
}
