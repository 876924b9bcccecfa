import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { setUpvote } from '../community/votes.ts';
import { upvoteBody } from '../http/api/communityApi.ts';
import { collectionQuery, forYouQuery } from '../http/api/personalApi.ts';
import { addToCollection, viewableCollection } from '../personal/collections.ts';
import { forYou } from '../personal/forYou.ts';
import type { Collection } from '../storage/personalStore.ts';
import { requireAccount, requireWriter } from './mcpAccess.ts';
import type { McpDeps } from './mcpDeps.ts';
import { paperBrief } from './paperBrief.ts';
import { paperRef } from './paperTools.ts';
import { resolvePaper } from './resolvePaper.ts';
import { toolResult } from './toolResult.ts';

const collectionId = z.coerce.number({ error: 'collection_id must be a collection number' }).int('collection_id must be a collection number').positive('collection_id must be a collection number').max(Number.MAX_SAFE_INTEGER, 'collection_id must be a collection number');

/** Input of add_to_collection: the paper, the collection (default: Saved, the bookmarks) and an optional note. */
export const addToCollectionInput = z.object({
  paper_id: paperRef,
  collection_id: collectionId.optional().describe('The collection number from my_collections; leave out for Saved, your bookmarks.'),
  note: z.string().max(2000, 'note must be at most 2000 characters').optional().describe('Your note on the paper in this collection (replaces an earlier one).'),
});

/** Input of my_collections: the API's collection paging, plus which collection (none: the list of collections). */
export const myCollectionsInput = collectionQuery.extend({
  collection_id: collectionId.optional().describe('A collection number: list its papers with your notes. Leave out to list your collections.'),
});

const head = (c: Collection, baseUrl: string) => ({ id: c.id, name: c.name, description: c.description, public: c.isPublic, saved_bookmarks: c.isDefault, size: c.size, url: `${baseUrl}/collections/${c.id}`, updated: c.updatedAt });

/** Registers the tools that act as the token's owner: For you, collections, saving and upvoting. */
export function registerPersonalTools(server: McpServer, deps: McpDeps): void {
  const { store, config, log, today } = deps.cd;

  server.registerTool(
    'for_you',
    {
      title: 'Papers for you',
      description: 'Recent papers ranked for the token owner from what they saved, upvoted and follow, each with the reason it was picked. Needs a personal access token.',
      inputSchema: forYouQuery,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ limit }) =>
      toolResult(log, 'for_you', async () => {
        const account = requireAccount(deps);
        const picks = await forYou(store, account.id, { today: today(), limit, search: deps.search });
        return { papers: picks.map((p) => ({ ...paperBrief(p.paper, config.baseUrl), reason: p.reason.text })) };
      }),
  );

  server.registerTool(
    'my_collections',
    {
      title: 'My collections',
      description: "The token owner's collections (Saved holds their bookmarks), or with collection_id one collection's papers and notes, newest additions first, paged by limit and offset. Needs a personal access token.",
      inputSchema: myCollectionsInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(log, 'my_collections', async () => {
        const account = requireAccount(deps);
        if (args.collection_id === undefined) {
          await store.personal.defaultCollection(account.id);
          return { collections: (await store.personal.collectionsOf(account.id)).map((c) => head(c, config.baseUrl)) };
        }
        const col = await viewableCollection(store, account.id, args.collection_id);
        const { items } = await store.personal.items(col.id, { limit: args.limit, offset: args.offset });
        const more = args.offset + items.length < col.size;
        return { ...head(col, config.baseUrl), offset: args.offset, ...(more ? { next_offset: args.offset + items.length } : {}), papers: items.map((i) => ({ ...paperBrief(i.paper, config.baseUrl), note: i.note, added: i.addedAt })) };
      }),
  );

  server.registerTool(
    'add_to_collection',
    {
      title: 'Save a paper to a collection',
      description: 'Saves a paper to one of the token owner\'s collections (Saved, the bookmarks, unless collection_id says another), with an optional note. Needs a personal access token with write access.',
      inputSchema: addToCollectionInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(log, 'add_to_collection', async () => {
        const account = await requireWriter(deps, false);
        const paper = await resolvePaper(store, args.paper_id);
        const id = args.collection_id ?? (await store.personal.defaultCollection(account.id)).id;
        const status = await addToCollection(store, account.id, id, paper.id, args.note);
        const col = (await store.personal.collection(id))!;
        return { status, paper: paper.id, collection: head(col, config.baseUrl) };
      }),
  );

  server.registerTool(
    'upvote',
    {
      title: 'Upvote a paper',
      description: 'Upvotes a paper as the token owner (up=false takes the upvote back); answers the new count. Needs a personal access token with write access; counts against the write limit.',
      inputSchema: z.object({ id: paperRef, ...upvoteBody.shape }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, up }) =>
      toolResult(log, 'upvote', async () => {
        const account = await requireWriter(deps, true);
        const paper = await resolvePaper(store, id);
        return { paper: paper.id, ...(await setUpvote(deps.cd, account, paper.id, up)) };
      }),
  );
}
