import { analyze, normalizeWord } from './analyzer.ts';

const isAlnum = (c: string | undefined) => !!c && /[\p{L}\p{N}]/u.test(c);

/**
 * The Schwartz–Hearst match: the shortest tail of `before` whose letters spell `short` in order, the first
 * letter at a word start. Returns undefined when the words before the parenthesis do not spell it.
 */
export function matchLongForm(short: string, before: string): string | undefined {
  let s = short.length - 1;
  let l = before.length - 1;
  while (s >= 0) {
    const c = short[s]!.toLowerCase();
    if (!isAlnum(c)) {
      s--;
      continue;
    }
    while ((l >= 0 && before[l]!.toLowerCase() !== c) || (s === 0 && l > 0 && isAlnum(before[l - 1]))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  const long = before.slice(before.lastIndexOf(' ', l) + 1).trim();
  return long.length > short.length && !long.toLowerCase().includes(short.toLowerCase()) ? long : undefined;
}

const PAREN = /\(\s*([\p{L}\p{N}][\p{L}\p{N}-]{0,9})\s*\)/gu;

/** "long form (ACR)" pairs in a text, e.g. "knowledge distillation (KD)" → {short: "KD", long: "knowledge distillation"}. */
export function findAcronymPairs(text: string): { short: string; long: string }[] {
  const out: { short: string; long: string }[] = [];
  for (const m of text.matchAll(PAREN)) {
    let short = m[1]!;
    if (!/\p{Lu}/u.test(short) || /^\p{N}+$/u.test(short) || short.length < 2) continue;
    if (/[A-Z]s$/.test(short)) short = short.slice(0, -1);
    const words = text.slice(Math.max(0, m.index! - 160), m.index!).split(/\s+/).filter(Boolean);
    const window = words.slice(-Math.min(short.length + 5, short.length * 2)).join(' ');
    const long = matchLongForm(short, window);
    if (long) out.push({ short, long });
  }
  return out;
}

/** A pair as index terms: the acronym's term and the long form's (undefined when the pair is not worth keeping). */
export function acronymTerms({ short, long }: { short: string; long: string }): { key: string; terms: string[] } | undefined {
  const terms = analyze(long).filter((_, i, all) => !all.some((o, j) => j !== i && o.pos === all[i]!.pos && j < i)).map((t) => t.term);
  const key = normalizeWord(short);
  if (terms.length < 2 || terms.length > 6 || terms.includes(key)) return undefined;
  return { key, terms };
}

/** An acronym table as plain JSON: its two maps' entries in order. */
export interface AcronymForms {
  byShort: [string, [string[], number][]][];
  byFirstTerm: [string, [string[], string][]][];
}

interface LongForm {
  terms: string[];
  count: number;
}

/**
 * Acronyms and their spelled-out forms as the corpus uses them, counted as papers are indexed, so that a query
 * for "KD" also finds "knowledge distillation" and the reverse. Grows with the corpus; nothing is hand-written.
 */
export class AcronymTable {
  private byShort = new Map<string, LongForm[]>();
  private byFirstTerm = new Map<string, { terms: string[]; short: string }[]>();

  /** Records the pairs found in one paper's text. */
  learn(text: string): void {
    this.learnPairs(findAcronymPairs(text));
  }

  /** Records pairs already found by `findAcronymPairs`. */
  learnPairs(pairs: { short: string; long: string }[]): void {
    for (const pair of pairs) {
      const analysed = acronymTerms(pair);
      if (analysed) this.learnTerms(analysed.key, analysed.terms);
    }
  }

  /** Records one pair already analysed by `acronymTerms` (a build worker analyses them; the index counts them). */
  learnTerms(key: string, terms: string[]): void {
    const forms = this.byShort.get(key) ?? [];
    const joined = terms.join(' ');
    const known = forms.find((f) => f.terms.join(' ') === joined);
    if (known) {
      known.count++;
      return;
    }
    forms.push({ terms, count: 1 });
    this.byShort.set(key, forms);
    const list = this.byFirstTerm.get(terms[0]!) ?? [];
    list.push({ terms, short: key });
    this.byFirstTerm.set(terms[0]!, list);
  }

  /** The long forms of an acronym term worth searching for, with the share of the corpus's uses each has. */
  expand(term: string): { terms: string[]; share: number }[] {
    const forms = this.byShort.get(term);
    if (!forms) return [];
    const total = forms.reduce((s, f) => s + f.count, 0);
    return forms
      .map((f) => ({ terms: f.terms, share: f.count / total }))
      .filter((f) => f.share >= 0.2)
      .sort((a, b) => b.share - a.share)
      .slice(0, 3);
  }

  /** Acronyms whose long form occurs as consecutive terms in `terms`. */
  contract(terms: string[]): string[] {
    const out = new Set<string>();
    for (let i = 0; i < terms.length; i++) {
      for (const cand of this.byFirstTerm.get(terms[i]!) ?? []) {
        if (cand.terms.every((t, k) => terms[i + k] === t) && this.expand(cand.short).some((f) => f.terms.join(' ') === cand.terms.join(' '))) out.add(cand.short);
      }
    }
    return [...out];
  }

  get size(): number {
    return this.byShort.size;
  }

  /** Every learned pair with its count, in learning order (for the lexical snapshot). */
  exportForms(): AcronymForms {
    return { byShort: [...this.byShort].map(([k, forms]) => [k, forms.map((f) => [f.terms, f.count])]), byFirstTerm: [...this.byFirstTerm].map(([k, list]) => [k, list.map((c) => [c.terms, c.short])]) };
  }

  /** Takes back what `exportForms` gave (into an empty table). */
  importForms(forms: AcronymForms): void {
    for (const [k, list] of forms.byShort) this.byShort.set(k, list.map(([terms, count]) => ({ terms, count })));
    for (const [k, list] of forms.byFirstTerm) this.byFirstTerm.set(k, list.map(([terms, short]) => ({ terms, short })));
  }
}
