import type { Context, Hono } from 'hono';
import { parseDay } from '../../../feed/periods.ts';
import { writeAtom } from '../../../feeds/atomWriter.ts';
import { FEED_TYPES } from '../../../feeds/conditionalGet.ts';
import { writeRss } from '../../../feeds/rssWriter.ts';
import type { Paper } from '../../../model/paper.ts';
import { collectionBibtex, collectionCsv, collectionFeed, collectionJson } from '../../../personal/collectionExport.ts';
import { addToCollection, createCollection, deleteCollection, markPaper, ownedCollection, removeFromCollection, setSaved, updateCollection, viewableCollection } from '../../../personal/collections.ts';
import { followingDay } from '../../../personal/followingDay.ts';
import { followThing, unfollowThing } from '../../../personal/follows.ts';
import { forYou } from '../../../personal/forYou.ts';
import { importIntoCollection, type ImportReport } from '../../../personal/importEntries.ts';
import { layout } from '../../../views/layout.ts';
import { collectionView, collectionsView, followingView, followsView, forYouView } from '../../../views/personalViews.ts';
import type { SafeHtml } from '../../../views/html.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError, notFound } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import type { AppEnv, Viewer } from '../../viewer.ts';
import { viewerVotes } from '../../viewerVotes.ts';
import { backTo } from './communityPages.ts';

const wantsJson = (c: Context) => (c.req.header('accept') ?? '').includes('application/json');
const FILE = /^(\d{1,15})(?:\.(rss|atom|json|bib|csv))?$/;
const COLLECTION_PAGE = 200;

