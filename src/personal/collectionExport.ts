import { toBibtex } from '../export/bibtex.ts';
import type { FeedDocument } from '../feeds/feedTypes.ts';
import { newestUpdate, paperFeedItem } from '../feeds/paperFeedItem.ts';
import type { Collection, CollectionItem } from '../storage/personalStore.ts';

/** The collection's papers as one BibTeX file (one entry per paper, in the collection's order). */
export function collectionBibtex(items: CollectionItem[], baseUrl?: string): string {
  return items.map((i) => toBibtex(i.paper, baseUrl)).join('\n');
}

const csvCell = (v: string | number | undefined) => {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // a spreadsheet would run it as a formula
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The collection as CSV: id, title, authors, date, categories, URLs, upvotes, the owner's note and when added. */
export function collectionCsv(items: CollectionItem[], baseUrl: string): string {
  const head = ['id', 'title', 'authors', 'published', 'categories', 'arxiv_url', 'paperwire_url', 'upvotes', 'note', 'added_at'];
  const rows = items.map((i) => [
    i.paper.id,
    i.paper.title,
    i.paper.authors.join('; '),
    i.paper.publishedAt,
    i.paper.categories.join(' '),
    i.paper.arxivId ? `https://arxiv.org/abs/${i.paper.arxivId}` : '',
    `${baseUrl}/papers/${encodeURIComponent(i.paper.id)}`,
    i.paper.upvotes,
    i.note,
    i.addedAt,
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The collection as a feed document (RSS or Atom by the shared writers), newest additions first. */
export function collectionFeed(c: Collection, items: CollectionItem[], baseUrl: string, self: string): FeedDocument {
  const feedItems = items.map((i) => {
    const item = paperFeedItem(i.paper, baseUrl, { appeared: i.addedAt });
    return i.note ? { ...item, summary: `${i.note}\n\n${item.summary ?? ''}`.trim() } : item;
  });
  return {
    title: `paperwire · ${c.name} (collection by @${c.ownerUsername})`,
    description: c.description || `Papers collected by @${c.ownerUsername}`,
    link: `${baseUrl}/collections/${c.id}`,
    self,
    updated: newestUpdate(feedItems),
    items: feedItems,
  };
}

/** The collection as JSON for its public endpoint. */
export function collectionJson(c: Collection, items: CollectionItem[], baseUrl: string) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    owner: c.ownerUsername,
    url: `${baseUrl}/collections/${c.id}`,
    updated_at: c.updatedAt,
    papers: items.map((i) => ({ id: i.paper.id, title: i.paper.title, authors: i.paper.authors, published_at: i.paper.publishedAt ?? null, upvotes: i.paper.upvotes, note: i.note, added_at: i.addedAt })),
  };
}
