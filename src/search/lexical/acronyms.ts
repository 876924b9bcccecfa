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

/**
 * An acronym table packed for the lexical snapshot: every learned (acronym, long form) pair once, grouped by
 * acronym in the table's order (`shorts`, how many forms each has, each form's term count, the terms run
 * together, each form's count), then the second map's order as form numbers grouped by first term. It loads
 * without parsing (string sections and integer arrays) and restores both maps' orders exactly, which
 * `contract`'s output order depends on.
 */
export interface AcronymForms {
  shorts: string[];
  formsPerShort: Uint32Array;
  termsPerForm: Uint32Array;
  terms: string[];
  counts: Uint32Array;
  firstOrder: Uint32Array;
  firstLengths: Uint32Array;
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

  /** Every learned pair with its count, both maps in their order, packed (for the lexical snapshot). */
  exportForms(): AcronymForms {
    const shorts: string[] = [];
    const formsPerShort: number[] = [];
    const termsPerForm: number[] = [];
    const terms: string[] = [];
    const counts: number[] = [];
    const numberOf = new Map<string, number>();
    const keyOf = (short: string, t: string[]) => `${short}\u0000${t.join('\u0001')}`;
    for (const [short, forms] of this.byShort) {
      shorts.push(short);
      formsPerShort.push(forms.length);
      for (const f of forms) {
        numberOf.set(keyOf(short, f.terms), counts.length);
        termsPerForm.push(f.terms.length);
        for (const t of f.terms) terms.push(t);
        counts.push(f.count);
      }
    }
    const firstOrder: number[] = [];
    const firstLengths: number[] = [];
    for (const list of this.byFirstTerm.values()) {
      firstLengths.push(list.length);
      for (const c of list) firstOrder.push(numberOf.get(keyOf(c.short, c.terms))!);
    }
    return {
      shorts,
      formsPerShort: Uint32Array.from(formsPerShort),
      termsPerForm: Uint32Array.from(termsPerForm),
      terms,
      counts: Uint32Array.from(counts),
      firstOrder: Uint32Array.from(firstOrder),
      firstLengths: Uint32Array.from(firstLengths),
    };
  }

  /** Takes back what `exportForms` gave (into an empty table); throws when the parts disagree. */
  importForms(p: AcronymForms): void {
    const n = p.counts.length;
    if (p.formsPerShort.length !== p.shorts.length || p.termsPerForm.length !== n) throw new Error('acronym table parts disagree');
    const formTerms = new Array<string[]>(n);
    const formShort = new Array<string>(n);
    let f = 0;
    let at = 0;
    for (let i = 0; i < p.shorts.length; i++) {
      const short = p.shorts[i]!;
      const list: LongForm[] = [];
      for (let j = 0; j < p.formsPerShort[i]!; j++, f++) {
        const terms = p.terms.slice(at, (at += p.termsPerForm[f]!));
        if (f >= n || !terms.length) throw new Error('acronym table parts disagree');
        formTerms[f] = terms;
        formShort[f] = short;
        list.push({ terms, count: p.counts[f]! });
      }
      this.byShort.set(short, list);
    }
    if (f !== n || at !== p.terms.length) throw new Error('acronym table parts disagree');
    for (let g = 0, k = 0; g < p.firstLengths.length; g++) {
      const list: { terms: string[]; short: string }[] = [];
      for (let j = 0; j < p.firstLengths[g]!; j++, k++) {
        const form = p.firstOrder[k]!;
        if (form >= n) throw new Error('acronym table parts disagree');
        list.push({ terms: formTerms[form]!, short: formShort[form]! });
      }
      if (list.length) this.byFirstTerm.set(list[0]!.terms[0]!, list);
    }
  }
}
