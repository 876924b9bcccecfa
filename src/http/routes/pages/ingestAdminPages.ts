import type { Hono } from 'hono';
import { ingestAdminView } from '../../../views/ingestAdminView.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import type { AppEnv } from '../../viewer.ts';

/** `/admin/ingest`: each ingestion source's last run, counts and errors; admins only. */
export function registerIngestAdminPages(app: Hono<AppEnv>, deps: AppDeps, k?: CommunityHttp): void {
  app.get('/admin/ingest', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login?next=/admin/ingest', 303);
    if (viewer.role !== 'admin') throw new HttpError(403, 'Only administrators can see ingestion runs');
    const [last, recent] = await Promise.all([deps.store.ingest.lastRuns(), deps.store.ingest.recentRuns(30)]);
    const { categories, sources, everyMs, contact } = deps.config.ingest;
    const page = ingestAdminView({ last, recent, schedule: { categories, sources, everyMs, contact }, account: k?.menu(c) });
    return c.body(page.value, 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' });
  });
}
