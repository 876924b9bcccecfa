import { porterStem } from './porterStemmer.ts';

/**
 * Words too common to rank by. They are not indexed; phrases that contain them are checked against the text.
 */
export const STOPWORDS = new Set(
  ('a an and are as at be been but by can could do does for from had has have how i if in into is it its may might more most ' +
    'not no nor of on or our over such than that the their them then there these they this those through to toward towards ' +
    'under up upon us using via was we were what when where which while who whom why will with within without would you your').split(' '),
);

/** British spellings that a suffix rule cannot safely turn into the American ones. */
const SPELLINGS: Record<string, string> = {
  programme: 'program', programmes: 'program', defence: 'defense', licence: 'license', catalogue: 'catalog', analogue: 'analog',
  dialogue: 'dialog', dialogues: 'dialog', grey: 'gray', aluminium: 'aluminum', ageing: 'aging', artefact: 'artifact',
  artefacts: 'artifact', centre: 'center', centres: 'center', centred: 'centered', metre: 'meter', metres: 'meter', fibre: 'fiber',
  fibres: 'fiber', litre: 'liter', theatre: 'theater', manoeuvre: 'maneuver', oesophagus: 'esophagus', haemoglobin: 'hemoglobin',
  anaemia: 'anemia', foetal: 'fetal', oestrogen: 'estrogen', paediatric: 'pediatric', tumour: 'tumor', tumours: 'tumor',
};
const OUR_STEMS = /^(colo|behavio|neighbo|favo|labo|hono|humo|rumo|vapo|flavo|harbo|odo|armo|tumo|vigo|endeavo|savo|rigo|valo|clamo)ur/;
const DOUBLE_L = /^(model|label|travel|cancel|signal|channel|level|fuel|tunnel|total|counsel|marshal|dial|pedal|equal|funnel|jewel|kernel|parcel|pixel|voxel|tunnel)l(ed|ing|er|ers)$/;
const ISE = /^(.{3,}?)is(e|es|ed|ing|er|ers|ation|ations|ational)$/;
const ISE_KEEP = new Set(
  ('prec imprec prom exerc exorc conc expert enterpr surpr comprom prem advert adv dev rev superv improv franch merchand disgu ' +
    'compr appr appra inc exc dem chast desp telev circumc treat mort parad repr sunr turquo tort porpo cer val').split(' '),
);

/** Turns British into American spelling ("optimisation" → "optimization", "colour" → "color", "modelling" → "modeling"). */
export function americanize(word: string): string {
  if (Object.hasOwn(SPELLINGS, word)) return SPELLINGS[word]!;
  if (OUR_STEMS.test(word)) return word.replace(/our/, 'or');
  const dl = DOUBLE_L.exec(word);
  if (dl) return dl[1]! + dl[2]!;
  const ise = ISE.exec(word);
  if (ise && !word.endsWith('wise') && !ISE_KEEP.has(ise[1]!) && !/[aeiouy]$/.test(ise[1]!)) return `${ise[1]}iz${ise[2]}`;
  if (/^(.{2,})ys(e|es|ed|ing)$/.test(word) && /^(analys|paralys|catalys|hydrolys|dialys|electrolys)/.test(word)) return word.replace(/ys(e|es|ed|ing)$/, 'yz$1');
  return word;
}

/** One term of analysed text: the index term and where its word sits in the word sequence. */
export interface AnalyzedTerm {
  term: string;
  /** Position of the word it came from; the joined form of a hyphenated word shares its last part's position. */
  pos: number;
}


const memo = new Map<string, string>();
const MEMO_MAX = 400_000;

/** Normalizes one plain word (no hyphens) into its index term: lower case, no accents, American spelling, stemmed. */
export function normalizeWord(raw: string): string {
  let hit = memo.get(raw);
  if (hit === undefined) {
    hit = normalizeUncached(raw);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(raw, hit);
  }
  return hit;
}

