import type { SearchContext } from '../searchContext.ts';
import type { Glossary } from './glossary.ts';
import { GLOSSARY_FILE, loadGlossary } from './loadGlossary.ts';

/** When and how a descriptive query gets the glossary's terms (RankingSettings.glossary). */
export interface GlossarySettings {
  /** Weight of a matched term's vector added to the query's on the semantic side; 0 (and lexicalWeight 0) turns the glossary off. */
  weight: number;
  /** Weight of a matched term's words as optional clauses on the lexical side (the user's own words weigh 1); 0: not. */
  lexicalWeight: number;
  /** Only queries of at least this many distinct content words are expanded (keyword, acronym and title queries are short). */
  minWords: number;
  /** Only when no lexical match holds this share of the query's idf mass (weak lexical matches). */
  maxLexicalCoverage: number;
  /** A description must hold this share of the query's idf mass (its words) for its term to be added. */
  minMatch: number;
  /** At most this many terms are added. */
  terms: number;
  /** The description's vector must also have this cosine with the query's (0: words alone); needs an in-process model. */
  minCosine: number;
}

/** One text to add to the query: a glossary term and its weight. */
export interface Expansion {
  text: string;
  weight: number;
}

/**
 * The context's glossary (the bundled one, read on first use, once per context), with description vectors from
 * the context's model when the settings ask for them; undefined when they do and the model is not in-process.
 */
export function contextGlossary(ctx: SearchContext, s: GlossarySettings): Glossary | undefined {
  const glossary = (ctx.glossary ??= loadGlossary(GLOSSARY_FILE));
  if (s.minCosine <= 0 || glossary.hasVectors) return glossary;
  const embedSync = ctx.semantic?.embedder?.embedSync?.bind(ctx.semantic.embedder);
  if (!embedSync) return undefined;
  glossary.useVectors(embedSync);
  return glossary;
}

/**
 * The glossary expansion of one search (searchPapers calls it after the lexical pass, in hybrid mode, the mode
 * it was chosen in): for a query of several content words that no paper matches well by its words, the terms whose mined
 * descriptions match it (by words and, with `minCosine`, by meaning). Returns the texts to add on the semantic side,
 * and whether the lexical query was extended with their words (optional clauses; the caller then searches again).
 */
export function expandQuery(
  glossary: (s: GlossarySettings) => Glossary | undefined,
  index: { coverage(scored: ReadonlyArray<{ term: string; weight: number }>, own: readonly string[], docs: readonly number[]): Float64Array },
  lq: { scored: { term: string; weight: number }[] },
  lexicalDocs: readonly number[],
  s: GlossarySettings,
  analyze: (text: string) => string[],
  queryText: string,
): { semantic: Expansion[]; lexicalChanged: boolean } {
  const none = { semantic: [], lexicalChanged: false };
  if (s.weight <= 0 && s.lexicalWeight <= 0) return none;
  const own = [...new Set(lq.scored.filter((t) => t.weight >= 1).map((t) => t.term))];
  if (own.length < s.minWords) return none;
  if (lexicalDocs.length && Math.max(...index.coverage(lq.scored, own, lexicalDocs)) >= s.maxLexicalCoverage) return none;
  const g = glossary(s);
  if (!g) return none;
  const found = g.match(own, s.terms, s.minCosine > 0 ? { text: queryText, minCosine: s.minCosine } : undefined).filter((m) => m.coverage >= s.minMatch);
  if (!found.length) return none;
  let lexicalChanged = false;
  if (s.lexicalWeight > 0) {
    const have = new Set(lq.scored.map((t) => t.term));
    for (const m of found)
      for (const term of analyze(m.term))
        if (!have.has(term)) {
          lq.scored.push({ term, weight: s.lexicalWeight });
          have.add(term);
          lexicalChanged = true;
        }
  }
  return { semantic: s.weight > 0 ? found.map((m) => ({ text: m.term, weight: s.weight })) : [], lexicalChanged };
}
