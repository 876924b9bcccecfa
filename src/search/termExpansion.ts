import { analyze, isStopword } from './lexical/analyzer.ts';
import type { compileQuery } from './lexical/compileQuery.ts';
import type { LexicalIndex } from './lexical/lexicalIndex.ts';
import type { ParsedQuery } from './query/parseQuery.ts';
import type { SearchContext } from './searchContext.ts';

/** How the query's words are expanded with the embedding model's nearest vocabulary words on the lexical side. */
export interface ExpansionSettings {
  /** Nearest vocabulary words looked at per query word; 0 turns expansion off. */
  neighbours: number;
  /** The least cosine between a query word and a neighbour for the neighbour to be added. */
  minScore: number;
  /** An added term's weight is `weight` × its cosine (the user's own words weigh 1). */
  weight: number;
  /** Each added word's vector joins the query's on the semantic side with `semanticWeight` × its cosine (0: not). */
  semanticWeight: number;
  /** A neighbour is added only when at least `dfRatio` × as many papers hold it as hold the query word (0: always). */
  dfRatio: number;
  /** Local context: a neighbour is added only when at least `gate` of the first `gateDepth` results of the unexpanded query hold it (0: no gate). */
  gate: number;
  gateDepth: number;
}

/**
 * Adds the embedding model's nearest vocabulary words of each query word to the lexical query, at a lower weight
 * (src/search/semantic/termNeighbours.ts), and returns them as weighted texts for the semantic side; `lq.scored` is extended in place.
 */
export function expandTerms(ctx: SearchContext, index: LexicalIndex, q: ParsedQuery, lq: ReturnType<typeof compileQuery>, s: ExpansionSettings, topDocs?: number[]): { text: string; weight: number }[] {
  const near = ctx.semantic?.nearTerms;
  if (!near || s.neighbours <= 0 || (s.weight <= 0 && s.semanticWeight <= 0)) return [];
  const scored = new Map(lq.scored.map((t) => [t.term, t.weight]));
  const added: { text: string; weight: number }[] = [];
  for (const word of new Set(q.words.map((w) => w.toLowerCase()))) {
    if (isStopword(word)) continue;
    const own = analyze(word)[0]?.term;
    if (!own) continue;
    const ownDf = index.docFreq(own);
    for (const n of near.call(ctx.semantic, word, s.neighbours)) {
      if (n.score < s.minScore) break;
      const term = analyze(n.word)[0]?.term;
      if (!term || term === own || (scored.get(term) ?? 0) >= 1) continue;
      const df = index.docFreq(term);
      if (!df || (s.dfRatio > 0 && df < s.dfRatio * Math.max(1, ownDf))) continue;
      if (s.gate > 0 && topDocs) {
        const held = index.coverage([{ term, weight: 1 }], [term], topDocs).filter((c) => c > 0).length;
        if (held < s.gate) continue;
      }
      if (s.semanticWeight > 0) added.push({ text: n.word, weight: s.semanticWeight * n.score });
      const w = s.weight * n.score;
      if (w > (scored.get(term) ?? 0)) scored.set(term, w);
    }
  }
  lq.scored = [...scored].map(([term, weight]) => ({ term, weight }));
  return added;
}
