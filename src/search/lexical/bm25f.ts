/**
 * BM25F: per-field term frequencies are length-normalized and weighted, summed, then saturated once, so a word in
 * the title counts more than one in the abstract without a paper gaining twice for repeating it in both.
 */

/** Field weights and length normalization (b); title first, then abstract, then authors. */
export const FIELDS = [
  { name: 'title', weight: 2.5, b: 0.5 },
  { name: 'abstract', weight: 1, b: 0.75 },
  { name: 'authors', weight: 1.5, b: 0.3 },
] as const;

/** Term-frequency saturation. */
export const K1 = 1.2;

/** Impacts are stored as one byte; this turns a stored byte back into the saturated weight. */
export const IMPACT_UNIT = (K1 + 1) / 255;

/** Packs three field frequencies (each capped at 255) into one number. */
export const packTf = (title: number, abstract: number, authors: number) =>
  (Math.min(title, 255) << 16) | (Math.min(abstract, 255) << 8) | Math.min(authors, 255);

/** Robertson–Zaragoza idf, never negative. */
export const idf = (docCount: number, df: number) => Math.log(1 + (docCount - df + 0.5) / (df + 0.5));

const [TITLE, ABSTRACT, AUTHORS] = FIELDS;

/**
 * The stored impact (1–255) of a term in a paper from its packed frequencies, the paper's field lengths
 * (`lens[at..at+3)`) and the corpus's average field lengths; 0 when the term is not in any scored field
 * (filter-only terms). Allocation-free: a build calls it once per posting.
 */
export function impactByte(packed: number, lens: ArrayLike<number>, at: number, avgs: ArrayLike<number>): number {
  const title = (packed >>> 16) & 255;
  const abstract = (packed >>> 8) & 255;
  const authors = packed & 255;
  let tf = 0;
  if (title) tf += (TITLE.weight * title) / (1 - TITLE.b + (TITLE.b * lens[at]!) / (avgs[0]! || 1));
  if (abstract) tf += (ABSTRACT.weight * abstract) / (1 - ABSTRACT.b + (ABSTRACT.b * lens[at + 1]!) / (avgs[1]! || 1));
  if (authors) tf += (AUTHORS.weight * authors) / (1 - AUTHORS.b + (AUTHORS.b * lens[at + 2]!) / (avgs[2]! || 1));
  if (tf === 0) return 0;
  const sat = (tf * (K1 + 1)) / (K1 + tf);
  return Math.max(1, Math.min(255, Math.round(sat / IMPACT_UNIT)));
}
