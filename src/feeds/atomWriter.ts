import type { FeedDocument } from './feedTypes.ts';
import { xmlText as x } from './xmlText.ts';

const iso = (d: string) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes a feed as Atom 1.0 (RFC 4287). */
export function writeAtom(feed: FeedDocument): string {
  const entries = feed.items.map(
    (i) => `<entry>
<title type="text">${x(i.title)}</title>
<link rel="alternate" type="text/html" href="${x(i.link)}"/>
<id>${x(i.link)}</id>
<published>${iso(i.published)}</published>
<updated>${iso(i.updated)}</updated>
${(i.authors.length ? i.authors : ['Unknown']).slice(0, 50).map((a) => `<author><name>${x(a)}</name></author>\n`).join('')}${i.categories.map((c) => `<category term="${x(c)}"/>\n`).join('')}${i.summary ? `<summary type="text">${x(i.summary)}</summary>\n` : ''}${i.html ? `<content type="html">${x(i.html)}</content>\n` : ''}</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title type="text">${x(feed.title)}</title>
<subtitle type="text">${x(feed.description)}</subtitle>
<link rel="alternate" type="text/html" href="${x(feed.link)}"/>
<link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>
<id>${x(feed.self)}</id>
<updated>${iso(feed.updated)}</updated>
<generator>paperwire</generator>
${entries.join('\n')}
</feed>
`;
}
