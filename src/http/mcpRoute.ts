import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Hono } from 'hono';
import { authenticateToken } from '../community/accounts.ts';
import { createMcpServer } from '../mcp/mcpServer.ts';
import type { McpCaller } from '../mcp/mcpDeps.ts';
import type { CommunityHttp } from './communityHttp.ts';
import type { AppDeps } from './deps.ts';
import type { AppEnv } from './viewer.ts';

/**
 * POST /mcp: the Model Context Protocol over Streamable HTTP, stateless (a fresh server per request, answered
 * with plain JSON), so one URL is all an assistant needs. The caller is the Bearer token's owner, or anonymous
 * (read-only); session cookies are ignored, so a web page cannot act for a signed-in visitor. The API's rate limit
 * is applied in app.ts. GET and DELETE answer 405: there is no server-initiated stream and no session to end.
 * With PAPERWIRE_MCP=false every method answers 404.
 */
export function registerMcpRoute(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  if (!deps.config.mcp) {
    app.all('/mcp', (c) => c.json({ error: 'the MCP endpoint is turned off on this instance' }, 404));
    return;
  }
  const ownOrigin = new URL(deps.config.baseUrl).origin;

  app.post('/mcp', async (c) => {
    const origin = c.req.header('origin');
    if (origin && origin !== ownOrigin) return c.json({ error: `requests from ${origin.slice(0, 100)} are not accepted` }, 403);
    let caller: McpCaller | undefined;
    const auth = c.req.header('authorization');
    if (auth) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
      const account = bearer ? await authenticateToken(k.cd, bearer[1]!) : undefined;
      if (!account) return c.json({ error: 'unknown or revoked personal access token (Authorization: Bearer pw_…; create one in your settings)' }, 401, { 'WWW-Authenticate': 'Bearer realm="paperwire"' });
      caller = { account, token: bearer![1]! };
    }
    const server = createMcpServer({ cd: k.cd, search: deps.search, caller, countWrite: (account) => k.countWrite(c, account) });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: deps.config.maxBodyBytes });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  app.on(['GET', 'DELETE'], '/mcp', (c) => c.json({ error: 'POST MCP messages to this URL; it keeps no sessions and offers no event stream' }, 405, { Allow: 'POST' }));
}
