/**
 * Pseudo-relevance feedback on the semantic side (Rocchio): the query vector q is moved toward the mean m of the
 * best `rows.length` results' vectors, q' = q + w·m, and the candidates are scored again as q'·v. Why: a query in
 * everyday words lands near its papers only loosely with a bag-of-tokens model, but the first few results of
 * hybrid search (where the lexical side helps) are usually on topic and written in the field's own words, so
 * their mean points where the relevant papers are. Only the candidates' scores and their dot products with the
 * feedback papers (`dots`, row-major rows × candidates, NaN where a vector is missing) are needed, never the
 * query vector itself: q'·v = s + w·mean(vᵢ·v). |q'| is the same for every candidate, so it is left out.
 */
export function feedbackScores(scores: ArrayLike<number>, dots: ArrayLike<number>, rows: number, weight: number): Float64Array {
  const n = scores.length;
  const out = Float64Array.from(scores);
  if (rows <= 0 || weight <= 0) return out;
  if (dots.length !== rows * n) throw new Error(`feedbackScores: ${dots.length} dot products for ${rows} × ${n}`);
  let used = 0;
  const sum = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    let present = false;
    for (let j = 0; j < n; j++) {
      const d = dots[r * n + j]!;
      if (Number.isNaN(d)) continue;
      present = true;
      sum[j] = sum[j]! + d;
    }
    if (present) used++; // a feedback paper without a vector (not embedded yet) does not count
  }
  if (!used) return out;
  for (let j = 0; j < n; j++) out[j] = out[j]! + (weight / used) * sum[j]!;
  return out;
}
