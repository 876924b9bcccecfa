import type { Paper } from '../model/paper.ts';
import { paperLinks } from '../model/paperLinks.ts';

/** The paper as Markdown (`/papers/:id.md`): title, authors, dates, links and abstract, for scripts and agents. */
export function toMarkdown(paper: Paper, baseUrl: string): string {
  const lines = [`# ${paper.title.replace(/\s+/g, ' ')}`, ''];
  if (paper.authors.length) lines.push(`**Authors:** ${paper.authors.join(', ')}`);
  else if (paper.authorCount) lines.push(`**Authors:** ${paper.authorCount} authors`);
  if (paper.organization) lines.push(`**Organization:** ${paper.organization.fullname}`);
  if (paper.publishedAt) lines.push(`**Published:** ${paper.publishedAt}`);
  lines.push(`**Upvotes:** ${paper.upvotes}`, '');
  lines.push('## Links', '', `- paperwire: ${baseUrl}/papers/${paper.id}`);
  for (const l of paperLinks(paper)) lines.push(`- ${l.label}: ${l.href}`);
  lines.push('', '## Abstract', '', paper.abstract ?? '_No abstract available._', '');
  return lines.join('\n');
}
