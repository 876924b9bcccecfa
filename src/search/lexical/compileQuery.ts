import type { ParsedQuery } from '../query/parseQuery.ts';
import { analyze } from './analyzer.ts';
import { dayNumber, type LexicalIndex, type LexicalQuery } from './lexicalIndex.ts';

/** Weight of terms added by acronym expansion, relative to the user's own words. */
export const EXPANSION_WEIGHT = 0.6;

/** The analysed terms of a text with a hyphenated word's joined form left out: the plain word sequence. */
export const wordTerms = (text: string) => {
  const all = analyze(text);
  return all.filter((t, i) => i === 0 || all[i - 1]!.pos !== t.pos).map((t) => t.term);
};

/**
 * Turns a parsed query into index terms: the user's words and phrases score, acronyms add their long forms (and
 * long forms their acronyms) at a lower weight, and field filters become required namespaced terms.
 */
export function compileQuery(q: ParsedQuery, index: LexicalIndex, options: { sort: LexicalQuery['sort']; limit: number }): LexicalQuery {
  const scored = new Map<string, number>();
  const score = (term: string, weight: number) => scored.set(term, Math.max(scored.get(term) ?? 0, weight));
  const required: string[] = [];
  const text = [...q.words, ...q.phrases, ...q.title].join(' ');
  for (const t of analyze(text)) score(t.term, 1);
  const sequence = wordTerms(text);
  for (const term of new Set(sequence)) {
    for (const form of index.acronyms.expand(term)) for (const t of form.terms) if (!scored.has(t)) score(t, (EXPANSION_WEIGHT * form.share) / Math.sqrt(form.terms.length));
  }
  for (const acr of index.acronyms.contract(sequence)) if (!scored.has(acr)) score(acr, EXPANSION_WEIGHT);
  for (const phrase of q.phrases) for (const t of wordTerms(phrase)) required.push(t);
  for (const title of q.title) for (const t of wordTerms(title)) required.push(`t:${t}`);
  for (const author of q.author) for (const t of wordTerms(author)) required.push(`a:${t}`);
  const anyOf: string[][] = [];
  if (q.cat.length) anyOf.push(q.cat.map((c) => `c:${c.toLowerCase()}`));
  if (q.org.length) anyOf.push(q.org.map((o) => `o:${o.toLowerCase()}`));
  const excluded = q.excluded.filter((e) => wordTerms(e).length === 1).map((e) => wordTerms(e)[0]!);
  return {
    scored: [...scored].map(([term, weight]) => ({ term, weight })),
    required: [...new Set(required)],
    anyOf,
    excluded,
    from: q.from ? dayNumber(q.from) : undefined,
    to: q.to ? dayNumber(q.to) : undefined,
    hasCode: q.hasCode,
    sort: options.sort,
    limit: options.limit,
  };
}
