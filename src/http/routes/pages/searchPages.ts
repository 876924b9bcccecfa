import type { Hono } from 'hono';
import { z } from 'zod';
import { dateSpan } from '../../../search/query/parseQuery.ts';
import { searchPapers } from '../../../search/searchPapers.ts';
import { searchResults, searchView, type SearchForm, type SearchPageData } from '../../../views/searchView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { badRequest } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import { pageNumber } from '../../pageParams.ts';
import { PRIVATE_PAGE, viewerVotes } from '../../viewerVotes.ts';
import { accountMenu } from '../../../views/accountMenu.ts';

/** Longest query the search page accepts. */
const MAX_QUERY = 250;
/** Results per page. */
const PAGE_SIZE = 20;
/** Deepest page offered. */
const MAX_PAGE = 250;

const formSchema = z.object({
  mode: z.enum(['hybrid', 'lexical', 'semantic'], { error: 'mode must be hybrid, lexical or semantic' }).catch('hybrid'),
  sort: z.enum(['', 'relevance', 'date', 'upvotes'], { error: 'sort must be relevance, date or upvotes' }).catch(''),
  from: z.string().max(10).catch(''),
  to: z.string().max(10).catch(''),
  cat: z.string().max(64).catch(''),
  org: z.string().max(100).catch(''),
});

/** Reads the search form from the address: unknown values fall back to defaults, impossible ones are a 400. */
function readForm(query: Record<string, string>): SearchForm {
  const clean = (v: string | undefined) => (v ?? '').replace(/\0/g, '').trim();
  const q = clean(query.q);
  if (q.length > MAX_QUERY) throw badRequest(`the query is too long: at most ${MAX_QUERY} characters`);
  const f = formSchema.parse({ mode: clean(query.mode) || 'hybrid', sort: clean(query.sort), from: clean(query.from), to: clean(query.to), cat: clean(query.cat), org: clean(query.org) });
  for (const [name, value] of [['from', f.from], ['to', f.to]] as const) {
    if (value && !dateSpan(value)) throw badRequest(`${name} must be a date written 2024, 2024-03 or 2024-03-05`);
  }
  const page = pageNumber(query.p);
  if (page > MAX_PAGE) throw badRequest(`p is too large: at most ${MAX_PAGE}`);
  return { q, ...f, code: query.code === '1' || query.code === 'on' || query.code === 'true', page };
}

/** The search page (`/search?q=`), and its results region alone (`&partial=1`) for results as you type. */
export function registerSearchPages(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/search', async (c) => {
    const form = readForm(c.req.query());
    const hasFilters = form.from || form.to || form.cat || form.org || form.code;
    let data: SearchPageData = { form, papers: [], total: 0, totalExact: true, highlights: new Map(), problems: [], pageSize: PAGE_SIZE };
    if (form.q || hasFilters) {
      const r = await searchPapers(deps.search, {
        interactive: true,
        q: form.q,
        mode: form.mode,
        sort: form.sort || undefined,
        limit: PAGE_SIZE,
        offset: form.page * PAGE_SIZE,
        highlight: true,
        filters: {
          from: form.from ? dateSpan(form.from)!.first : undefined,
          to: form.to ? dateSpan(form.to)!.last : undefined,
          categories: form.cat ? [form.cat] : undefined,
          orgs: form.org ? [form.org] : undefined,
          hasCode: form.code,
        },
      });
      data = { ...data, papers: r.papers, total: r.total, totalExact: r.totalExact, highlights: r.highlights, problems: r.problems, revision: r.revision };
    }
    const viewer = c.get('viewer'); // signed in: vote, save, read and hide on each result, never cached
    if (viewer) data.vote = await viewerVotes(deps.store, viewer, data.papers);
    const headers = viewer ? PRIVATE_PAGE : { 'Content-Type': HTML };
    if (c.req.query('partial') === '1') return c.body(searchResults(data).value, 200, headers);
    return c.body(searchView(data, viewer && accountMenu(viewer)).value, 200, headers);
  });
}
