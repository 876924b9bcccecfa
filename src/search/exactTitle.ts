import { analyze } from './lexical/analyzer.ts';
import type { Hit } from './lexical/lexicalIndex.ts';
import type { PaperReads } from './paperReads.ts';

/** How many of the best lexical hits are checked for a title equal to the query. */
const CHECKED = 10;

/** A title or query as a comparable string: its analysed words, stopwords included, in order. */
const normalTitle = (text: string) =>
  analyze(text, true)
    .map((t) => t.term)
    .join(' ');

/**
 * A pasted title finds its paper first: when one of the best lexical hits has exactly the query's words as its
 * title (after analysis, so case, punctuation and hyphens do not matter), it moves to the top of `ranked`. Fusion
 * alone can let a paper whose meaning is near a long title outrank the paper itself — on 126k papers it did — and
 * a reader who pastes a title means that paper. Costs one read of up to ten papers' rows (through the search's
 * `papers`, which keeps them for the page).
 */
export async function exactTitleFirst(papers: PaperReads, queryText: string, lexical: Hit[], ranked: Hit[]): Promise<Hit[]> {
  const wanted = normalTitle(queryText);
  if (!wanted.includes(' ') || !lexical.length) return ranked;
  const checked = await papers(lexical.slice(0, CHECKED).map((h) => h.id));
  const match = checked.find((p) => normalTitle(p.title) === wanted);
  if (!match) return ranked;
  const hit = ranked.find((h) => h.id === match.id) ?? lexical.find((h) => h.id === match.id)!;
  return [hit, ...ranked.filter((h) => h.id !== match.id)];
}
