import type { Paper } from '../../model/paper.ts';

/** The columns every paper query selects, with its organization joined in; pair with `rowToPaper`. */
export const PAPER_COLUMNS = `p.rowid AS rowid, p.id, p.arxiv_id, p.version, p.title, p.abstract, p.authors, p.author_count,
  p.published_at, p.categories, p.code_url, p.project_url, p.github_stars, p.upvotes, p.num_comments, p.ai_summary,
  p.ai_keywords, p.withdrawn_at, p.created_at, p.updated_at,
  o.id AS org_id, o.name AS org_name, o.fullname AS org_fullname, o.avatar_url AS org_avatar_url`;

/** The FROM clause that goes with PAPER_COLUMNS. */
export const PAPER_FROM = `papers p LEFT JOIN organizations o ON o.id = p.organization_id`;

/** A row as SQLite returns it for PAPER_COLUMNS. */
export type PaperRow = Record<string, string | number | null>;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Turns a PAPER_COLUMNS row into a Paper, leaving unknown fields undefined. */
export function rowToPaper(r: PaperRow): Paper {
  return {
    id: r.id as string,
    arxivId: opt(r.arxiv_id as string | null),
    version: opt(r.version as number | null),
    title: r.title as string,
    abstract: opt(r.abstract as string | null),
    authors: JSON.parse(r.authors as string),
    authorCount: opt(r.author_count as number | null),
    publishedAt: opt(r.published_at as string | null),
    categories: JSON.parse(r.categories as string),
    codeUrl: opt(r.code_url as string | null),
    projectUrl: opt(r.project_url as string | null),
    githubStars: opt(r.github_stars as number | null),
    organization:
      r.org_id === null
        ? undefined
        : { id: r.org_id as number, name: r.org_name as string, fullname: r.org_fullname as string, avatarUrl: opt(r.org_avatar_url as string | null) },
    upvotes: r.upvotes as number,
    numComments: r.num_comments as number,
    aiSummary: opt(r.ai_summary as string | null),
    aiKeywords: JSON.parse(r.ai_keywords as string),
    withdrawnAt: opt(r.withdrawn_at as string | null),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}
