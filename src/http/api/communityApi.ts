import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { assertTokenMayWrite, authenticateToken } from '../../community/accounts.ts';
import { postComment } from '../../community/comments.ts';
import { renderMarkdown } from '../../community/markdown.ts';
import { submitPaper } from '../../community/submissions.ts';
import type { Account, Comment } from '../../community/types.ts';
import { setUpvote } from '../../community/votes.ts';
import { isPaperId } from '../../model/paperId.ts';
import type { CommunityHttp } from '../communityHttp.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, notFound } from '../errors.ts';
import type { AppEnv } from '../viewer.ts';
import { parseInput, type ApiRouteDoc } from './apiDoc.ts';
import { apiPaper, paperParams } from './schemas.ts';
import { toApiPaper } from './serialize.ts';

/** Body of POST /api/papers/submit (the Hugging Face shape, plus metadata for papers paperwire does not know). */
export const submitBody = z.object({
  paper_id: z.string({ error: 'paper_id is required' }).min(1, 'paper_id is required').max(300).describe('arXiv id or URL'),
  comment: z.string().max(5000).optional().describe('Posted as the first comment'),
  title: z.string().max(500).optional().describe('Needed only when paperwire does not know the paper yet'),
  authors: z.array(z.string().max(200)).max(500).optional(),
  abstract: z.string().max(10_000).optional(),
  published_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'published_at must be YYYY-MM-DD').optional(),
});
const submitResponse = z.object({ status: z.enum(['added', 'exists']), date: z.string(), paper: apiPaper });
/** Body of POST /api/papers/{id}/upvote. */
export const upvoteBody = z.object({ up: z.boolean({ error: 'up must be true or false' }).default(true).describe('true to upvote, false to take the upvote back') });
const upvoteResponse = z.object({ upvoted: z.boolean(), upvotes: z.number().int() });
const commentBody = z.object({
  body: z.string({ error: 'body is required' }).min(1, 'body is required').max(5000, 'body must be at most 5000 characters').describe('Markdown'),
  parent_id: z.number().int().positive().optional().describe('Reply to this top-level comment'),
});
const apiComment = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  author: z.object({ user: z.string(), fullname: z.string().nullable() }),
  body: z.string(),
  html: z.string().describe('The body rendered to safe HTML'),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
});

/** The community API: submit, upvote, read and post comments; writes need a personal access token. */
export const communityApiDocs: ApiRouteDoc[] = [
  { method: 'post', path: '/api/papers/submit', tag: 'community', summary: "Submit a paper to today's list", body: submitBody, response: submitResponse, errors: [400, 401, 403, 422, 429], auth: true },
  { method: 'post', path: '/api/papers/{id}/upvote', tag: 'community', summary: 'Upvote a paper, or take the upvote back', params: paperParams, body: upvoteBody, response: upvoteResponse, errors: [400, 401, 403, 404, 429], auth: true },
  { method: 'get', path: '/api/papers/{id}/comments', tag: 'community', summary: "A paper's visible comments, in thread order", params: paperParams, response: z.array(apiComment), errors: [404] },
  { method: 'post', path: '/api/papers/{id}/comments', tag: 'community', summary: 'Comment on a paper, or reply to a comment', params: paperParams, body: commentBody, response: apiComment, errors: [400, 401, 403, 404, 422, 429], auth: true },
];

const toApiComment = (c: Comment): z.infer<typeof apiComment> => ({
  id: c.id,
  parentId: c.parentId ?? null,
  author: { user: c.author.username, fullname: c.author.fullname ?? null },
  body: c.body,
  html: renderMarkdown(c.body),
  createdAt: c.createdAt,
  editedAt: c.editedAt ?? null,
});

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

/** Registers the endpoints of communityApiDocs (before the papers API, whose GET /api/papers/* would shadow them). */
export function registerCommunityApi(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const tokenAccount = async (c: Context<AppEnv>): Promise<Account> => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const account = m ? await authenticateToken(k.cd, m[1]!) : undefined;
    if (!account) throw new HttpError(401, 'send a personal access token: Authorization: Bearer pw_… (create one in your settings)');
    await assertTokenMayWrite(k.cd, m![1]!);
    await k.countWrite(c, account);
    return account;
  };

  app.post('/api/papers/submit', async (c) => {
    const account = await tokenAccount(c);
    const b = parseInput(submitBody, await jsonBody(c));
    const manual = b.title ? { title: b.title, authors: b.authors ?? [], abstract: b.abstract, publishedAt: b.published_at } : undefined;
    const result = await submitPaper(k.cd, account, { ref: b.paper_id, comment: b.comment, manual });
    if (result.status === 'needs-metadata') throw new HttpError(422, `paperwire does not know ${result.id} yet: send its title (and authors, abstract) with the submission`);
    const featured = await deps.store.papers.featuredOn(result.paper.id);
    return c.json({ status: result.status, date: result.date, paper: toApiPaper(result.paper, featured[featured.length - 1]) });
  });

  const paperAction = (path: string) => {
    const m = /^\/api\/papers\/(.+)\/(upvote|comments)$/.exec(path);
    if (!m) return undefined;
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      return undefined;
    }
    return isPaperId(id) ? { id, action: m[2]! } : undefined;
  };

  app.get('/api/papers/*', async (c, next) => {
    const target = paperAction(c.req.path);
    if (!target || target.action !== 'comments') return next();
    if (!(await deps.store.papers.get(target.id))) throw notFound(`Paper ${target.id}`);
    const comments = await deps.store.comments.forPaper(target.id);
    return c.json(comments.filter((x) => !x.hiddenAt && !x.deletedAt).map(toApiComment));
  });

  app.post('/api/papers/*', async (c) => {
    const target = paperAction(c.req.path);
    if (!target) throw new HttpError(404, 'no such endpoint');
    const account = await tokenAccount(c);
    if (target.action === 'upvote') {
      const text = await c.req.text();
      let raw: unknown = {};
      try {
        raw = text.trim() ? JSON.parse(text) : {};
      } catch {
        throw new HttpError(400, 'the body must be JSON');
      }
      const b = parseInput(upvoteBody, raw ?? {});
      return c.json(await setUpvote(k.cd, account, target.id, b.up));
    }
    const b = parseInput(commentBody, await jsonBody(c));
    return c.json(toApiComment(await postComment(k.cd, account, { paperId: target.id, body: b.body, parentId: b.parent_id })));
  });
}
