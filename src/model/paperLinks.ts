import type { Paper } from './paper.ts';

/** The outside links a paper has (arXiv page, PDF, code, project page), in the order pages show them. */
export function paperLinks(paper: Paper): { label: string; href: string }[] {
  const links: { label: string; href: string }[] = [];
  if (paper.arxivId) {
    links.push({ label: 'arXiv', href: `https://arxiv.org/abs/${paper.arxivId}` });
    links.push({ label: 'PDF', href: `https://arxiv.org/pdf/${paper.arxivId}` });
  }
  if (paper.codeUrl) links.push({ label: 'Code', href: paper.codeUrl });
  if (paper.projectUrl) links.push({ label: 'Project page', href: paper.projectUrl });
  return links;
}
