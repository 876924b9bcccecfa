import type { Context, Hono } from 'hono';
import { parseDay, parseMonth, parseWeek, periodLabel, type Period } from '../feed/periods.ts';
import { listTrending } from '../feed/trending.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { AppEnv } from '../http/viewer.ts';
import { searchPapers } from '../search/searchPapers.ts';
import { readToken } from '../digest/tokens.ts';
import { writeAtom } from './atomWriter.ts';
import type { FeedDocument, FeedItem } from './feedTypes.ts';
import { newestUpdate, paperFeedItem } from './paperFeedItem.ts';
import { writeRss } from './rssWriter.ts';
import { conditionalFeedResponse } from './conditionalGet.ts';

/** Entries per feed: a whole day's list, or the top of longer lists. */
export const FEED_SIZE = { day: 100, list: 50 } as const;
const MAX_QUERY = 250;
const FEED_FILE = '{[^/]+\\.(?:rss|atom)}';
/** Text as a URL parameter; lone surrogates (which encodeURIComponent refuses) become U+FFFD. */
const param = (text: string) => encodeURIComponent((text as string & { toWellFormed(): string }).toWellFormed());

type Format = 'rss' | 'atom';
const split = (file: string): { key: string; format: Format } => {
  const dot = file.lastIndexOf('.');
  return { key: file.slice(0, dot), format: file.slice(dot + 1) as Format };
};

/**
 * RSS 2.0 and Atom for every list, at the list's own path plus `.rss` / `.atom` (what the pages advertise for
 * autodiscovery), and the private tokened feed of a saved search. Registered before the page routes, which would
 * otherwise take "2025-12-25.rss" for a date or a paper id.
 */
export function registerFeedRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { store, config, cache } = deps;
  const base = config.baseUrl;
  const respond = conditionalFeedResponse();

  const serve = async (c: Context<AppEnv>, cacheKey: string, format: Format, build: (self: string) => Promise<Omit<FeedDocument, 'self' | 'updated'>>, visibility: 'public' | 'private' = 'public') => {
    const self = `${base}${c.req.path}${c.req.query('q') !== undefined ? `?q=${param(c.req.query('q')!)}` : ''}`;
    const cached = await cache.get(`feed:${format}:${cacheKey}:${deps.today()}`, store.revision('lists'), async () => {
      const doc = await build(self);
      const full: FeedDocument = { ...doc, self, updated: newestUpdate(doc.items) };
      return format === 'rss' ? writeRss(full) : writeAtom(full);
    });
    return respond(c, cached, format, visibility);
  };

  const periodFeed = (parse: (key: string) => Period | undefined, message: string) => async (c: Context<AppEnv>) => {
    const { key, format } = split(c.req.param('file')!);
    const period = parse(key);
    if (!period) throw badRequest(message);
    const pagePath = `/papers/${period.kind === 'day' ? 'date' : period.kind}/${period.key}`;
    return serve(c, pagePath, format, async () => {
      const size = period.kind === 'day' ? FEED_SIZE.day : FEED_SIZE.list;
      const { entries } = await store.daily.list(period, 'upvotes', { limit: size, offset: 0 });
      const label = periodLabel(period);
      return {
        title: `paperwire · Daily Papers · ${label}`,
        description: `Research papers featured ${label}, most upvoted first`,
        link: `${base}${pagePath}`,
        items: entries.map((e) => paperFeedItem(e.paper, base, { appeared: e.date })),
      };
    });
  };
  app.get(`/papers/date/:file${FEED_FILE}`, periodFeed(parseDay, 'the date must be a real day written YYYY-MM-DD, for example 2025-12-25'));
  app.get(`/papers/week/:file${FEED_FILE}`, periodFeed(parseWeek, 'the week must be an ISO week written YYYY-Www, for example 2025-W52'));
  app.get(`/papers/month/:file${FEED_FILE}`, periodFeed(parseMonth, 'the month must be written YYYY-MM, for example 2025-12'));

  for (const format of ['rss', 'atom'] as const) {
    app.get(`/papers/trending.${format}`, (c) =>
      serve(c, 'trending', format, async () => {
        const { entries, asOf } = await listTrending(store, { days: config.trendingDays, limit: FEED_SIZE.list, offset: 0, today: deps.today() });
        return {
          title: 'paperwire · Trending Papers',
          description: `Most upvoted papers of the ${config.trendingDays} days up to ${asOf}, newer papers weighted higher`,
          link: `${base}/papers/trending`,
          items: entries.map((e) => paperFeedItem(e.paper, base, { appeared: e.date })),
        };
      }),
    );

    app.get(`/search.${format}`, (c) => {
      const q = (c.req.query('q') ?? '').replace(/\0/g, '').trim();
      if (!q) throw badRequest('a search feed needs a query: add ?q=your+words');
      if (q.length > MAX_QUERY) throw badRequest(`the query is too long: at most ${MAX_QUERY} characters`);
      return serve(c, `search:${q}`, format, async () => {
        const { papers } = await searchPapers(deps.search, { q, limit: FEED_SIZE.list, interactive: true, total: false });
        return {
          title: `paperwire · Search: ${q}`,
          description: `Papers matching “${q}”`,
          link: `${base}/search?q=${param(q)}`,
          items: papers.map((p) => paperFeedItem(p, base)),
        };
      });
    });
  }

  app.get(`/orgs/:file${FEED_FILE}`, async (c) => {
    const { key, format } = split(c.req.param('file')!);
    const org = await store.organizations.get(key);
    if (!org) throw notFound(`Organization ${key}`);
    return serve(c, `org:${org.name}`, format, async () => {
      const { papers } = await store.papers.listByOrganization(org.name, { limit: FEED_SIZE.list, offset: 0 });
      return {
        title: `paperwire · ${org.fullname}`,
        description: `Papers from ${org.fullname}, newest first`,
        link: `${base}/orgs/${param(org.name)}`,
        items: papers.map((p) => paperFeedItem(p, base)),
      };
    });
  });

  app.get(`/feeds/searches/:file${FEED_FILE}`, async (c) => {
    const { key, format } = split(c.req.param('file')!);
    // links made before per-purpose keys (2 fields) count as feed version 0, so they die at the first rotation
    const fields = readToken(config.secret, 'feed', key, { legacy: true });
    const search = fields && (fields.length === 2 || fields.length === 3) ? await store.savedSearches.get(Number(fields[0])) : undefined;
    if (!search || String(search.userId) !== fields![1] || search.feedVersion !== Number(fields![2] ?? 0)) throw notFound('That feed');
    return serve(
      c,
      `saved:${search.id}:${search.query}`,
      format,
      async () => {
        const hits = await store.savedSearches.recentHits(search.id, FEED_SIZE.list);
        const items: FeedItem[] = hits.map((h) => paperFeedItem(h.paper, base, { appeared: h.foundAt }));
        return {
          title: `paperwire · Saved search: ${search.query}`,
          description: `New papers matching your saved search “${search.query}”`,
          link: `${base}/search?q=${param(search.query)}`,
          items,
        };
      },
      'private',
    );
  });
}