/** The personal pages: For you, Following, follows, collections (with feeds and exports), save and mark posts. */
export function registerPersonalPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const { store, config } = deps;
  const page = (c: Context<AppEnv>, title: string, body: SafeHtml, status = 200) =>
    c.body(layout({ title, section: title === 'For you' ? 'foryou' : 'other', account: k.menu(c) }, body).value, status as 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' });
  const signIn = (c: Context<AppEnv>) => c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  // the same per-card state as every other list (vote, saved, marks), so signed-in readers can vote here too
  const cardStates = (viewer: Viewer, papers: Paper[]) => viewerVotes(store, viewer, papers);
  const collectionId = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw notFound('That collection');
    return id;
  };

  app.get('/for-you', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return signIn(c);
    const picks = await forYou(store, viewer.id, { today: deps.today(), search: deps.search });
    const signals = (await store.personal.signals(viewer.id, '', 1)).length + (await store.personal.follows(viewer.id)).length;
    return page(c, 'For you', forYouView(picks, await cardStates(viewer, picks.map((p) => p.paper)), signals));
  });

  app.get('/following', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return signIn(c);
    const date = c.req.query('date') || deps.today();
    if (!parseDay(date)) throw new HttpError(400, 'date must be a real day written YYYY-MM-DD');
    const list = await followingDay(store, deps.search, viewer.id, date);
    const follows = (await store.personal.follows(viewer.id)).length;
    return page(c, 'Following', followingView(date, list, await cardStates(viewer, list.map((x) => x.paper)), follows));
  });

  app.get('/follows', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return signIn(c);
    return page(c, 'Follows', followsView(await store.personal.follows(viewer.id), viewer.csrf));
  });
  app.post('/follows', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    if (f.action === 'unfollow') await unfollowThing(store, account.id, f.kind ?? '', f.value ?? '');
    else await followThing(store, account.id, f.kind ?? '', f.value ?? '');
    return c.redirect(backTo(c, '/follows'), 303);
  });

  app.post('/saved/:paperId', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const state = await setSaved(store, account.id, c.req.param('paperId'), f.save !== '0');
    if (wantsJson(c)) return c.json(state);
    return c.redirect(backTo(c, `/collections/${state.collectionId}`), 303);
  });
  app.post('/marks/:paperId', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const state = await markPaper(store, account.id, c.req.param('paperId'), f.kind ?? '', f.on !== '0');
    if (wantsJson(c)) return c.json(state);
    return c.redirect(backTo(c, '/for-you'), 303);
  });

  app.get('/collections', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return signIn(c);
    await store.personal.defaultCollection(viewer.id);
    return page(c, 'Your collections', collectionsView(await store.personal.collectionsOf(viewer.id), viewer.csrf));
  });
  app.post('/collections', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const made = await createCollection(store, account.id, { name: f.name ?? '', description: f.description, isPublic: f.public === '1' });
    return c.redirect(`/collections/${made.id}`, 303);
  });

  // "Add to collection…" from a paper page: the collection is chosen in the form, so the address is fixed
  app.post('/collections/add', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const id = Number(f.collection_id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(400, 'choose a collection');
    const paperId = (f.paper_id ?? '').trim();
    await addToCollection(store, account.id, id, paperId, f.note || undefined);
    return c.redirect(`/papers/${encodeURIComponent(paperId)}?added=1`, 303);
  });

  const showCollection = async (c: Context<AppEnv>, id: number, report?: ImportReport, status = 200) => {
    const viewer = c.get('viewer');
    const col = await viewableCollection(store, viewer?.id, id);
    const { items } = await store.personal.items(id, { limit: COLLECTION_PAGE, offset: 0 });
    const owner = viewer && viewer.id === col.userId ? { csrf: viewer.csrf, report } : undefined;
    const states = viewer ? await cardStates(viewer, items.map((i) => i.paper)) : undefined;
    const body = collectionView(col, items, owner, (p) => states?.(p));
    return c.body(layout({ title: col.name, section: 'other', account: k.menu(c), feeds: col.isPublic ? [{ title: col.name, href: `/collections/${id}.rss`, type: 'rss' }] : [] }, body).value, status as 200, {
      'Content-Type': HTML,
      'Cache-Control': 'no-store',
    });
  };

  app.get('/collections/:file', async (c) => {
    const m = FILE.exec(c.req.param('file'));
    if (!m) throw notFound('That collection');
    const id = Number(m[1]);
    const format = m[2];
    if (!format) return showCollection(c, id);
    const col = await viewableCollection(store, c.get('viewer')?.id, id);
    const { items } = await store.personal.items(id, { limit: 5000, offset: 0 });
    const base = config.baseUrl;
    const vis = col.isPublic ? 'public, max-age=300' : 'private, no-store';
    if (format === 'bib') return c.body(collectionBibtex(items, base), 200, { 'Content-Type': 'application/x-bibtex; charset=utf-8', 'Content-Disposition': `attachment; filename="collection-${id}.bib"`, 'Cache-Control': vis });
    if (format === 'csv') return c.body(collectionCsv(items, base), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="collection-${id}.csv"`, 'Cache-Control': vis });
    if (!col.isPublic) throw notFound('A feed of a private collection');
    if (format === 'json') return c.json(collectionJson(col, items.slice(0, 1000), base), 200, { 'Cache-Control': vis });
    const doc = collectionFeed(col, items.slice(0, 100), base, `${base}/collections/${id}.${format}`);
    return c.body(format === 'rss' ? writeRss(doc) : writeAtom(doc), 200, { 'Content-Type': FEED_TYPES[format as 'rss' | 'atom'], 'Cache-Control': vis });
  });

  app.post('/collections/:id/:action', async (c) => {
    const id = collectionId(c);
    const action = c.req.param('action');
    if (!['items', 'remove', 'import', 'settings', 'delete'].includes(action)) throw notFound('That page');
    const f = await k.form(c);
    const account = await k.account(c);
    if (action === 'items') await addToCollection(store, account.id, id, (f.paper_id ?? '').trim(), f.note);
    else if (action === 'remove') await removeFromCollection(store, account.id, id, f.paper_id ?? '');
    else if (action === 'settings') await updateCollection(store, account.id, id, { name: f.name, description: f.description, isPublic: f.public === '1' });
    else if (action === 'delete') {
      await deleteCollection(store, account.id, id);
      return c.redirect('/collections', 303);
    } else {
      await ownedCollection(store, account.id, id);
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = body.file instanceof File && body.file.size ? await body.file.text() : '';
      const report = await importIntoCollection(store, account.id, id, file || f.text || '');
      if (wantsJson(c)) return c.json(report);
      return showCollection(c, id, report);
    }
    return c.redirect(`/collections/${id}`, 303);
  });
}
