import type { Paper } from '../model/paper.ts';
import { plural } from '../views/format.ts';
import { html } from '../views/html.ts';
import type { FeedItem } from './feedTypes.ts';

/** When the item appeared on the list (a featured day, a hit's time); defaults to the paper's own dates. */
export interface ItemDates {
  appeared?: string;
}

const toIso = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00.000Z` : new Date(d).toISOString());

/** A paper as a feed entry: title, authors, abstract, and an HTML body with upvotes and links. */
export function paperFeedItem(paper: Paper, baseUrl: string, dates: ItemDates = {}): FeedItem {
  const link = `${baseUrl}/papers/${encodeURIComponent(paper.id)}`;
  const published = toIso(dates.appeared ?? paper.publishedAt ?? paper.createdAt);
  const updated = [published, toIso(paper.updatedAt)].sort().at(-1)!;
  const arxiv = paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : undefined;
  const body = html`${paper.abstract ? html`<p>${paper.abstract}</p>` : ''}<p>▲ ${plural(paper.upvotes, 'upvote')} · ${plural(paper.numComments, 'comment')}${
    paper.organization ? html` · ${paper.organization.fullname}` : ''
  } · <a href="${link}">paperwire</a>${arxiv ? html` · <a href="${arxiv}">arXiv</a>` : ''}${paper.codeUrl ? html` · <a href="${paper.codeUrl}">Code</a>` : ''}</p>`;
  return {
    link,
    title: paper.title,
    summary: paper.abstract,
    html: body.value,
    authors: paper.authors,
    categories: paper.categories,
    published,
    updated,
  };
}

/** The newest `updated` among items, or a fixed epoch for an empty feed (so an empty feed's validator is stable). */
export function newestUpdate(items: FeedItem[]): string {
  return items.reduce((max, i) => (i.updated > max ? i.updated : max), '1970-01-01T00:00:00.000Z');
}
