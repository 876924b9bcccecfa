import { z } from 'zod';
import { parseDay } from '../feed/periods.ts';
import type { PaperInput } from '../model/paper.ts';

const day = z.string().refine((s) => parseDay(s) !== undefined, 'expected a real date written YYYY-MM-DD');
const url = z.string().regex(/^https?:\/\/\S+$/i, 'expected an http(s) URL').max(2000);

/**
 * Longest category string taken. Real arXiv listings carry, besides categories like `cs.CV`, MSC and ACM class
 * lists in the same field ("68T50, 68T45, 68T10, 68T30, 94A08, 62H30, 68U10"): up to 153 characters in 126k
 * papers of 2025–2026, so 40 refused real papers. Whitespace inside one is collapsed.
 */
export const MAX_CATEGORY_LENGTH = 200;

/** A JSON object with its null-valued fields removed: `"published": null` reads as a missing field, as exports write it. */
const withoutNulls = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) : v);

/** One line of paperwire's own import format (`paperwire import FILE`); unknown fields are ignored, null fields are absent. */
export const paperRecordSchema = z.preprocess(withoutNulls, z.object({
  id: z.string().min(1).max(64).optional(),
  version: z.number().int().positive().optional(),
  title: z.string().trim().min(1, 'title is empty').max(1000),
  abstract: z.string().max(20000).optional(),
  authors: z.array(z.string().trim().min(1).max(300)).max(5000).optional(),
  author_count: z.number().int().nonnegative().optional(),
  published: day.optional(),
  categories: z.array(z.string().transform((c) => c.replace(/\s+/g, ' ').trim()).pipe(z.string().min(1).max(MAX_CATEGORY_LENGTH))).max(50).optional(),
  code_url: url.optional(),
  project_url: url.optional(),
  github_stars: z.number().int().nonnegative().optional(),
  organization: z.object({ name: z.string().trim().min(1).max(100), fullname: z.string().trim().min(1).max(200).optional() }).optional(),
  upvotes: z.number().int().nonnegative().optional(),
  featured: z.array(z.object({ date: day, submitted_by: z.string().trim().min(1).max(64).optional() })).max(1000).optional(),
  withdrawn_at: z.string().optional(),
}));

/** A parsed import line. */
export type PaperRecord = z.infer<typeof paperRecordSchema>;

/** Maps an import line onto what storage takes. */
export function recordToInput(r: PaperRecord): PaperInput {
  return {
    id: r.id?.replace(/^arxiv:/i, ''), // "arXiv:2401.01234", as citations and other tools' exports write it
    version: r.version,
    title: r.title.replace(/\s+/g, ' '),
    abstract: r.abstract?.replace(/\s+/g, ' ').trim() || undefined,
    authors: r.authors,
    authorCount: r.author_count,
    publishedAt: r.published,
    categories: r.categories,
    codeUrl: r.code_url,
    projectUrl: r.project_url,
    githubStars: r.github_stars,
    organization: r.organization,
    baseUpvotes: r.upvotes,
    withdrawnAt: r.withdrawn_at,
  };
}
