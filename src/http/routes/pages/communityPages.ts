import type { Context, Hono } from 'hono';
import { claimAuthorship } from '../../../community/authorship.ts';
import { deleteComment, editComment, hideComment, postComment } from '../../../community/comments.ts';
import { submitPaper } from '../../../community/submissions.ts';
import { setUpvote } from '../../../community/votes.ts';
import { formPage } from '../../../views/accountViews.ts';
import { submitForm } from '../../../views/submitView.ts';
import { isPaperId } from '../../../model/paperId.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError, notFound } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import { sameOriginPath } from '../../safeNext.ts';
import type { AppEnv } from '../../viewer.ts';

/** Where to send the browser after a form post: back to the same-site page it came from, else `fallback`. */
export function backTo(c: Context, fallback: string): string {
  return sameOriginPath(c.req.header('referer'), new URL(c.req.url).origin) ?? fallback;
}

const wantsJson = (c: Context) => (c.req.header('accept') ?? '').includes('application/json');

/** The submit page, and the form posts of paper pages: upvote, comment, claim authorship, comment actions. */
export function registerCommunityPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const page = (c: Context<AppEnv>, title: string, body: Parameters<typeof formPage>[1], opts: { error?: string; notice?: string } = {}, status = 200) =>
    c.body(formPage(title, body, { ...opts, account: k.menu(c) }).value, status as 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' });

  app.get('/submit', (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login?next=/submit', 303);
    return page(c, 'Submit a paper', submitForm({ csrf: viewer.csrf, config: deps.config, ref: c.req.query('ref') }));
  });
  app.post('/submit', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const values = { csrf: c.get('viewer')!.csrf, config: deps.config, ref: f.ref, comment: f.comment, title: f.title, authors: f.authors, abstract: f.abstract };
    let result;
    try {
      await k.countWrite(c, account);
      const manual = f.title?.trim()
        ? { title: f.title, authors: (f.authors ?? '').split(',').map((a) => a.trim()).filter(Boolean), abstract: f.abstract, publishedAt: /^\d{4}-\d{2}-\d{2}$/.test(f.published_at ?? '') ? f.published_at : undefined }
        : undefined;
      result = await submitPaper(k.cd, account, { ref: f.ref ?? '', comment: f.comment, manual });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status < 401 || err.status === 404) throw err;
      return page(c, 'Submit a paper', submitForm({ ...values, needsMetadata: Boolean(f.title) }), { error: err.message }, err.status);
    }
    if (result.status === 'needs-metadata')
      return page(c, 'Submit a paper', submitForm({ ...values, needsMetadata: true }), { notice: `paperwire does not know ${result.id} yet: fill in its title, authors and abstract.` }, 200);
    if (result.status === 'exists')
      return page(c, 'Already listed', submitForm({ ...values, ref: '' }), { notice: `This paper is already on the list of ${result.date}: see /papers/${result.paper.id}` }, 200);
    return c.redirect(`/papers/${result.paper.id}?submitted=1`, 303);
  });

  app.post('/papers/*', async (c) => {
    let rest: string;
    try {
      rest = decodeURIComponent(c.req.path.slice('/papers/'.length));
    } catch {
      throw notFound('That paper');
    }
    const m = /^(.+)\/(upvote|comments|claim)$/.exec(rest);
    if (!m || !isPaperId(m[1]!)) throw notFound('That page');
    const [, paperId, action] = m as unknown as [string, string, string];
    const f = await k.form(c);
    const account = await k.account(c);
    if (action === 'upvote') {
      await k.countWrite(c, account);
      const state = await setUpvote(k.cd, account, paperId, f.up !== '0');
      if (wantsJson(c)) return c.json(state);
      return c.redirect(backTo(c, `/papers/${paperId}`), 303);
    }
    if (action === 'comments') {
      await k.countWrite(c, account);
      const parentId = f.parent_id ? Number(f.parent_id) : undefined;
      if (parentId !== undefined && !Number.isSafeInteger(parentId)) throw new HttpError(400, 'parent_id must be a comment number');
      const comment = await postComment(k.cd, account, { paperId, body: f.body ?? '', parentId });
      return c.redirect(`/papers/${paperId}#comment-${comment.id}`, 303);
    }
    await claimAuthorship(k.cd, account, paperId);
    return c.redirect(`/papers/${paperId}?claimed=1`, 303);
  });

  app.post('/comments/:id/:action', async (c) => {
    const id = Number(c.req.param('id'));
    const action = c.req.param('action');
    if (!Number.isSafeInteger(id) || !['edit', 'delete', 'hide', 'show'].includes(action)) throw notFound('That page');
    const f = await k.form(c);
    const account = await k.account(c);
    const comment =
      action === 'edit' ? await editComment(k.cd, account, id, f.body ?? '')
      : action === 'delete' ? await deleteComment(k.cd, account, id)
      : await hideComment(k.cd, account, id, action === 'hide');
    return c.redirect(backTo(c, `/papers/${comment.paperId}#comments`), 303);
  });
}
