import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The analysed forms of English words (models/english/stems.txt, generated from WordNet 3.0 by scripts/build-english-stems.ts). */
const STEMS_FILE = fileURLToPath(new URL('../../../models/english/stems.txt', import.meta.url));

/** The share of English words themselves that `isWordLike` may call unlike a word. */
const WORDLIKE_PERCENTILE = 0.01;

interface EnglishModel {
  stems: Set<string>;
  trigrams: Map<string, number>;
  contexts: Map<string, number>;
  threshold: number;
}

let model: EnglishModel | undefined;
/** Words a step of `build` handles before it yields (≈ 1 ms). */
const STEP = 2048;

/** Builds the model from the stems file, yielding between steps of STEP words (english() runs it at once, warmEnglish in pieces). */
function* build(): Generator<void, EnglishModel> {
  const stems = new Set(readFileSync(STEMS_FILE, 'utf8').split('\n').filter(Boolean));
  const trigrams = new Map<string, number>();
  const contexts = new Map<string, number>();
  let n = 0;
  for (const w of stems) {
    const p = `^^${w}$`;
    for (let i = 2; i < p.length; i++) {
      const k = p.slice(i - 2, i + 1);
      trigrams.set(k, (trigrams.get(k) ?? 0) + 1);
      contexts.set(k.slice(0, 2), (contexts.get(k.slice(0, 2)) ?? 0) + 1);
    }
    if (++n % STEP === 0) yield;
  }
  const m: EnglishModel = { stems, trigrams, contexts, threshold: 0 };
  const own: number[] = [];
  for (const w of stems) {
    own.push(likeness(m, w));
    if (own.length % STEP === 0) yield;
  }
  own.sort((a, b) => a - b);
  m.threshold = own[Math.floor(own.length * WORDLIKE_PERCENTILE)]!;
  return m;
}

/** Read once on first use (62k stems, tens of milliseconds) and the same for every store. */
function english(): EnglishModel {
  if (model) return model;
  const steps = build();
  let r = steps.next();
  while (!r.done) r = steps.next();
  return (model = r.value);
}

/**
 * Builds the English model ahead of the first query that needs it, in steps with `pause` between them: a server
 * calls it once its index is loaded, so the first searches after a restart do not wait for it (≈ 0.1–0.5 s).
 * Returns how many pauses it took (0 when the model was already there).
 */
export async function warmEnglish(pause: () => Promise<void> | undefined): Promise<number> {
  if (model) return 0;
  const steps = build();
  let pauses = 0;
  let r = steps.next();
  while (!r.done) {
    await pause();
    pauses++;
    if (model) return pauses; // a query built it meanwhile
    r = steps.next();
  }
  model ??= r.value;
  return pauses;
}

/** Mean log-probability of a word's letters under the letter-trigram statistics of English stems (0 is most word-like). */
function likeness(m: EnglishModel, word: string): number {
  const p = `^^${word}$`;
  let sum = 0;
  for (let i = 2; i < p.length; i++) {
    const k = p.slice(i - 2, i + 1);
    sum += Math.log(((m.trigrams.get(k) ?? 0) + 0.1) / ((m.contexts.get(k.slice(0, 2)) ?? 0) + 2.8));
  }
  return sum / (p.length - 2);
}

/**
 * Whether an analysed term (lower case, American spelling, Porter stem) is an English word: how search tells an
 * everyday word the corpus lacks ("banana") from a misspelling or a string that is no word at all.
 */
export function isEnglishTerm(term: string): boolean {
  const { stems } = english();
  if (stems.has(term)) return true;
  // comparatives and superlatives, which WordNet lists only for irregular adjectives (newer, nicest, happier)
  const base = term.match(/^(.{2,}?)(?:er|est)$/)?.[1];
  return !!base && (stems.has(base) || stems.has(`${base}e`));
}

/**
 * Whether a lower-case word could be a word at all — a name, new jargon, a word WordNet lacks ("chatbots") —
 * rather than keyboard mash ("asdlkfj", "xqzvbnm", "zzzzqqq"): its letter trigrams are at least as likely, under
 * English stems' own statistics, as those of the least word-like 1 % of English stems.
 */
export function isWordLike(word: string): boolean {
  const m = english();
  return likeness(m, word) >= m.threshold;
}
