import type { Context, Hono } from 'hono';
import { isoWeekOf, parseDay, parseMonth, parseWeek, periodLabel, type Period } from '../../../feed/periods.ts';
import { MIN_RECENT_PAPERS } from '../../../feed/recentSpan.ts';
import { listTrending } from '../../../feed/trending.ts';
import { shortDate } from '../../../views/format.ts';
import { listView, trendingView, type ListViewModel } from '../../../views/listView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { badRequest } from '../../errors.ts';
import { pageNumber } from '../../pageParams.ts';
import { HTML, sendCached } from '../../respond.ts';
import { PRIVATE_PAGE, viewerVotes } from '../../viewerVotes.ts';
import { accountMenu } from '../../../views/accountMenu.ts';
import type { Viewer } from '../../viewer.ts';

/** Cards per page on list pages. */
export const LIST_PAGE_SIZE = 50;

/** The daily, weekly, monthly and trending pages, and `/` (the newest day with papers). */
export function registerListPages(app: Hono<AppEnv>, deps: AppDeps): void {
  const { store, cache } = deps;

  const renderPeriod = async (c: Context<AppEnv>, period: Period, front = false, revision = store.revision('lists')) => {
    const page = pageNumber(c.req.query('p'));
    const key = `${front ? 'front' : period.kind}:${period.key}:${page}:${deps.today()}`;
    const render = async (viewer?: Viewer) => {
      const { entries, total } = await store.daily.list(period, 'upvotes', { limit: LIST_PAGE_SIZE, offset: page * LIST_PAGE_SIZE });
      const latest = await store.daily.latestDate();
      // prev/next skip empty stretches: the nearest day (or the week or month holding it) that has papers
      const [before, after] = await Promise.all([store.daily.neighbours(period.from), store.daily.neighbours(period.to)]);
      const link = (day: string | undefined) => {
        if (!day) return undefined;
        const p = period.kind === 'day' ? parseDay(day)! : period.kind === 'week' ? parseWeek(isoWeekOf(day))! : parseMonth(day.slice(0, 7))!;
        return { href: `/papers/${period.kind === 'day' ? 'date' : period.kind}/${p.key}`, label: period.kind === 'day' ? shortDate(day) : periodLabel(p) };
      };
      const prev = link(before.prev);
      const next = link(after.next);
      // a young instance: when the newest day is thin, the front page goes on with the previous day that has papers
      let earlier: ListViewModel['earlier'];
      if (front && page === 0 && total < MIN_RECENT_PAPERS && before.prev) {
        const more = await store.daily.list(parseDay(before.prev)!, 'upvotes', { limit: LIST_PAGE_SIZE, offset: 0 });
        earlier = { date: before.prev, entries: more.entries, total: more.total };
      }
      const shown = [...entries, ...(earlier?.entries ?? [])].map((e) => e.paper);
      const vote = viewer && (await viewerVotes(store, viewer, shown));
      return listView({ period, entries, total, page, pageSize: LIST_PAGE_SIZE, prev, next, today: deps.today(), latest, vote, earlier }, viewer && accountMenu(viewer)).value;
    };
    const viewer = c.get('viewer');
    if (viewer) return c.body(await render(viewer), 200, PRIVATE_PAGE);
    const cached = await cache.get(key, revision, () => render());
    return sendCached(c, cached, HTML);
  };

  // The newest day with papers changes only with a write: `/`, the busiest page, looks it up once per revision.
  let newest: { revision: number; period: Period } | undefined;
  const latestDay = async (c: Context<AppEnv>) => {
    const revision = store.revision('lists');
    if (newest?.revision !== revision) {
      const latest = await store.daily.latestDate();
      newest = latest ? { revision, period: parseDay(latest)! } : undefined; // no papers: today, which moves at midnight
    }
    return renderPeriod(c, newest?.period ?? parseDay(deps.today())!, true, revision);
  };
  app.get('/', latestDay);
  // the list pages' calendar: /papers?date=YYYY-MM-DD goes to that day
  app.get('/papers', (c) => {
    const date = c.req.query('date');
    if (date === undefined) return latestDay(c);
    if (!parseDay(date)) throw badRequest('the date must be a real day written YYYY-MM-DD, for example 2025-12-25');
    return c.redirect(`/papers/date/${date}`, 302);
  });

  app.get('/papers/date/:date', (c) => {
    const period = parseDay(c.req.param('date'));
    if (!period) throw badRequest('the date must be a real day written YYYY-MM-DD, for example 2025-12-25');
    return renderPeriod(c, period);
  });
  app.get('/papers/week/:week', (c) => {
    const period = parseWeek(c.req.param('week'));
    if (!period) throw badRequest('the week must be an ISO week written YYYY-Www, for example 2025-W52');
    return renderPeriod(c, period);
  });
  app.get('/papers/month/:month', (c) => {
    const period = parseMonth(c.req.param('month'));
    if (!period) throw badRequest('the month must be written YYYY-MM, for example 2025-12');
    return renderPeriod(c, period);
  });

  app.get('/papers/trending', async (c) => {
    const page = pageNumber(c.req.query('p'));
    const render = async (viewer?: Viewer) => {
      const { entries, asOf } = await listTrending(store, { days: deps.config.trendingDays, limit: LIST_PAGE_SIZE, offset: page * LIST_PAGE_SIZE, today: deps.today() });
      const vote = viewer && (await viewerVotes(store, viewer, entries.map((e) => e.paper)));
      return trendingView(entries, asOf, deps.config.trendingDays, viewer && accountMenu(viewer), vote).value;
    };
    const viewer = c.get('viewer');
    if (viewer) return c.body(await render(viewer), 200, PRIVATE_PAGE);
    const cached = await cache.get(`trending:${page}:${deps.today()}`, store.revision('lists'), () => render());
    return sendCached(c, cached, HTML);
  });
}
