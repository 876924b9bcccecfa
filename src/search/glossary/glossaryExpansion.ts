import type { Glossary } from './glossary.ts';

/** When and how a descriptive query gets the glossary's terms (RankingSettings.glossary). */
export interface GlossarySettings {
  /** Weight of each matched term's vector added to the query's on the semantic side; 0 (and lexicalWeight 0) turns the glossary off. */
  weight: number;
  /** Weight of each matched term's words as optional clauses on the lexical side (the user's own words weigh 1); 0: not. */
  lexicalWeight: number;
  /** Only queries of at least this many distinct content words are expanded (keyword, acronym and title queries are short). */
  minWords: number;
  /** Only when no lexical match holds this share of the query's idf mass (weak lexical matches). */
  maxLexicalCoverage: number;
  /** A description must hold this share of the query's idf mass for its term to be added. */
  minMatch: number;
  /** At most this many terms are added. */
  terms: number;
  /** With a glossary matched by vectors too: the least cosine between query and description (0: vectors alone rank). */
  minCosine?: number;
}

/** One text to add to the query: a glossary term and its weight. */
export interface Expansion {
  text: string;
  weight: number;
}

/**
 * The glossary terms a descriptive query names in other words, to add to the query; [] for short queries, for
 * queries some paper already matches well by its words, and when no description matches well enough. `own` are
 * the query's analysed content terms, `bestLexicalCoverage` the largest share of their idf mass a lexical match holds.
 */
export function glossaryExpansion(glossary: Glossary, own: readonly string[], bestLexicalCoverage: number, s: GlossarySettings, queryText?: string): Expansion[] {
  if ((s.weight <= 0 && s.lexicalWeight <= 0) || new Set(own).size < s.minWords || bestLexicalCoverage >= s.maxLexicalCoverage) return [];
  return glossary
    .match(own, s.terms, queryText, s.minCosine)
    .filter((m) => m.coverage >= s.minMatch)
    .map((m) => ({ text: m.term, weight: 1 }));
}

/**
 * The glossary expansion of one search (searchPapers calls it after the lexical pass, hybrid and semantic modes):
 * the terms to add on the semantic side with their weights, and whether the lexical query was extended with them
 * (optional clauses at `lexicalWeight`; the caller then searches again). Reads the bundled glossary on first use.
 */
export function expandQuery(
  glossary: () => Glossary,
  index: { coverage(scored: ReadonlyArray<{ term: string; weight: number }>, own: readonly string[], docs: readonly number[]): Float64Array },
  lq: { scored: { term: string; weight: number }[] },
  lexicalDocs: readonly number[],
  s: GlossarySettings,
  analyze: (text: string) => string[],
  queryText?: string,
): { semantic: Expansion[]; lexicalChanged: boolean } {
  const none = { semantic: [], lexicalChanged: false };
  if (s.weight <= 0 && s.lexicalWeight <= 0) return none;
  const own = [...new Set(lq.scored.filter((t) => t.weight >= 1).map((t) => t.term))];
  if (own.length < s.minWords) return none;
  const coverage = lexicalDocs.length ? Math.max(...index.coverage(lq.scored, own, lexicalDocs)) : 0;
  const found = glossaryExpansion(glossary(), own, coverage, s, queryText);
  if (!found.length) return none;
  let lexicalChanged = false;
  if (s.lexicalWeight > 0) {
    const have = new Map(lq.scored.map((t) => [t.term, t]));
    for (const e of found)
      for (const term of analyze(e.text)) {
        const w = s.lexicalWeight * e.weight;
        const t = have.get(term);
        if (!t) lq.scored.push({ term, weight: w }), have.set(term, lq.scored[lq.scored.length - 1]!), (lexicalChanged = true);
      }
  }
  return { semantic: s.weight > 0 ? found.map((e) => ({ text: e.text, weight: s.weight * e.weight })) : [], lexicalChanged };
}
