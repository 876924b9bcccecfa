import type { IngestItem } from '../storage/ingestStore.ts';
import { commitPage, logNothingArrived, type HarvestContext } from './harvestContext.ts';
import { cleanText, findCodeUrl, isWithdrawn, requireArxivId, splitCategories, toDay, toInstant } from './normalize.ts';
import { parseXml, textOf } from './xml.ts';

/** Raised when the API answers HTTP 200 with its one-entry "Error" feed (a bad query, a bad parameter). */
export class ArxivApiError extends Error {}

/** What to fetch from the arXiv API: categories or a raw query, changed since a day. */
export interface ApiRequest {
  apiUrl: string;
  categories: string[];
  query?: string;
  /** An explicit start day: a harvest from another origin replaces the cursor; the same one resumes it. */
  since?: string;
  /** Where a source without a cursor starts (today minus the backfill days). */
  defaultSince: string;
  pageSize?: number;
  /** The API serves at most this many results per query; larger windows are halved (30,000 by arXiv's rules). */
  maxPerQuery?: number;
}

/** Where an API harvest stands: the start of the window being fetched, its end and the next result index. */
interface ApiCursor {
  origin: string;
  since: string;
  to?: string;
  start?: number;
}

const stamp = (when: string) => new Date(when).toISOString().replace(/[-:T]/g, '').slice(0, 12);

/** Maps one Atom entry of the API feed to an ingest item. */
export function apiEntryToItem(entry: Record<string, any>): IngestItem {
  const { id, version } = requireArxivId(textOf(entry.id));
  const title = cleanText(textOf(entry.title) ?? '');
  if (!title) throw new Error(`entry ${id} has no title`);
  const abstract = cleanText(textOf(entry.summary) ?? '') || undefined;
  const comment = textOf(entry.comment);
  const primary = entry.primary_category?.['@term'] as string | undefined;
  const cats = (entry.category ?? []).map((c: Record<string, string>) => c['@term']).filter(Boolean).join(' ');
  return {
    paper: {
      arxivId: id,
      version,
      title,
      abstract,
      authors: (entry.author ?? []).map((a: Record<string, unknown>) => cleanText(textOf(a.name) ?? '')).filter(Boolean),
      publishedAt: toDay(textOf(entry.published)),
      categories: splitCategories(cats, primary),
      codeUrl: findCodeUrl(abstract, comment),
      withdrawnAt: isWithdrawn(comment) ? toInstant(textOf(entry.updated)) : undefined,
    },
  };
}

/** Parses one page of the API's Atom feed; an "Error" entry becomes an ArxivApiError. */
export function parseApiPage(xml: string): { total: number; items: IngestItem[] } {
  const feed = parseXml(xml, 'the arXiv API answer').feed;
  if (!feed) throw new ArxivApiError('the arXiv API answer is not an Atom feed');
  const entries: Record<string, any>[] = feed.entry ?? [];
  const error = entries.find((e) => textOf(e.title) === 'Error' && /api\/errors/.test(textOf(e.id) ?? ''));
  if (error) throw new ArxivApiError(`the arXiv API reported an error: ${textOf(error.summary) ?? 'no detail'}`);
  return { total: Number(textOf(feed.totalResults) ?? 0), items: entries.map(apiEntryToItem) };
}

/**
 * Harvests the arXiv API by last-update date: windows [since, now] sorted oldest first, paged, each page
 * committed with the position after it, so a killed run resumes at the next page of the same window.
 * Windows over arXiv's per-query ceiling are halved until they fit.
 */
export async function harvestApi(ctx: HarvestContext, source: string, req: ApiRequest): Promise<void> {
  const pageSize = req.pageSize ?? 100;
  const maxPerQuery = req.maxPerQuery ?? 30_000;
  const stored = await ctx.store.ingest.cursor(source);
  const previous = stored ? (JSON.parse(stored) as ApiCursor) : undefined;
  const origin = req.since ?? req.defaultSince;
  let cur: ApiCursor = previous && (!req.since || previous.origin === req.since) ? previous : { origin, since: origin };
  const runEnd = ctx.now().toISOString();
  const base = req.query ?? req.categories.map((c) => `cat:${c}`).join(' OR ');
  let arrived = 0;
  for (;;) {
    const to = cur.to ?? runEnd;
    const start = cur.start ?? 0;
    const params = new URLSearchParams({
      search_query: `(${base}) AND lastUpdatedDate:[${stamp(cur.since)} TO ${stamp(to)}]`,
      sortBy: 'lastUpdatedDate',
      sortOrder: 'ascending',
      start: String(start),
      max_results: String(pageSize),
    });
    const { total, items } = parseApiPage(await ctx.client.get(`${req.apiUrl}?${params}`, ctx.signal));
    if (total > maxPerQuery && start === 0 && Date.parse(to) - Date.parse(cur.since) > 60_000) {
      const mid = new Date((Date.parse(cur.since) + Date.parse(to)) / 2).toISOString();
      ctx.log.info('API window too large for one query; halving it', { since: cur.since, to, total });
      cur = { ...cur, to: mid, start: 0 };
      continue;
    }
    const next = start + items.length;
    arrived += items.length;
    const windowDone = items.length === 0 || next >= total;
    if (items.length === 0 && start < total) {
      throw new Error(`the arXiv API returned an empty page at ${start} of ${total}; the next run resumes there`);
    }
    const after: ApiCursor = windowDone ? { origin: cur.origin, since: to, ...(to === runEnd ? {} : { to: runEnd }) } : { ...cur, to, start: next };
    await commitPage(ctx, source, items, JSON.stringify(after));
    ctx.onPage?.(ctx.counts, total);
    cur = after;
    if (windowDone && to === runEnd) break;
  }
  if (arrived === 0) logNothingArrived(ctx, `the arXiv API for ${req.query ?? req.categories.join(', ')} since ${cur.since}`);
}
