/** One entry of a feed, independent of RSS or Atom. */
export interface FeedItem {
  /** Absolute URL of the paper page; also the item's permanent id. */
  link: string;
  title: string;
  /** Plain-text summary (the abstract). */
  summary?: string;
  /** HTML body; the writers escape it as text, so it may hold any characters. */
  html?: string;
  authors: string[];
  categories: string[];
  /** When the item appeared on this list (ISO 8601). */
  published: string;
  /** When the item last changed (ISO 8601). */
  updated: string;
}

/** A whole feed: what it is, where it lives, its entries. */
export interface FeedDocument {
  title: string;
  description: string;
  /** Absolute URL of the HTML page this feed mirrors. */
  link: string;
  /** Absolute URL of the feed itself. */
  self: string;
  /** Newest change among the items (ISO 8601), or a fixed date for an empty feed. */
  updated: string;
  items: FeedItem[];
}