function normalizeUncached(raw: string): string {
  let w = raw.toLowerCase();
  if (/[^\x00-\x7f]/.test(w)) w = w.normalize('NFKD').replace(/\p{M}/gu, '');
  if (w.length > 40) w = w.slice(0, 40);
  return /^[a-z]+$/.test(w) ? porterStem(americanize(w)) : w;
}

const LETTER = /[\p{L}\p{N}]/u;
const isJoiner = (c: number) => c === 45 || c === 39 || c === 0x2010 || c === 0x2011 || c === 0x2013 || c === 0x2019;

/** Length (1 or 2 code units) of the letter or digit at i, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return 1;
  if (c < 128 || Number.isNaN(c)) return 0;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(String.fromCodePoint(text.codePointAt(i)!)) ? 2 : 0;
  return LETTER.test(text[i]!) ? 1 : 0;
}

/**
 * The words of a text, raw (not normalized), with their positions: a hyphenated word gives its parts, each with
 * its own position, then the parts joined (at the last part's position, `joined` true); a trailing "'s" is dropped.
 */
export function scanWords(text: string, emit: (word: string, pos: number, joined: boolean) => void): void {
  scanWordRanges(text, (start, end, pos, joined) => (joined === undefined ? emit(text.slice(start, end), pos, false) : emit(joined, pos, true)));
}

/**
 * `scanWords` as character ranges, so a caller can look words up without making their strings (the index
 * build's hot loop, see wordMemo.ts): a word or part is text[start, end); a joined word comes as its string.
 * A hand-written scanner because this runs over every word of every paper when the index is built.
 */
export function scanWordRanges(text: string, emit: (start: number, end: number, pos: number, joined?: string) => void): void {
  const n = text.length;
  let pos = 0;
  let i = 0;
  while (i < n) {
    let w = wordCharAt(text, i);
    if (!w) {
      i++;
      continue;
    }
    const start = i;
    let joins = 0;
    for (;;) {
      i += w;
      if (i >= n) break;
      w = wordCharAt(text, i);
      if (w) continue;
      if (isJoiner(text.charCodeAt(i)) && (w = wordCharAt(text, i + 1))) {
        joins++;
        i++;
        continue;
      }
      break;
    }
    if (!joins) {
      emit(start, i, pos++);
      continue;
    }
    // the parts between joiners; a last part "s" after an apostrophe is a possessive, dropped
    let parts = 0;
    let partStart = start;
    let lastStart = start;
    for (let k = start; k <= i; k++) {
      if (k < i && !isJoiner(text.charCodeAt(k))) continue;
      parts++;
      lastStart = partStart;
      partStart = k + 1;
    }
    const possessive = parts > 1 && i - lastStart === 1 && (text[lastStart] === 's' || text[lastStart] === 'S') && (text.charCodeAt(lastStart - 1) === 39 || text.charCodeAt(lastStart - 1) === 0x2019);
    const end = possessive ? lastStart - 1 : i;
    if (possessive) parts--;
    let joined = '';
    partStart = start;
    for (let k = start; k <= end; k++) {
      if (k < end && !isJoiner(text.charCodeAt(k))) continue;
      emit(partStart, k, pos++);
      if (parts > 1 && parts <= 4) joined += text.slice(partStart, k);
      partStart = k + 1;
    }
    if (parts > 1 && parts <= 4) emit(-1, -1, pos - 1, joined);
  }
}

/** Whether a raw word is a stopword. */
export const isStopword = (word: string) => word.length < 8 && STOPWORDS.has(word.toLowerCase());

/**
 * Splits text into index terms. A hyphenated word yields its parts and the joined word ("pre-training" →
 * pre, train, pretrain) so that either spelling finds the other. Stopwords are dropped but still take a position.
 */
export function analyze(text: string, keepStopwords = false): AnalyzedTerm[] {
  const out: AnalyzedTerm[] = [];
  scanWords(text, (word, pos, joined) => {
    if (joined || keepStopwords || !isStopword(word)) out.push({ term: normalizeWord(word), pos });
  });
  return out;
}

/** Just the terms of `analyze`, in order. */
export function terms(text: string): string[] {
  return analyze(text).map((t) => t.term);
}
