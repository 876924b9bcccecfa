import { badRequest } from '../http/errors.ts';
import { dateSpan } from './query/parseQuery.ts';
import { searchPapers, type SearchContext, type SearchFilters, type SearchMode, type SearchResult, type SearchSort } from './searchPapers.ts';

/** Search parameters as GET /api/papers/search and the MCP `search_papers` tool take them (validated already). */
export interface SearchParams {
  q: string;
  limit: number;
  offset: number;
  mode: SearchMode;
  sort?: SearchSort;
  from?: string;
  to?: string;
  category?: string;
  org?: string;
  has_code?: '1' | 'true' | '0' | 'false';
}

/** The filters given as parameters (dates widened to whole months or years as written; 400 when not real). */
function filtersOf(q: SearchParams): SearchFilters {
  const from = q.from ? dateSpan(q.from) : undefined;
  const to = q.to ? dateSpan(q.to) : undefined;
  if ((q.from && !from) || (q.to && !to)) throw badRequest('from and to must be real dates');
  return {
    from: from?.first,
    to: to?.last,
    categories: q.category ? [q.category] : undefined,
    orgs: q.org ? [q.org] : undefined,
    hasCode: q.has_code === '1' || q.has_code === 'true',
  };
}

/**
 * A search from API-style parameters: the one use case the search API and the MCP tool share. Anything in the
 * query the search would ignore is a 400 here, since a program sent it. `total: false` for a caller that shows no
 * count of matches (the Hugging Face-shaped API: see SearchRequest.total).
 */
export async function searchWithParams(ctx: SearchContext, q: SearchParams, options: { total?: boolean } = {}): Promise<SearchResult> {
  const result = await searchPapers(ctx, { interactive: true, q: q.q, mode: q.mode, sort: q.sort, limit: q.limit, offset: q.offset, filters: filtersOf(q), total: options.total });
  if (result.problems.length) throw badRequest(result.problems[0]!.replace(/; it was ignored$/, ''));
  return result;
}
