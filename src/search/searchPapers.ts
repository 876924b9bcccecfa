import type { Paper } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';
import { DEFAULT_RANKING, hybridHits, semanticHits, type RankingSettings } from './hybridHits.ts';
import { highlight, type Highlight } from './highlight.ts';
import { paperReads } from './paperReads.ts';
import { analyze } from './lexical/analyzer.ts';
import { compileQuery } from './lexical/compileQuery.ts';
import { phraseMatcher } from './lexical/phraseMatcher.ts';
import type { Hit } from './lexical/lexicalIndex.ts';
import { readyLexical, SearchNotReadyError, type SearchContext } from './searchContext.ts';
import { isEmptyQuery, parseQuery, type ParsedQuery } from './query/parseQuery.ts';
import { reviseQuery, stripMarkup, type QueryRevision } from './query/reviseQuery.ts';

export type { SearchContext, SemanticRanker } from './searchContext.ts';

/** How search ranks: lexical alone, semantic alone, or both fused (the default). */
export type SearchMode = 'hybrid' | 'lexical' | 'semantic';
/** Result order. */
export type SearchSort = 'relevance' | 'date' | 'upvotes';

/** Filters given outside the query text (the search page's form, API parameters); merged with the query's own. */
export interface SearchFilters {
  from?: string;
  to?: string;
  categories?: string[];
  orgs?: string[];
  authors?: string[];
  hasCode?: boolean;
}

/** One search: the query text (in the query language), filters, order, mode and page. */
export interface SearchRequest {
  q: string;
  filters?: SearchFilters;
  sort?: SearchSort;
  mode?: SearchMode;
  limit: number;
  offset?: number;
  /** Whether to compute highlighted matches (the search page wants them; the API does not). */
  highlight?: boolean;
  /**
   * A request someone waits on (pages, API, feeds): while the server's first lexical build runs, it waits at most
   * the context's `requestWaitMs`, then throws SearchNotReadyError (503 with Retry-After). Others (CLI, jobs) wait.
   */
  interactive?: boolean;
  /**
   * Whether the caller shows how many papers matched (default true). False (the JSON API, feeds) skips counting a
   * hybrid query's credible matches beyond the ranked pool; `total` is then a lower bound and `totalExact` false.
   */
  total?: boolean;
}

/** The page of papers, how many matched in all, what matched in each, and anything in the query that was ignored. */
export interface SearchResult {
  papers: Paper[];
  total: number;
  /** False when `total` is an estimate (phrase queries over very many candidates). */
  totalExact: boolean;
  highlights: Map<string, Highlight>;
  problems: string[];
  /** The mode actually used: hybrid falls back to lexical when no semantic ranker is available. */
  mode: SearchMode;
  query: ParsedQuery;
  /** Misspellings corrected (and searched for) and strings dropped as no word at all (src/search/query/reviseQuery.ts). */
  revision?: QueryRevision;
}

/** How many ranked candidates a phrase or excluded-phrase query checks against the text at most. */
const MAX_VERIFIED = 2_000;

/** Whether a query is words alone (no exclusions or field filters): its text as typed can then stand for a pasted title. */
const plainWords = (q: ParsedQuery) => !q.excluded.length && !q.title.length && !q.author.length && !q.org.length && !q.cat.length;

/**
 * THE search entry point: the search page, the API, feeds, saved searches and the CLI all call this. Any query
 * string is accepted (see parseQuery); nothing here throws for user input.
 */
