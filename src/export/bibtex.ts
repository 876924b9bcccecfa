import type { Paper } from '../model/paper.ts';

const LATEX_SPECIAL: Record<string, string> = { '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '%': '\\%', '&': '\\&', '#': '\\#', $: '\\$', _: '\\_', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}' };

/** Escapes text for a BibTeX field so that braces and LaTeX specials in titles cannot break the entry. */
export function bibEscape(text: string): string {
  return text.replace(/[\\{}%&#$_~^]/g, (ch) => LATEX_SPECIAL[ch]!).replace(/\s+/g, ' ').trim();
}

/** A citation key like "lovelace2025encoder": first author's surname, year, first title word. */
export function citationKey(paper: Paper): string {
  const surname = (paper.authors[0]?.split(/\s+/).pop() ?? 'paper').toLowerCase().replace(/[^a-z0-9]/g, '');
  const year = paper.publishedAt?.slice(0, 4) ?? '';
  const word = paper.title.toLowerCase().split(/[^a-z0-9]+/).find((w) => w.length > 3) ?? 'untitled';
  return `${surname || 'paper'}${year}${word}`;
}

/**
 * The paper as a BibTeX entry: @misc with eprint fields for arXiv papers, as arXiv itself suggests citing them.
 * Nothing is made up: no author field without author names, and `url` is the paper's own page (arXiv, or this
 * site's page when `baseUrl` is given), never its code repository.
 */
export function toBibtex(paper: Paper, baseUrl?: string): string {
  const fields: [string, string][] = [['title', `{${bibEscape(paper.title)}}`]];
  if (paper.authors.length) fields.push(['author', bibEscape(paper.authors.join(' and '))]);
  if (paper.publishedAt) fields.push(['year', paper.publishedAt.slice(0, 4)], ['month', String(Number(paper.publishedAt.slice(5, 7)))]);
  if (paper.arxivId) {
    fields.push(['eprint', paper.arxivId], ['archivePrefix', 'arXiv']);
    if (paper.categories[0]) fields.push(['primaryClass', paper.categories[0]]);
    fields.push(['url', `https://arxiv.org/abs/${paper.arxivId}`]);
  } else if (baseUrl) fields.push(['url', `${baseUrl.replace(/\/$/, '')}/papers/${paper.id}`]);
  const width = Math.max(...fields.map(([k]) => k.length));
  return `@misc{${citationKey(paper)},\n${fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(',\n')}\n}\n`;
}
