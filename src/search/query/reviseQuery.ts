import type { Paper } from '../../model/paper.ts';
import { isStopword, normalizeWord, scanWords } from '../lexical/analyzer.ts';
import type { LexicalIndex } from '../lexical/lexicalIndex.ts';
import { correctWord } from '../spelling/correctTerm.ts';
import { isEnglishTerm, isWordLike } from './englishWords.ts';
import type { ParsedQuery } from './parseQuery.ts';

/** What revising a query changed: misspellings it corrected, strings it dropped as no word at all, and whether any meaning is left. */
export interface QueryRevision {
  /** Each corrected word and the corpus word it became ("difusion" → "diffusion"). */
  corrections: { from: string; to: string }[];
  /** Words neither in the corpus, nor English, nor close to a corpus word: left out of the search. */
  dropped: string[];
  /** The query as typed with its corrections applied, for "Showing results for …" (undefined when nothing was corrected). */
  suggestion?: string;
  /** True when the query had text and none of it means anything (gibberish, emoji, markup): search returns nothing. */
  meaningless: boolean;
}

/** A word in at most this many papers may still be a misspelling… */
const RARE_TYPO_DF = 3;
/** …when a word one edit away is in this many times more papers. */
const TYPO_RATIO = 100;

/**
 * Markup pasted into the box is code, not words to look for: tags (`</b>`, `<img src=…>`) are removed, and so is
 * everything inside `<script>` and `<style>` elements (an unclosed one runs to the end).
 */
export const stripMarkup = (text: string) =>
  text.replace(/<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ').replace(/<\/?[A-Za-z][^<>]*>/g, ' ');

/**
 * Looks at each free word of a parsed query before it is searched, against the index's vocabulary: a word some
 * paper contains or an English word stays; a word no paper contains that is an edit or two from a corpus word
 * (or that at most three papers contain, one edit from a word in a hundred times more) is replaced by it (the spelling it has in the papers that contain it, read from `papersOf`); another word-like
 * word (a name, new jargon), a short word or one with digits stays but cannot carry a query alone; anything else —
 * keyboard mash, emoji, random strings — is dropped, so that it cannot pull in chance neighbours on the semantic
 * side. A query left with no meaningful word is `meaningless` and finds nothing.
 * `typed` is the query as the user wrote it, for the suggestion. Phrases and field filters are left as typed. Mutates `q.words`.
 */
export async function reviseQuery(q: ParsedQuery, typed: string, index: LexicalIndex, papersOf: (ids: string[]) => Promise<Paper[]>): Promise<QueryRevision> {
  const hadText = q.words.length > 0 || q.phrases.length > 0 || q.title.length > 0;
  const corrections: { from: string; to: string }[] = [];
  const dropped: string[] = [];
  const words: string[] = [];
  let meaningful = 0;
  for (const raw of q.words) {
    const parts: string[] = [];
    scanWords(raw, (word, _pos, joined) => {
      if (!joined) parts.push(word);
    });
    let changed = parts.length === 0;
    const kept: string[] = [];
    for (const word of parts) {
      const term = normalizeWord(word);
      if (isStopword(word)) {
        kept.push(word);
        continue;
      }
      const df = index.docFreq(term);
      // a misspelling a few abstracts share ("difusion" is in 2 of 126k papers) next to a word hundreds hold
      const common = df > 0 && df <= RARE_TYPO_DF && !isEnglishTerm(term) ? correctWord(index, word) : undefined;
      if (common && common !== term && index.docFreq(common) >= TYPO_RATIO * df) {
        const to = await surfaceForm(index, common, papersOf);
        corrections.push({ from: word, to });
        kept.push(to);
        meaningful++;
        changed = true;
        continue;
      }
      if (df > 0 || isEnglishTerm(term)) {
        kept.push(word);
        meaningful++;
        continue;
      }
      if (word.length < 3 || /\d/.test(word) || !/^[a-z]+$/.test(term)) {
        kept.push(word); // too short or too odd to judge; it carries no meaning on its own
        continue;
      }
      // keyboard mash is no misspelling: only a word-like string is compared with the whole vocabulary
      const fixed = correctWord(index, word, { scan: isWordLike(term) });
      if (fixed) {
        const to = await surfaceForm(index, fixed, papersOf);
        corrections.push({ from: word, to });
        kept.push(to);
        meaningful++;
        changed = true;
      } else if (isWordLike(term)) {
        kept.push(word); // a name or new jargon the corpus lacks: it may help the words around it, not stand alone
      } else {
        dropped.push(word);
        changed = true;
      }
    }
    if (!changed) words.push(raw);
    else if (kept.length) words.push(...kept);
    if (parts.length === 0) dropped.push(raw);
  }
  q.words = words;
  meaningful += q.phrases.length + q.title.length;
  let suggestion: string | undefined;
  for (const c of corrections) suggestion = (suggestion ?? typed).replace(c.from, c.to);
  return { corrections, dropped, suggestion, meaningless: hadText && meaningful === 0 };
}

/** How a term is spelled in the papers that use it most: the most frequent word of their titles and abstracts that analyses to it. */
async function surfaceForm(index: LexicalIndex, term: string, papersOf: (ids: string[]) => Promise<Paper[]>): Promise<string> {
  const { hits } = index.search({ scored: [{ term, weight: 1 }], required: [], anyOf: [], excluded: [], sort: 'relevance', limit: 3 });
  const counts = new Map<string, number>();
  for (const p of await papersOf(hits.map((h) => h.id))) {
    scanWords(`${p.title} ${p.abstract ?? ''}`, (word, _pos, joined) => {
      if (!joined && normalizeWord(word) === term) counts.set(word.toLowerCase(), (counts.get(word.toLowerCase()) ?? 0) + 1);
    });
  }
  let best = term;
  let most = 0;
  for (const [word, n] of counts) if (n > most || (n === most && word < best)) [best, most] = [word, n];
  return best;
}
