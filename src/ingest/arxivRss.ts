import type { IngestItem } from '../storage/ingestStore.ts';
import { commitPage, logNothingArrived, type HarvestContext } from './harvestContext.ts';
import { cleanText, findCodeUrl, requireArxivId, splitAuthors, toDay } from './normalize.ts';
import { parseXml, textOf } from './xml.ts';

/** The announcement types arXiv's feeds carry. */
export type AnnounceType = 'new' | 'replace' | 'cross' | 'replace-cross';

/** What to read: the announcement feed of some categories. */
export interface RssRequest {
  rssUrl: string;
  categories: string[];
  /** Put papers announced as `new` on the announcement day's list. */
  featureNew: boolean;
}

/** Maps one RSS item (`arxiv:announce_type`, `dc:creator`, "Abstract:" description) to an ingest item. */
export function rssItemToItem(item: Record<string, any>, announceDay: string | undefined, featureNew: boolean): IngestItem & { type: AnnounceType } {
  const description = textOf(item.description) ?? '';
  const versioned = /arXiv:(\S+?)\s/.exec(description)?.[1];
  const { id, version } = requireArxivId(versioned ?? textOf(item.link) ?? textOf(item.guid)?.replace(/^oai:arXiv\.org:/, ''));
  const type = (textOf(item.announce_type) ?? 'new') as AnnounceType;
  const title = cleanText(textOf(item.title) ?? '');
  if (!title) throw new Error(`item ${id} has no title`);
  const abstract = cleanText(description.replace(/^[\s\S]*?Abstract:\s*/, '')) || undefined;
  const day = toDay(textOf(item.pubDate)) ?? announceDay;
  return {
    type,
    paper: {
      arxivId: id,
      version,
      title,
      abstract,
      authors: splitAuthors(textOf(item.creator)),
      publishedAt: type === 'new' ? day : undefined,
      categories: (item.category ?? []).map((c: unknown) => textOf(c)).filter(Boolean),
      codeUrl: findCodeUrl(abstract),
    },
    featured: featureNew && type === 'new' && day ? [{ date: day }] : [],
  };
}

/**
 * Reads today's announcements for the categories in one request (`cat1+cat2`): new papers, replacements
 * (new versions update the metadata) and cross-lists. The announcement day is the cursor: a feed already
 * read is not stored again, and an empty feed (weekends, holidays) is said so in the log.
 */
export async function harvestRss(ctx: HarvestContext, source: string, req: RssRequest): Promise<{ byType: Record<string, number> }> {
  const xml = await ctx.client.get(`${req.rssUrl.replace(/\/+$/, '')}/${req.categories.join('+')}`, ctx.signal);
  const channel = parseXml(xml, 'the arXiv RSS feed').rss?.channel;
  if (!channel) throw new Error('the arXiv RSS answer is not an RSS feed');
  const announced = toDay(textOf(channel.pubDate) ?? textOf(channel.lastBuildDate));
  const items: Record<string, any>[] = channel.item ?? [];
  const byType: Record<string, number> = {};
  const last = await ctx.store.ingest.cursor(source);
  if (!items.length) {
    logNothingArrived(ctx, `the arXiv RSS feed for ${req.categories.join(', ')} (${announced ?? 'no date'})`);
    return { byType };
  }
  if (announced && last === announced) {
    ctx.log.info(`the arXiv RSS feed for ${req.categories.join(', ')} still shows ${announced}, already stored; no new announcement yet`);
    return { byType };
  }
  const batch: IngestItem[] = [];
  for (const raw of items) {
    try {
      const item = rssItemToItem(raw, announced, req.featureNew);
      byType[item.type] = (byType[item.type] ?? 0) + 1;
      batch.push(item);
    } catch (err) {
      ctx.counts.skipped++;
      ctx.log.warn('skipped an RSS item', { error: (err as Error).message });
    }
  }
  await commitPage(ctx, source, batch, announced ?? new Date().toISOString().slice(0, 10));
  ctx.onPage?.(ctx.counts, items.length);
  ctx.log.info('arXiv announcements stored', { categories: req.categories.join(','), day: announced, ...byType });
  return { byType };
}
