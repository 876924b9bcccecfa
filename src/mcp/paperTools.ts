import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { dailyPapers, requestedPeriod } from '../feed/dailyPapers.ts';
import { toMarkdown } from '../export/paperMarkdown.ts';
import { dailyPapersQuery, paperParams, searchQuery } from '../http/api/schemas.ts';
import { similarQuery } from '../http/api/similarApi.ts';
import type { DailyEntry } from '../model/paper.ts';
import { searchWithParams } from '../search/searchWithParams.ts';
import { similarPapers } from '../search/semantic/similarPapers.ts';
import type { McpDeps } from './mcpDeps.ts';
import { paperBrief } from './paperBrief.ts';
import { resolvePaper } from './resolvePaper.ts';
import { toolResult } from './toolResult.ts';

/** The paper reference tools take: the API's paper id, also accepted as an arXiv or paperwire URL. */
export const paperRef = paperParams.shape.id.min(1, 'id is required').max(300, 'id must be at most 300 characters').describe('The paper: arXiv id (2401.01234), arXiv URL (https://arxiv.org/abs/2401.01234v2), paperwire URL or id (pw-…)');

const READ = { readOnlyHint: true, openWorldHint: false } as const;

/** A page of list entries as tools answer it, with the next page's number when there may be more. */
function listPage(deps: McpDeps, entries: DailyEntry[], page: { p: number; limit: number }, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    page: page.p,
    ...(entries.length === page.limit ? { next_page: page.p + 1 } : {}),
    papers: entries.map((e) => paperBrief(e.paper, deps.cd.config.baseUrl, e.date)),
  };
}

/** Registers the tools anyone may call: search, one paper, daily lists, trending, similar papers. */
export function registerPaperTools(server: McpServer, deps: McpDeps): void {
  const { store, config, log, today } = deps.cd;

  server.registerTool(
    'search_papers',
    {
      title: 'Search papers',
      description:
        'Search the papers of this paperwire instance, by words and by meaning. q takes the query language of the site: "exact phrases", -excluded words, title:, author:, org:, cat:cs.CL, year:2025, date:2025-12, after:/before:, has:code, sort:date|upvotes. Returns one page of short entries (id, title, authors, dates, upvotes, a short abstract); page on with offset. Call get_paper for one paper in full.',
      inputSchema: searchQuery,
      annotations: READ,
    },
    (args) =>
      toolResult(log, 'search_papers', async () => {
        const r = await searchWithParams(deps.search, args);
        const more = args.offset + r.papers.length < r.total;
        return { total: r.total, ...(r.totalExact ? {} : { total_is_estimate: true }), mode: r.mode, offset: args.offset, ...(more ? { next_offset: args.offset + r.papers.length } : {}), papers: r.papers.map((p) => paperBrief(p, config.baseUrl)) };
      }),
  );

  server.registerTool(
    'get_paper',
    {
      title: 'Get one paper',
      description: 'One paper in full, as Markdown: title, authors, organization, publication date, upvotes, links (arXiv, PDF, code, project page) and the whole abstract. Takes an arXiv id or URL, or a paperwire id or URL.',
      inputSchema: z.object({ id: paperRef }),
      annotations: READ,
    },
    ({ id }) => toolResult(log, 'get_paper', async () => toMarkdown(await resolvePaper(store, id), config.baseUrl)),
  );

  server.registerTool(
    'daily_papers',
    {
      title: 'Daily, weekly or monthly papers',
      description:
        'The papers the community featured on a day (date), an ISO week (week) or a month (month); without any of them, the newest day that has papers. sort=trending orders by upvotes. Pages of `limit` entries from p=0; next_page is set while there may be more.',
      inputSchema: dailyPapersQuery,
      annotations: READ,
    },
    (args) =>
      toolResult(log, 'daily_papers', async () => {
        const period = requestedPeriod(args);
        const q = period ? args : { ...args, date: (await store.daily.latestDate()) ?? today() };
        const entries = await dailyPapers(store, q, { trendingDays: config.trendingDays, today: today() });
        const shown = requestedPeriod(q)!;
        return listPage(deps, entries, args, { period: { kind: shown.kind, key: shown.key, from: shown.from, to: shown.to } });
      }),
  );

  server.registerTool(
    'trending',
    {
      title: 'Trending papers',
      description: `Papers featured in the last ${config.trendingDays} days, ranked by upvotes decayed with age (the site's trending list). Pages of \`limit\` entries from p=0.`,
      inputSchema: dailyPapersQuery.pick({ p: true, limit: true }),
      annotations: READ,
    },
    (args) =>
      toolResult(log, 'trending', async () => {
        const entries = await dailyPapers(store, { ...args, sort: 'trending' }, { trendingDays: config.trendingDays, today: today() });
        return listPage(deps, entries, args);
      }),
  );

  server.registerTool(
    'similar_papers',
    {
      title: 'Similar papers',
      description: "Papers closest in meaning to one paper (the paper page's similar papers), as short entries.",
      inputSchema: z.object({ id: paperRef, ...similarQuery.shape }),
      annotations: READ,
    },
    ({ id, limit }) =>
      toolResult(log, 'similar_papers', async () => {
        const paper = await resolvePaper(store, id);
        const papers = await similarPapers(deps.search, paper.id, limit);
        return { of: paper.id, papers: papers.map((p) => paperBrief(p, config.baseUrl)) };
      }),
  );
}
