/** The columns every paper query selects, with its organization joined in; pair with `rowToPaper`. */
export const PAPER_COLUMNS = `p.rowid AS rowid, p.id, p.arxiv_id, p.version, p.title, p.abstract, p.authors, p.author_count,
  p.published_at, p.categories, p.code_url, p.project_url, p.github_stars, p.upvotes, p.num_comments, p.ai_summary,
  p.ai_keywords, p.withdrawn_at, p.created_at, p.updated_at,
  o.id AS org_id, o.name AS org_name, o.fullname AS org_fullname, o.avatar_url AS org_avatar_url`;

/** The FROM clause that goes with PAPER_COLUMNS. */
export const PAPER_FROM = `papers p LEFT JOIN organizations o ON o.id = p.organization_id`;
