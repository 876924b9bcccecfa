import { normalizeWord } from '../lexical/analyzer.ts';
import type { LexicalIndex } from '../lexical/lexicalIndex.ts';
import { letterMask } from '../lexical/letterMask.ts';
import { editDistanceTo } from './editDistance.ts';

/** How much one more edit costs against a candidate's document frequency: a word twice as far must be e^2.5 ≈ 12× as common. */
const EDIT_COST = 2.5;

/**
 * The index term a misspelled term most likely meant, from the index's own vocabulary: the candidates with the
 * same first letter within one edit (terms of up to seven letters) or two (longer), in at least two papers,
 * scored by ln(document frequency) − 2.5 × edits (the first letter is rarely the one mistyped, and it keeps
 * "newer" from becoming "fewer"), so "difus" (difusion) becomes "diffus" and "modl" (modles) becomes "model" rather than the rarer
 * "modul". Undefined when nothing is close. Reads only the index terms of that first letter and a length within
 * reach (LexicalIndex.forEachTermLike), with an early-exit distance: about a millisecond at 126k papers, where a
 * walk over all 400k terms took ~10 (and a pasted title's rare names each took one).
 */
export function correctTerm(index: LexicalIndex, term: string): string | undefined {
  return nearestTerm(index, term);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The index term a misspelled *word* most likely meant. A stemmer cannot strip a misspelled suffix
 * ("quantizaton" stays whole, far from "quantiz"), so first every word one edit from the typed one (a deleted,
 * swapped, replaced or inserted letter, the first letter kept: ~50 × length words) is analysed and looked up,
 * and the one in most papers wins; when none is in at least two papers, the stems are compared (`correctTerm`)
 * unless `scan` is false (the caller knows the word is mash, not a misspelling: 45–135 ms saved at 126k).
 */
export function correctWord(index: LexicalIndex, word: string, options: { scan?: boolean } = {}): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 3 || !/^[a-z]+$/.test(w)) return undefined;
  let best: string | undefined;
  let bestDf = 1;
  const consider = (candidate: string) => {
    const term = normalizeWord(candidate);
    const df = index.docFreq(term);
    if (df > bestDf || (df === bestDf && best !== undefined && term < best)) [best, bestDf] = [term, df];
  };
  for (let i = 1; i <= w.length; i++) {
    if (i < w.length) consider(w.slice(0, i) + w.slice(i + 1));
    if (i < w.length - 1) consider(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    for (const c of LETTERS) {
      if (i < w.length && c !== w[i]) consider(w.slice(0, i) + c + w.slice(i + 1));
      consider(w.slice(0, i) + c + w.slice(i));
    }
  }
  return best ?? (options.scan === false ? undefined : nearestTerm(index, normalizeWord(w)));
}

/** Misspellings corrected once at warm-up (warmSpelling): a word of each length spelling compares. */
const WARM_WORDS = ['atention', 'difusion', 'embeding', 'transformr', 'retreival', 'quantizaton', 'segmentaton', 'reinforcment'];

/**
 * Corrects a few misspelled words, both ways (`correctWord`'s edits and the dictionary scan), `pause` between
 * them, once the lexical index is loaded: the first query after a restart with a misspelled or unknown word
 * otherwise pays for compiling that code (at 2.7M papers 10–24 ms for its first words against 2–7 once warm;
 * the warm-up itself takes 65–90 ms).
 */
export async function warmSpelling(index: LexicalIndex, pause: () => Promise<void> | undefined): Promise<void> {
  for (const word of WARM_WORDS) {
    correctWord(index, word, { scan: false });
    await pause();
    nearestTerm(index, normalizeWord(word));
    await pause();
  }
}

function nearestTerm(index: LexicalIndex, term: string): string | undefined {
  if (term.length < 3 || !/^[a-z]+$/.test(term)) return undefined;
  const max = term.length < 8 ? 1 : 2;
  const first = term.charCodeAt(0);
  let best: string | undefined;
  let bestScore = -Infinity;
  // each letter one word has and the other lacks takes an edit at least: most terms are out of reach by that alone
  const near = { letters: letterMask(Buffer.from(term, 'latin1'), 0, term.length), edits: max };
  index.forEachTermLike(first, term.length - max, term.length + max, (text, start, end, df) => {
    const d = editDistanceTo(term, text, start, end, max);
    if (d > max) return;
    const score = Math.log(df) - EDIT_COST * d;
    if (score < bestScore) return;
    // a string only for the few within reach
    const candidate = text.toString('utf8', start, end);
    if (score > bestScore || candidate < best!) {
      best = candidate;
      bestScore = score;
    }
  }, 2, near);
  return best;
}
