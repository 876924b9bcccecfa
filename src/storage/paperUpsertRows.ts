import type { PaperInput } from '../model/paper.ts';
import { localPaperId, titleKey } from '../model/paperId.ts';

/** An input paper with the keys both upserters look it up by: arXiv id, the id it will have, its title key. */
export type KeyedPaper = { input: PaperInput; arxivId?: string; id: string; key: string };

/** A papers row as either backend returns it for `SELECT *`. */
type StoredRow = Record<string, unknown>;

/** Finds an organization's id by handle (creating it where the backend does so on demand); null for none. */
type OrgId = (org: NonNullable<PaperInput['organization']>) => number;

const COMPARED = ['title', 'abstract', 'authors', 'author_count', 'published_at', 'categories', 'code_url', 'project_url', 'github_stars', 'organization_id', 'version', 'withdrawn_at', 'base_upvotes'] as const;

/** The columns of a new paper, in the order `newPaperValues` gives them (both backends insert in this order). */
export const NEW_PAPER_COLUMNS = [
  'id', 'arxiv_id', 'version', 'title', 'title_key', 'abstract', 'authors', 'author_count', 'published_at', 'categories',
  'code_url', 'project_url', 'github_stars', 'organization_id', 'base_upvotes', 'upvotes', 'withdrawn_at',
] as const;

/** Gives each input the keys it is matched by, the same way on every backend: arXiv id, then local id, then title. */
export function keyPapers(inputs: PaperInput[]): KeyedPaper[] {
  return inputs.map((input) => {
    const arxivId = input.arxivId ?? (input.id && !input.id.startsWith('pw-') ? input.id : undefined);
    return { input, arxivId, id: arxivId ?? input.id ?? localPaperId(input.title), key: titleKey(input.title) };
  });
}

/** True when the input is an older arXiv version than the stored paper, which an upsert then leaves alone. */
export function isOlderVersion(input: PaperInput, existing: StoredRow): boolean {
  return input.version !== undefined && existing.version !== null && existing.version !== undefined && input.version < (existing.version as number);
}

/** A new paper's column values in NEW_PAPER_COLUMNS order. */
export function newPaperValues({ input, arxivId, id, key }: KeyedPaper, orgId: OrgId): unknown[] {
  return [
    id, arxivId ?? null, input.version ?? null, input.title, key, input.abstract ?? null, JSON.stringify(input.authors ?? []),
    input.authors?.length || input.authorCount || null, input.publishedAt ?? null, JSON.stringify(input.categories ?? []),
    input.codeUrl ?? null, input.projectUrl ?? null, input.githubStars ?? null, input.organization ? orgId(input.organization) : null,
    input.baseUpvotes ?? 0, input.baseUpvotes ?? 0, input.withdrawnAt ?? null,
  ];
}

/**
 * An existing paper's row after the input is applied (fields the input leaves out keep their stored values), or
 * undefined when nothing would change — so an unchanged re-import writes nothing and logs no search change.
 */
export function mergedPaperRow({ input, arxivId, id, key }: KeyedPaper, existing: StoredRow, orgId: OrgId) {
  const row = {
    id: !arxivId ? (existing.id as string) : id,
    arxiv_id: arxivId ?? (existing.arxiv_id as string | null) ?? null,
    version: input.version ?? (existing.version as number | null) ?? null,
    title: input.title,
    title_key: key,
    abstract: input.abstract ?? (existing.abstract as string | null) ?? null,
    authors: input.authors ? JSON.stringify(input.authors) : (existing.authors as string),
    author_count: input.authors?.length || input.authorCount || (existing.author_count as number | null) || null,
    published_at: input.publishedAt ?? (existing.published_at as string | null) ?? null,
    categories: input.categories ? JSON.stringify(input.categories) : (existing.categories as string),
    code_url: input.codeUrl ?? (existing.code_url as string | null) ?? null,
    project_url: input.projectUrl ?? (existing.project_url as string | null) ?? null,
    github_stars: input.githubStars ?? (existing.github_stars as number | null) ?? null,
    organization_id: input.organization ? orgId(input.organization) : ((existing.organization_id as number | null) ?? null),
    base_upvotes: input.baseUpvotes ?? (existing.base_upvotes as number | null) ?? 0,
    withdrawn_at: input.withdrawnAt ?? (existing.withdrawn_at as string | null) ?? null,
  };
  const changed = row.id !== existing.id || COMPARED.some((c) => (row[c] ?? null) !== (existing[c] ?? null));
  return changed ? row : undefined;
}
