import type { Hono } from 'hono';
import { toBibtex } from '../../../export/bibtex.ts';
import { toMarkdown } from '../../../export/paperMarkdown.ts';
import { isPaperId } from '../../../model/paperId.ts';
import { paperPersonalActions } from '../../../views/paperPersonalView.ts';
import { paperView } from '../../../views/paperView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { HTML, sendCached } from '../../respond.ts';
import { PRIVATE_PAGE } from '../../viewerVotes.ts';
import { accountMenu } from '../../../views/accountMenu.ts';
import { paperCommunityView } from '../../../views/paperCommunityView.ts';
import type { Viewer } from '../../viewer.ts';
import { similarPapers } from '../../../search/semantic/similarPapers.ts';

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
      return c.body(toBibtex(paper, deps.config.baseUrl), 200, { 'Content-Type': 'application/x-bibtex; charset=utf-8', 'Content-Disposition': `attachment; filename="${paper.id.replace(/[^\w.-]/g, '_')}.bib"` });
    const render = async (viewer?: Viewer) => {
      const [featured, similar, comments, authors, claim, voted, saved, collections, follows] = await Promise.all([
        deps.store.papers.featuredOn(paper.id),
        similarPapers(deps.search, paper.id, SIMILAR),
        deps.store.comments.forPaper(paper.id),
        deps.store.claims.authorsOf(paper.id),
        viewer ? deps.store.claims.statusOf(paper.id, viewer.id) : undefined,
        viewer ? deps.store.votes.votedOn(viewer.id, [paper.id]) : undefined,
        viewer ? deps.store.personal.savedAmong(viewer.id, [paper.id]) : undefined,
        viewer ? deps.store.personal.collectionsOf(viewer.id) : [],
        viewer ? deps.store.personal.follows(viewer.id) : [],
      ]);
      const notice = !viewer ? undefined : c.req.query('submitted') ? 'Thanks! The paper is on today\'s list.' : c.req.query('claimed') ? 'Your claim was recorded; an admin will review it.' : c.req.query('added') ? 'Added to your collection.' : undefined;
      const community = paperCommunityView({ paperId: paper.id, comments, authors, viewer, claim, featured: featured.length > 0 });
      const personal = viewer && paperPersonalActions({ paper, csrf: viewer.csrf, saved: saved!.has(paper.id), collections, follows });
      const vote = viewer && { canVote: true, voted: voted!.has(paper.id), csrf: viewer.csrf };
      return paperView({ baseUrl: deps.config.baseUrl, paper, featured, similar, extra: community, personal, notice, vote, account: viewer && accountMenu(viewer) }).value;
    };
    const viewer = c.get('viewer');
    if (viewer) return c.body(await render(viewer), 200, PRIVATE_PAGE);
    const cached = await deps.cache.get(`paper:${paper.id}`, deps.store.revision('content'), () => render());
    return sendCached(c, cached, HTML);
  });
}