export async function searchPapers(ctx: SearchContext, req: SearchRequest): Promise<SearchResult> {
  const parsed = parseQuery(stripMarkup(req.q));
  mergeFilters(parsed, req.filters);
  const index = req.interactive ? await readyLexical(ctx) : await ctx.lexical.current();
  if (!index) throw new SearchNotReadyError();
  // each paper's row is read once per search: spelling, the exact-title check and the page share the reads
  const papersOf = paperReads(ctx.store);
  const revision = await reviseQuery(parsed, req.q, index, papersOf);
  const sort: SearchSort = req.sort ?? parsed.sort ?? (hasText(parsed) ? 'relevance' : 'date');
  const wanted = req.mode ?? 'hybrid';
  const mode: SearchMode = wanted !== 'lexical' && ctx.semantic && hasText(parsed) ? wanted : 'lexical';
  const offset = req.offset ?? 0;
  const empty = { papers: [], total: 0, totalExact: true, highlights: new Map(), problems: parsed.problems, mode, query: parsed, revision };
  if (revision.meaningless || isEmptyQuery(parsed) || (parsed.from && parsed.to && parsed.from > parsed.to)) return empty;

  const needsText = parsed.phrases.length > 0 || parsed.excluded.some((e) => /\s/.test(e.trim()));
  const want = offset + req.limit;
  const depth = (ctx.ranking ?? DEFAULT_RANKING).depth;
  const lexLimit = needsText ? Math.min(MAX_VERIFIED, want * 5 + 100) : mode === 'lexical' ? want : Math.max(want, depth);
  const lq = compileQuery(parsed, index, { sort, limit: lexLimit });
  // semantic mode by relevance ranks by meaning alone: no lexical ranking to compute (its filters still apply)
  const byMeaning = mode === 'semantic' && sort === 'relevance';
  let { hits, total, exact: totalExact } = byMeaning ? { hits: [] as Hit[], total: 0, exact: true } : index.search(lq);
  // words that analyse to no index term (stopwords only) match nothing, rather than every paper by date
  if (hasText(parsed) && !lq.scored.length && !lq.required.length) ({ hits, total, exact: totalExact } = { hits: [], total: 0, exact: true });

  if (mode !== 'lexical' && sort === 'relevance') {
    if (mode === 'semantic') {
      hits = (await semanticHits(ctx, index, parsed, lq, Math.max(want, depth))).hits;
      total = hits.length;
    } else {
      // the lexical total, exact or estimated, only decides whether credible matches are counted (exactly)
      const fused = await hybridHits(ctx, index, parsed, lq, hits, total, totalExact, { papers: papersOf, count: req.total !== false || needsText, typed: plainWords(parsed) ? req.q : undefined });
      ({ hits, total } = fused);
      totalExact = fused.exact;
    }
  }

  let papers: Paper[];
  if (needsText) {
    const checked = await verifyText(ctx.store, hits, parsed, want);
    papers = checked.papers.slice(offset, want);
    if (checked.checked < hits.length || hits.length < total) {
      totalExact = checked.checked >= total;
      total = totalExact ? checked.matched : Math.max(checked.matched, Math.round((total * checked.matched) / Math.max(1, checked.checked)));
    } else total = checked.matched;
  } else {
    papers = await papersOf(hits.slice(offset, want).map((h) => h.id));
  }
  const highlights = new Map<string, Highlight>();
  if (req.highlight) {
    const terms = new Set(analyze([...parsed.words, ...parsed.phrases, ...parsed.title].join(' ')).map((t) => t.term));
    for (const s of lq.scored) terms.add(s.term);
    for (const p of papers) highlights.set(p.id, highlight(p.title, p.abstract, terms));
  }
  return { papers, total, totalExact, highlights, problems: parsed.problems, mode, query: parsed, revision };
}

const hasText = (q: ParsedQuery) => q.words.length > 0 || q.phrases.length > 0 || q.title.length > 0;

function mergeFilters(q: ParsedQuery, f: SearchFilters | undefined): void {
  if (!f) return;
  if (f.from && (!q.from || f.from > q.from)) q.from = f.from;
  if (f.to && (!q.to || f.to < q.to)) q.to = f.to;
  q.cat.push(...(f.categories ?? []));
  q.org.push(...(f.orgs ?? []));
  q.author.push(...(f.authors ?? []));
  if (f.hasCode) q.hasCode = true;
}

/** Reads candidates in rank order and keeps those whose text has every phrase and no excluded phrase. */
async function verifyText(store: Store, hits: Hit[], q: ParsedQuery, want: number): Promise<{ papers: Paper[]; matched: number; checked: number }> {
  const excludedPhrases = q.excluded.filter((e) => /\s/.test(e.trim())).map(phraseMatcher);
  const phrases = q.phrases.map(phraseMatcher);
  const papers: Paper[] = [];
  let checked = 0;
  let matched = 0;
  for (let i = 0; i < hits.length && papers.length < want; ) {
    // Most top candidates have the phrase: read a few more than the page first, then as many as the rate so far says.
    const size = i === 0 ? want + 10 : Math.min(500, Math.ceil(((want - papers.length) * Math.max(1, checked)) / Math.max(1, matched) * 1.2) + 10);
    const batch = await store.papers.getMany(hits.slice(i, i + size).map((h) => h.id));
    i += size;
    for (const p of batch) {
      checked++;
      const text = `${p.title}. ${p.abstract ?? ''}. ${p.authors.join(', ')}`;
      if (!phrases.every((has) => has(text)) || excludedPhrases.some((has) => has(text))) continue;
      matched++;
      if (papers.length < want) papers.push(p);
    }
  }
  return { papers, matched, checked };
}
