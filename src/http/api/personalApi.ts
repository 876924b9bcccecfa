import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { authenticateToken } from '../../community/accounts.ts';
import { viewableCollection } from '../../personal/collections.ts';
import { forYou } from '../../personal/forYou.ts';
import type { Collection } from '../../storage/personalStore.ts';
import type { CommunityHttp } from '../communityHttp.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, notFound } from '../errors.ts';
import type { AppEnv } from '../viewer.ts';
import { parseInput, type ApiRouteDoc } from './apiDoc.ts';
import { apiPaper } from './schemas.ts';
import { toApiPaper } from './serialize.ts';

const whole = (name: string, min: number, max: number, fallback: number) => {
  const msg = `${name} must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: msg }).int(msg).min(min, msg).max(max, msg).default(fallback);
};

/** Query of GET /api/foryou. */
export const forYouQuery = z.object({ limit: whole('limit', 1, 100, 30).describe('How many papers (1–100, default 30).') });
/** Query of GET /api/collections/{id}. */
export const collectionQuery = z.object({
  limit: whole('limit', 1, 1000, 100).describe('How many papers (1–1000, default 100), newest additions first.'),
  offset: whole('offset', 0, 1_000_000, 0).describe('How many papers to skip.'),
});
const collectionParams = z.object({ id: z.string().describe('The collection number, as in /collections/{id}') });

const apiReason = z.object({ kind: z.enum(['alert', 'author', 'org', 'similar', 'category', 'coauthor', 'popular']), text: z.string() });
/** One item of GET /api/foryou: the paper in the Hugging Face shape, why it was picked, and its score. */
export const apiForYouItem = z.object({ paper: apiPaper, reason: apiReason, score: z.number() });
const apiCollectionHead = z.object({ id: z.number().int(), name: z.string(), description: z.string(), owner: z.string(), public: z.boolean(), default: z.boolean(), size: z.number().int(), url: z.string(), updatedAt: z.string() });
/** GET /api/collections/{id}: the collection and a page of its papers with the owner's notes. */
export const apiCollection = apiCollectionHead.extend({ papers: z.array(z.object({ paper: apiPaper, note: z.string(), addedAt: z.string() })) });

/** The personal API: For you, and collections (a personal access token or a signed-in session). */
export const personalApiDocs: ApiRouteDoc[] = [
  { method: 'get', path: '/api/foryou', tag: 'personal', summary: 'Recent papers ranked for the caller from what they saved, upvoted and follow, each with its reason', query: forYouQuery, response: z.array(apiForYouItem), errors: [400, 401, 429], auth: true },
  { method: 'get', path: '/api/collections', tag: 'personal', summary: "The caller's collections (the default one, Saved, holds one-click bookmarks)", response: z.array(apiCollectionHead), errors: [401, 429], auth: true },
  { method: 'get', path: '/api/collections/{id}', tag: 'personal', summary: 'One collection with its papers and notes: public ones for anyone, private ones for their owner', params: collectionParams, query: collectionQuery, response: apiCollection, errors: [400, 404, 429] },
];

/** Registers the endpoints of personalApiDocs. */
export function registerPersonalApi(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const { store, config } = deps;
  /** The caller by personal access token, else by session; undefined when neither. */
  const caller = async (c: Context<AppEnv>): Promise<number | undefined> => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (m) return (await authenticateToken(k.cd, m[1]!))?.id;
    return c.get('viewer')?.id;
  };
  const required = async (c: Context<AppEnv>) => {
    const id = await caller(c);
    if (id === undefined) throw new HttpError(401, 'sign in, or send a personal access token: Authorization: Bearer pw_… (create one in your settings)');
    return id;
  };
  const head = (col: Collection): z.infer<typeof apiCollectionHead> => ({
    id: col.id,
    name: col.name,
    description: col.description,
    owner: col.ownerUsername,
    public: col.isPublic,
    default: col.isDefault,
    size: col.size,
    url: `${config.baseUrl}/collections/${col.id}`,
    updatedAt: col.updatedAt,
  });
  const privately = { 'Cache-Control': 'private, no-store' };

  app.get('/api/foryou', async (c) => {
    const userId = await required(c);
    const { limit } = parseInput(forYouQuery, c.req.query());
    const picks = await forYou(store, userId, { today: deps.today(), limit, search: deps.search });
    return c.json(picks.map((p) => ({ paper: toApiPaper(p.paper), reason: p.reason, score: Math.round(p.score * 10_000) / 10_000 })), 200, privately);
  });

  app.get('/api/collections', async (c) => {
    const userId = await required(c);
    await store.personal.defaultCollection(userId);
    return c.json((await store.personal.collectionsOf(userId)).map(head), 200, privately);
  });

  app.get('/api/collections/:id', async (c) => {
    const raw = c.req.param('id');
    if (!/^\d{1,15}$/.test(raw)) throw notFound('That collection');
    const col = await viewableCollection(store, await caller(c), Number(raw));
    const page = parseInput(collectionQuery, c.req.query());
    const { items } = await store.personal.items(col.id, page);
    const body = { ...head(col), papers: items.map((i) => ({ paper: toApiPaper(i.paper), note: i.note, addedAt: i.addedAt })) };
    return c.json(body, 200, col.isPublic ? { 'Cache-Control': 'public, max-age=60' } : privately);
  });
}
