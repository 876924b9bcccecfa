/** Rows of the distance table, grown as longer words come and reused: a comparison allocates nothing. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two adjacent letters each
 * cost 1) between two words, or `max + 1` as soon as it is sure to exceed `max`: spelling suggestions compare a
 * misspelled word with tens of thousands of index terms, so most comparisons must stop early and cost little.
 * Only the cells within `max` of the diagonal are computed (a cell further off is over `max` already, and so is
 * every alignment through it), in three rows kept between calls.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  const far = max + 1;
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
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return far;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[n]!, far);
}
