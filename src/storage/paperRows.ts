import type { Paper } from '../model/paper.ts';

/** A paper row as either backend returns it for its PAPER_COLUMNS (the same column names on both). */
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
