import type { FeedDocument } from './feedTypes.ts';
import { xmlText as x } from './xmlText.ts';

const rfc822 = (iso: string) => new Date(iso).toUTCString();

/** Writes a feed as RSS 2.0 (with an atom:link to itself, as validators recommend). */
export function writeRss(feed: FeedDocument): string {
  const items = feed.items.map(
    (i) => `<item>
<title>${x(i.title)}</title>
<link>${x(i.link)}</link>
<guid isPermaLink="true">${x(i.link)}</guid>
<pubDate>${rfc822(i.published)}</pubDate>
${i.authors.length ? `<dc:creator>${x(i.authors.join(', '))}</dc:creator>\n` : ''}${i.categories.map((c) => `<category>${x(c)}</category>\n`).join('')}<description>${x(i.html ?? i.summary ?? '')}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${x(feed.title)}</title>
<link>${x(feed.link)}</link>
<description>${x(feed.description)}</description>
<atom:link href="${x(feed.self)}" rel="self" type="application/rss+xml"/>
<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>
<generator>paperwire</generator>
${items.join('\n')}
</channel>
</rss>
`;
}
