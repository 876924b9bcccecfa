const STOPWORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were which with we our via using based towards toward into can not no'.split(' '),
);

/** The words of a free-text query, lower-cased, without stopwords or anything FTS5 would read as syntax. */
export function queryWords(text: string, max = 32): string[] {
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => !STOPWORDS.has(w) && w.length < 64))].slice(0, max);
}

/** An FTS5 MATCH expression that ORs the query's words, each quoted, so no user input is parsed as an operator. */
export function toFtsOr(words: string[]): string | undefined {
  return words.length ? words.map((w) => `"${w}"`).join(' OR ') : undefined;
}
