import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');
const limit = (max: number, dflt: number) =>
  z.coerce.number({ error: `limit must be a whole number from 1 to ${max}` }).int(`limit must be a whole number from 1 to ${max}`).min(1, `limit must be a whole number from 1 to ${max}`).max(max, `limit must be a whole number from 1 to ${max}`).default(dflt);

/** Query of GET /api/daily_papers, as the Hugging Face API takes it. */
export const dailyPapersQuery = z.object({
  date: day.optional().describe('A day (YYYY-MM-DD).'),
  week: z.string().regex(/^\d{4}-W\d{2}$/, 'week must be YYYY-Www').optional().describe('An ISO week (YYYY-Www).'),
  month: z.string().regex(/^\d{4}-\d{2}$/, 'month must be YYYY-MM').optional().describe('A month (YYYY-MM).'),
  submitter: z.string().min(1).max(64).optional().describe('Only papers submitted by this username.'),
  sort: z.enum(['publishedAt', 'trending'], { error: 'sort must be publishedAt or trending' }).default('publishedAt').describe('publishedAt: newest featured first; trending: by upvotes.'),
  p: z.coerce.number({ error: 'p must be a whole number from 0' }).int('p must be a whole number from 0').min(0, 'p must be a whole number from 0').max(100_000).default(0).describe('Page, from 0.'),
  limit: limit(100, 50),
});

/** Query of GET /api/papers/search: the Hugging Face parameters (q, limit) plus paperwire's mode, order, page and filters. */
export const searchQuery = z.object({
  q: z.string({ error: 'q is required' }).trim().min(1, 'q is required').max(250, 'q must be at most 250 characters').describe('The search query, in the query language of docs/search.md ("phrases", -excluded, title:, author:, org:, cat:, year:, date:, after:, before:, has:code, sort:).'),
  limit: limit(120, 20),
  offset: z.coerce.number({ error: 'offset must be a whole number from 0 to 10000' }).int('offset must be a whole number from 0 to 10000').min(0, 'offset must be a whole number from 0 to 10000').max(10_000, 'offset must be a whole number from 0 to 10000').default(0).describe('Results to skip.'),
  mode: z.enum(['hybrid', 'lexical', 'semantic'], { error: 'mode must be hybrid, lexical or semantic' }).default('hybrid').describe('lexical: words only; semantic: meaning only; hybrid: both fused.'),
  sort: z.enum(['relevance', 'date', 'upvotes'], { error: 'sort must be relevance, date or upvotes' }).optional().describe('Result order (default relevance; date when q has only filters).'),
  from: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'from must be YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('Published on or after.'),
  to: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'to must be YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('Published on or before.'),
  category: z.string().max(64, 'category must be at most 64 characters').optional().describe('An arXiv category (cs.CL).'),
  org: z.string().max(100, 'org must be at most 100 characters').optional().describe('An organization name.'),
  has_code: z.enum(['1', 'true', '0', 'false'], { error: 'has_code must be true or false' }).optional().describe('Only papers with a code link.'),
});

/** Path of GET /api/papers/{id}. */
export const paperParams = z.object({ id: z.string().describe('arXiv id (2401.01234) or paperwire id (pw-…)') });

const userOut = z.object({ _id: z.string(), user: z.string(), fullname: z.string(), avatarUrl: z.string().nullable() });
const orgOut = z.object({ _id: z.string(), name: z.string(), fullname: z.string(), avatar: z.string().nullable(), avatarUrl: z.string().nullable() });

/** A paper as the API returns it (the Hugging Face field names). */
export const apiPaper = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  authors: z.array(z.object({ _id: z.string(), name: z.string(), hidden: z.boolean() })),
  authorCount: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  submittedOnDailyAt: z.string().nullable(),
  submittedOnDailyBy: userOut.nullable(),
  upvotes: z.number().int(),
  numComments: z.number().int(),
  discussionId: z.string(),
  ai_summary: z.string().nullable(),
  ai_keywords: z.array(z.string()),
  githubRepo: z.string().nullable(),
  githubStars: z.number().int().nullable(),
  projectPage: z.string().nullable(),
  categories: z.array(z.string()),
  organization: orgOut.nullable(),
  withdrawnAt: z.string().nullable(),
});

/** One item of GET /api/daily_papers. */
export const apiDailyItem = z.object({
  paper: apiPaper,
  publishedAt: z.string(),
  title: z.string(),
  summary: z.string(),
  thumbnail: z.string().nullable(),
  mediaUrls: z.array(z.string()),
  numComments: z.number().int(),
  submittedBy: userOut.nullable(),
  organization: orgOut.nullable(),
  isAuthorParticipating: z.boolean(),
});

/** One item of GET /api/papers/search. */
export const apiSearchItem = z.object({ paper: apiPaper, numComments: z.number().int(), isAuthorParticipating: z.boolean() });

/** The body of every API error. */
export const apiError = z.object({ error: z.string() });
