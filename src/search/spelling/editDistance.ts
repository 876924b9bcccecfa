/** Rows of the distance table, grown as longer words come and reused: a comparison allocates nothing. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
/** `editDistance`'s second word as code units, grown as longer words come. */
let units = new Uint16Array(64);

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two adjacent letters each
 * cost 1) between two words, or `max + 1` as soon as it is sure to exceed `max`: the form with two strings, which
 * the tests hold the banded table to; spelling itself compares bytes (`editDistanceTo`).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (units.length < b.length) units = new Uint16Array(2 * b.length);
  for (let i = 0; i < b.length; i++) units[i] = b.charCodeAt(i);
  return editDistanceTo(a, units, 0, b.length, max);
}

/**
 * `editDistance` from a word to one given as character codes, `b[from, to)`: spelling compares a misspelled word
 * with thousands of index terms as they lie in the dictionary's UTF-8 text (the same distance for the ASCII terms
 * it compares; a byte over 127 counts as a character of its own), no string made for each. Most comparisons must
 * stop early and cost little: only the cells within `max` of the diagonal are computed (a cell further off is over
 * `max` already, and so is every alignment through it), in three rows kept between calls.
 */
export function editDistanceTo(a: string, b: Uint8Array | Uint16Array, from: number, to: number, max: number): number {
  const n = to - from;
  const far = max + 1;
  if (Math.abs(a.length - n) > max) return far;
  if (rows[0]!.length <= n) rows = rows.map(() => new Int32Array(2 * (n + 1)));
  let [prev2, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j <= max ? j : far;
  prev2.fill(far, 0, n + 1);
  for (let i = 1; i <= a.length; i++) {
    row.fill(far, 0, n + 1);
    row[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    for (let j = lo; j <= hi; j++) {
      const bj = b[from + j - 1]!;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b[from + j - 2] && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return far;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[n]!, far);
}
