import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { toMarkdown } from '../export/paperMarkdown.ts';
import { dailyPapers } from '../feed/dailyPapers.ts';
import { parseDay } from '../feed/periods.ts';
import { HttpError } from '../http/errors.ts';
import type { McpDeps } from './mcpDeps.ts';
import { dailyMarkdown } from './paperBrief.ts';
import { resolvePaper } from './resolvePaper.ts';

const MARKDOWN = 'text/markdown';
/** Papers a daily resource lists: a whole day on any instance (the demo's busiest day has under a hundred). */
const DAY_LIMIT = 100;

/** A refusal from the use cases as the MCP error clients expect for a resource that cannot be read. */
function asMcpError(err: unknown): never {
  if (err instanceof HttpError) throw new McpError(err.status === 404 ? -32002 : ErrorCode.InvalidParams, err.message);
  throw err;
}

/**
 * Registers the resources a client can attach as context: each paper as Markdown (paperwire://papers/{id}, listed
 * for the newest day), the newest daily list (paperwire://daily) and any day's (paperwire://daily/{date}).
 */
export function registerPaperResources(server: McpServer, deps: McpDeps): void {
  const { store, config, today } = deps.cd;
  const day = async (date: string) => {
    const entries = await dailyPapers(store, { date, sort: 'trending', p: 0, limit: DAY_LIMIT }, { trendingDays: config.trendingDays, today: today() });
    return { entries, text: dailyMarkdown(`Papers of ${date}`, entries, config.baseUrl) };
  };
  const newestDay = async () => (await store.daily.latestDate()) ?? today();

  server.registerResource(
    'paper',
    new ResourceTemplate('paperwire://papers/{id}', {
      list: async () => {
        const { entries } = await day(await newestDay());
        return { resources: entries.map((e) => ({ uri: `paperwire://papers/${e.paper.id}`, name: e.paper.title.replace(/\s+/g, ' '), mimeType: MARKDOWN })) };
      },
    }),
    { title: 'A paper', description: 'One paper as Markdown: authors, dates, upvotes, links and abstract.', mimeType: MARKDOWN },
    async (uri, { id }) => {
      const ref = decodeURIComponent(String(Array.isArray(id) ? id[0] : id));
      const paper = await resolvePaper(store, ref).catch(asMcpError);
      return { contents: [{ uri: uri.href, mimeType: MARKDOWN, text: toMarkdown(paper, config.baseUrl) }] };
    },
  );

  server.registerResource('daily', 'paperwire://daily', { title: 'The newest daily papers', description: 'The newest day that has papers, by upvotes, as a Markdown list.', mimeType: MARKDOWN }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: MARKDOWN, text: (await day(await newestDay())).text }],
  }));

  server.registerResource(
    'daily-of-day',
    new ResourceTemplate('paperwire://daily/{date}', { list: undefined }),
    { title: 'The papers of a day', description: 'The papers featured on a day (YYYY-MM-DD), by upvotes, as a Markdown list.', mimeType: MARKDOWN },
    async (uri, { date }) => {
      const d = String(Array.isArray(date) ? date[0] : date);
      if (!parseDay(d)) throw new McpError(ErrorCode.InvalidParams, 'date must be a real day, YYYY-MM-DD');
      return { contents: [{ uri: uri.href, mimeType: MARKDOWN, text: (await day(d)).text }] };
    },
  );
}
