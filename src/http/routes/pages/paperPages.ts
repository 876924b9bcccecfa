import type { Hono } from 'hono';
import { toBibtex } from '../../../export/bibtex.ts';
import { toMarkdown } from '../../../export/paperMarkdown.ts';
import { isPaperId } from '../../../model/paperId.ts';
import { paperView } from '../../../views/paperView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { HTML, sendCached } from '../../respond.ts';

/** How many similar papers the paper page lists. */
const SIMILAR = 6;

/** Splits "/papers/2401.01234.md" into the id and the requested format; undefined when the id is malformed. */
export function parsePaperPath(rest: string): { id: string; format: 'html' | 'md' | 'bib' } | undefined {
  const m = /^(.+?)(?:\.(md|bib))?$/.exec(rest);
  if (!m || !isPaperId(m[1]!)) return undefined;
  return { id: m[1]!, format: (m[2] as 'md' | 'bib' | undefined) ?? 'html' };
}

/** The paper page and its Markdown and BibTeX forms. Registered after the list pages so /papers/date/… wins. */
export function registerPaperPages(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/papers/*', async (c) => {
    let rest: string;
    try {
      rest = decodeURIComponent(c.req.path.slice('/papers/'.length));
    } catch {
      throw notFound('That paper');
    }
    const parsed = parsePaperPath(rest);
    if (!parsed) throw notFound('That paper');
    const paper = await deps.store.papers.get(parsed.id);
    if (!paper) throw notFound(`Paper ${parsed.id}`);
    if (parsed.format === 'md') return c.body(toMarkdown(paper, deps.config.baseUrl), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    if (parsed.format === 'bib')
      return c.body(toBibtex(paper), 200, { 'Content-Type': 'application/x-bibtex; charset=utf-8', 'Content-Disposition': `attachment; filename="${paper.id.replace(/[^\w.-]/g, '_')}.bib"` });
    const cached = await deps.cache.get(`paper:${paper.id}`, deps.store.revision(), async () => {
      const [featured, similar] = await Promise.all([deps.store.papers.featuredOn(paper.id), deps.store.papers.similar(paper.id, SIMILAR)]);
      return paperView({ paper, featured, similar }).value;
    });
    return sendCached(c, cached, HTML);
  });
}
