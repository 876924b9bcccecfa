import type { DailyEntry, Paper } from '../model/paper.ts';

const ABSTRACT_CHARS = 300;
const AUTHORS_SHOWN = 5;

/** A paper cut to what an assistant needs to choose it: small enough that a page of twenty fits a model's context. */
export interface PaperBrief {
  [key: string]: unknown;
  id: string;
  title: string;
  authors: string;
  published: string | null;
  /** The day it was on the daily list, when listed from one. */
  featured?: string;
  upvotes: number;
  comments: number;
  organization?: string;
  /** The abstract's first sentences, cut at a word near 300 characters. */
  abstract: string;
  url: string;
}

/** The first `max` characters of a text, cut at a word boundary and marked with an ellipsis when shortened. */
export function shorten(text: string, max = ABSTRACT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:.]$/, '')}…`;
}

/** A paper as tools list it; `featured` is the day of the list it came from. */
export function paperBrief(p: Paper, baseUrl: string, featured?: string): PaperBrief {
  const count = p.authors.length || p.authorCount || 0;
  const names = p.authors.slice(0, AUTHORS_SHOWN).join(', ');
  return {
    id: p.id,
    title: p.title.replace(/\s+/g, ' '),
    authors: !names ? (count ? `${count} authors` : '') : count > AUTHORS_SHOWN ? `${names} et al. (${count} authors)` : names,
    published: p.publishedAt ?? null,
    ...(featured ? { featured } : {}),
    upvotes: p.upvotes,
    comments: p.numComments,
    ...(p.organization ? { organization: p.organization.name } : {}),
    abstract: shorten(p.abstract ?? ''),
    url: `${baseUrl}/papers/${p.id}`,
  };
}

/** A daily list as Markdown, for the daily resource an assistant attaches as context. */
export function dailyMarkdown(title: string, entries: DailyEntry[], baseUrl: string): string {
  const lines = [`# ${title}`, ''];
  if (!entries.length) lines.push('_No papers._');
  entries.forEach((e, i) => {
    const b = paperBrief(e.paper, baseUrl, e.date);
    lines.push(`${i + 1}. **${b.title}** (${b.id}, ${b.upvotes} upvotes) — ${b.authors}`, `   ${b.abstract}`, `   ${b.url}`);
  });
  return `${lines.join('\n')}\n`;
}
