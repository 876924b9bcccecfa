import { normalizeWord, scanWords } from './lexical/analyzer.ts';

/** Character ranges [start, end) of a text to mark as matching the query. */
export type Ranges = [number, number][];

/** What a result shows as matching: ranges in the title, and a short abstract excerpt with its own ranges. */
export interface Highlight {
  title: Ranges;
  excerpt: string;
  excerptRanges: Ranges;
}

const WORD = /[\p{L}\p{N}]+(?:[-‐‑–][\p{L}\p{N}]+)*/gu;

/** Ranges of the words in `text` whose index term (or a hyphen part's) is one of `terms`. */
export function matchRanges(text: string, terms: Set<string>): Ranges {
  const prefixes = new Set([...terms].map((t) => t.slice(0, 3)));
  const maybe = (w: string) => /[^\x00-\x7f]/.test(w) || prefixes.has(w.slice(0, 3).toLowerCase());
  const hit = (w: string) => maybe(w) && terms.has(normalizeWord(w));
  const out: Ranges = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const parts = word.includes('-') || /[‐‑–]/.test(word) ? word.split(/[-‐‑–]/) : undefined;
    if (parts ? hit(parts.join('')) || parts.some(hit) : hit(word)) out.push([m.index!, m.index! + word.length]);
  }
  return out;
}

/** The title's matches and the abstract's densest window of about `size` characters, cut at word boundaries. */
export function highlight(title: string, abstract: string | undefined, terms: Set<string>, size = 280): Highlight {
  const titleRanges = matchRanges(title, terms);
  const text = abstract ?? '';
  const ranges = matchRanges(text, terms);
  let start = 0;
  let best = -1;
  for (let i = 0, j = 0; i < ranges.length; i++) {
    while (ranges[j]![0] < ranges[i]![0] - size + 40) j++;
    if (i - j > best) {
      best = i - j;
      start = Math.max(0, ranges[j]![0] - 40);
    }
  }
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + size);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  const excerpt = (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : '');
  const shift = start > 0 ? 1 - start : 0;
  const excerptRanges = ranges.filter(([a, b]) => a >= start && b <= end).map(([a, b]) => [a + shift, b + shift] as [number, number]);
  return { title: titleRanges, excerpt, excerptRanges };
}

/** Whether the words of `phrase` occur consecutively in `text` (stopwords included, same normalization as the index). */
export function containsPhrase(text: string, phrase: string): boolean {
  const p: string[] = [];
  scanWords(phrase, (w, _pos, joined) => !joined && p.push(normalizeWord(w)));
  if (!p.length) return true;
  const words: string[] = [];
  scanWords(text, (w, _pos, joined) => !joined && words.push(w));
  const head = p[0]!.slice(0, 3);
  outer: for (let i = 0; i + p.length <= words.length; i++) {
    const w = words[i]!;
    if (!/[^\x00-\x7f]/.test(w) && w.slice(0, 3).toLowerCase() !== head) continue;
    for (let k = 0; k < p.length; k++) if (normalizeWord(words[i + k]!) !== p[k]) continue outer;
    return true;
  }
  return false;
}
