import { analyze } from './lexical/analyzer.ts';
import type { Hit } from './lexical/lexicalIndex.ts';
import type { PaperReads } from './paperReads.ts';

/** How many of the best lexical hits are checked for a title equal to the query. */
const CHECKED = 10;
/** How many further papers, whose titles hold every word of the query and no other, are read after them. */
const FURTHER = 3;

/** Where else a pasted title may be: the papers whose title holds every one of some analysed terms, and their title lengths. */
export interface TitleLookup {
  holders(terms: readonly string[]): Hit[];
  titleWords(doc: number): number;
}

/** A title or query as a comparable string: its analysed words, stopwords included, in order. */
const normalTitle = (text: string) =>
  analyze(text, true)
    .map((t) => t.term)
    .join(' ');

/**
 * A pasted title finds its paper first: when one of the best lexical hits has exactly the query's words as its
 * title (after analysis, so case, punctuation and hyphens do not matter), it moves to the top of `ranked`. The
 * query's texts are the words as typed and as revised by spelling: a title pasted whole is the paper meant even
 * where a rare word of it ("MCMT") was taken for a misspelling, and a title typed with a slip matches once repaired. Fusion
 * alone can let a paper whose meaning is near a long title outrank the paper itself — on 126k papers it did — and
 * a reader who pastes a title means that paper. Costs one read of up to ten papers' rows (through the search's
 * `papers`, which keeps them for the page). When none of them is the title and `lookup` is given, the papers whose
 * title holds every word of the query and no other (`lookup`, from the index's title terms, no row read) are read
 * too, at most three: at 126k papers a short title whose words many papers share ranked 89th lexically.
 */
export async function exactTitleFirst(papers: PaperReads, queryTexts: readonly string[], lexical: Hit[], ranked: Hit[], lookup?: TitleLookup): Promise<Hit[]> {
  const wanted = new Set(queryTexts.map(normalTitle).filter((t) => t.includes(' ')));
  if (!wanted.size || !lexical.length) return ranked;
  const firstIds = lexical.slice(0, CHECKED).map((h) => h.id);
  const checked = await papers(firstIds);
  let match = checked.find((p) => wanted.has(normalTitle(p.title)));
  let further: Hit[] = [];
  for (const text of lookup && !match ? new Set(queryTexts) : []) {
    const terms = analyze(text).map((t) => t.term);
    if (terms.length < 3) continue;
    further = lookup!.holders(terms).filter((h) => !firstIds.includes(h.id) && lookup!.titleWords(h.doc) === terms.length).slice(0, FURTHER);
    if (further.length) match = (await papers(further.map((h) => h.id))).find((p) => wanted.has(normalTitle(p.title)));
    if (match) break;
  }
  if (!match) return ranked;
  const id = match.id;
  const hit = ranked.find((h) => h.id === id) ?? lexical.find((h) => h.id === id) ?? further.find((h) => h.id === id)!;
  return [hit, ...ranked.filter((h) => h.id !== id)];
}
