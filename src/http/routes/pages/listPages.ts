import type { Context, Hono } from 'hono';
import { parseDay, parseMonth, parseWeek, periodLabel, shiftPeriod, type Period } from '../../../feed/periods.ts';
import { listTrending } from '../../../feed/trending.ts';
import { shortDate } from '../../../views/format.ts';
import { listView, trendingView } from '../../../views/listView.ts';
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

  const renderPeriod = async (c: Context<AppEnv>, period: Period, revision = store.revision()) => {
    const page = pageNumber(c.req.query('p'));
    const key = `${period.kind}:${period.key}:${page}:${deps.today()}`;
    const render = async (viewer?: Viewer) => {
      const { entries, total } = await store.daily.list(period, 'upvotes', { limit: LIST_PAGE_SIZE, offset: page * LIST_PAGE_SIZE });
      const latest = await store.daily.latestDate();
      let prev: { href: string; label: string } | undefined;
      let next: { href: string; label: string } | undefined;
      if (period.kind === 'day') {
        const n = await store.daily.neighbours(period.key);
        prev = n.prev ? { href: `/papers/date/${n.prev}`, label: shortDate(n.prev) } : undefined;
        next = n.next ? { href: `/papers/date/${n.next}`, label: shortDate(n.next) } : undefined;
      } else {
        const [p, nx] = [shiftPeriod(period, -1), shiftPeriod(period, 1)];
        prev = { href: `/papers/${period.kind}/${p.key}`, label: periodLabel(p) };
        next = { href: `/papers/${period.kind}/${nx.key}`, label: periodLabel(nx) };
      }
      const vote = viewer && (await viewerVotes(store, viewer, entries.map((e) => e.paper)));
      return listView({ period, entries, total, page, pageSize: LIST_PAGE_SIZE, prev, next, today: deps.today(), latest, vote }, viewer && accountMenu(viewer)).value;
    };
    const viewer = c.get('viewer');
    if (viewer) return c.body(await render(viewer), 200, PRIVATE_PAGE);
    const cached = await cache.get(key, revision, () => render());
    return sendCached(c, cached, HTML);
  };

  // The newest day with papers changes only with a write: `/`, the busiest page, looks it up once per revision.
  let newest: { revision: number; period: Period } | undefined;
  const latestDay = async (c: Context<AppEnv>) => {
    const revision = store.revision();
    if (newest?.revision !== revision) {
      const latest = await store.daily.latestDate();
      newest = latest ? { revision, period: parseDay(latest)! } : undefined; // no papers: today, which moves at midnight
    }
    return renderPeriod(c, newest?.period ?? parseDay(deps.today())!, revision);
  };
  app.get('/', latestDay);
  app.get('/papers', latestDay);

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
    const cached = await cache.get(`trending:${page}:${deps.today()}`, store.revision(), () => render());
    return sendCached(c, cached, HTML);
  });
}
