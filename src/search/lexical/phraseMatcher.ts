import { containsPhrase } from '../highlight.ts';
import { normalizeWord, scanWords } from './analyzer.ts';

const NON_ASCII = /[^\x00-\x7f]/g;
const LETTER = /[\p{L}\p{N}]/u;
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** Whether the character just before `j` is a letter or digit (as the word scanner sees it). */
function wordCharBefore(text: string, j: number): boolean {
  if (j <= 0) return false;
  const c = text.charCodeAt(j - 1);
  if (c < 128) return isAlnum(c);
  if (c >= 0xdc00 && c <= 0xdfff && j >= 2) return LETTER.test(text.slice(j - 2, j));
  return LETTER.test(text[j - 1]!);
}

/**
 * `containsPhrase(text, phrase)` with the phrase analysed once, for checking many candidate papers against one
 * query. It finds the word starts where the phrase can begin — words starting like its first term (`indexOf` on
 * the lower-cased text) and words with non-ASCII letters, which containsPhrase also always tries — and reads
 * only a short window of words after each, instead of splitting the whole abstract into words. It answers exactly
 * as containsPhrase does, falling back to it where a window cannot decide.
 */
export function phraseMatcher(phrase: string): (text: string) => boolean {
  const p: string[] = [];
  scanWords(phrase, (w, _pos, joined) => !joined && p.push(normalizeWord(w)));
  if (!p.length) return () => true;
  const head = p[0]!.slice(0, 3);
  const span = 48 * (p.length + 1);
  return (text) => {
    const lower = text.toLowerCase();
    if (lower.length !== text.length) return containsPhrase(text, phrase);
    const starts: number[] = [];
    for (let j = lower.indexOf(head); j >= 0; j = lower.indexOf(head, j + 1)) if (!wordCharBefore(text, j)) starts.push(j);
    NON_ASCII.lastIndex = 0;
    for (let m = NON_ASCII.exec(text); m; m = NON_ASCII.exec(text)) {
      let j = m.index;
      while (wordCharBefore(text, j)) j--;
      if (starts[starts.length - 1] !== j) starts.push(j);
    }
    let unsure = false;
    for (const j of starts) {
      if (j > 0 && (text.charCodeAt(j - 1) === 39 || text.charCodeAt(j - 1) === 0x2019)) {
        unsure = true; // after an apostrophe ("'s" rules): let the full scan decide
        continue;
      }
      const end = Math.min(text.length, j + span);
      const words: string[] = [];
      scanWords(text.slice(j, end), (w, _pos, joined) => {
        if (!joined && words.length <= p.length) words.push(w);
      });
      if (words.length <= p.length && end < text.length) {
        unsure = true; // the window may have cut the last word
        continue;
      }
      let k = 0;
      while (k < p.length && words[k] !== undefined && normalizeWord(words[k]!) === p[k]) k++;
      if (k === p.length) return true;
    }
    return unsure && containsPhrase(text, phrase);
  };
}
