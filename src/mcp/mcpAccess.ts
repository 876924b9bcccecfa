import { assertTokenMayWrite } from '../community/accounts.ts';
import type { Account } from '../community/types.ts';
import { HttpError } from '../http/errors.ts';
import type { McpDeps } from './mcpDeps.ts';

/** The caller's account, or a 401 telling the assistant's user how to connect with a personal access token. */
export function requireAccount(deps: McpDeps): Account {
  if (!deps.caller) throw new HttpError(401, 'This tool needs a personal access token: create one in your paperwire settings and configure the assistant to send it (Authorization: Bearer pw_…, or PAPERWIRE_MCP_TOKEN for `paperwire mcp`)');
  return deps.caller.account;
}

/** The caller's account for a write: 401 without a token, 403 with a read-only one, 429 past the write limit. */
export async function requireWriter(deps: McpDeps, counted: boolean): Promise<Account> {
  const account = requireAccount(deps);
  await assertTokenMayWrite(deps.cd, deps.caller!.token);
  if (counted) await deps.countWrite?.(account);
  return account;
}
