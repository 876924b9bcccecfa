import type { CommunityDeps } from '../community/communityDeps.ts';
import type { Account } from '../community/types.ts';
import type { SearchContext } from '../search/searchContext.ts';

/** Who calls the MCP server: anonymous (read-only), or the account behind a personal access token. */
export interface McpCaller {
  account: Account;
  /** The token's secret, kept to check its scope when a tool writes. */
  token: string;
}

/**
 * What the MCP tools and resources need, built per HTTP request (the caller comes from its Bearer token) or once
 * for a stdio session; the use cases get the store, config and clock from `cd`.
 */
export interface McpDeps {
  cd: CommunityDeps;
  /** The server's (or the stdio session's) search state. */
  search: SearchContext;
  caller?: McpCaller;
  /** Counts a write against the caller's write limit, throwing a 429 HttpError past it; stdio (a local process) has none. */
  countWrite?: (account: Account) => Promise<void>;
}
