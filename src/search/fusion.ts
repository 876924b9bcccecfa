/** A ranked result list entry: only the id and the order matter to fusion. */
export interface Ranked {
  id: string;
}

/**
 * Weighted reciprocal-rank fusion: each list votes for its documents with `weight / (k + rank)` (rank from 1),
 * and the fused order is by the sum of votes, ties by best single rank, then id. Ranks rather than scores,
 * because BM25 scores and cosines live on unrelated scales; weights, because fusing a weak ranker at equal
 * weight drags a strong one down — set them from measured quality (a weight of 0 ignores a list).
 * `k` (default 60) flattens the curve: larger k lets agreement between lists count more than one list's top.
 */
export function fuse(lists: Ranked[][], weights: number[] = lists.map(() => 1), k = 60): { id: string; score: number }[] {
  if (weights.length !== lists.length) throw new Error('fuse: one weight per list');
  const scores = new Map<string, { score: number; best: number }>();
  lists.forEach((list, i) => {
    const w = weights[i]!;
    if (!(w > 0)) return;
    const seen = new Set<string>();
    list.forEach(({ id }, r) => {
      if (seen.has(id)) return;
      seen.add(id);
      const e = scores.get(id) ?? { score: 0, best: Infinity };
      e.score += w / (k + r + 1);
      e.best = Math.min(e.best, r);
      scores.set(id, e);
    });
  });
  return [...scores]
    .sort(([a, x], [b, y]) => y.score - x.score || x.best - y.best || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { score }]) => ({ id, score }));
}

/** A ranked result with the score its ranker gave it (any scale: BM25, cosine…). */
export interface Scored extends Ranked {
  score: number;
}

/**
 * Convex score fusion, hybrid search's default: each list's scores are min-max normalized to [0, 1] over the
 * list as given (a document missing from a list gets that list's 0), then summed with the weights, which should
 * add up to 1. Unlike rank fusion it keeps how far ahead a list's top results are — a BM25 list whose best paper
 * matches every query word counts more than one where all papers match a single common word; min-max (not
 * division by the top score) puts both rankers on the same footing at any corpus size, where cosines of the
 * top 100 bunch together. Ties break by best single rank, then id.
 */
export function fuseScores(lists: Scored[][], weights: number[]): { id: string; score: number }[] {
  if (weights.length !== lists.length) throw new Error('fuseScores: one weight per list');
  const fused = new Map<string, { score: number; best: number }>();
  lists.forEach((list, i) => {
    const w = weights[i]!;
    if (!(w > 0) || list.length === 0) return;
    let max = -Infinity;
    let min = Infinity;
    for (const { score } of list) {
      if (score > max) max = score;
      if (score < min) min = score;
    }
    const span = max - min;
    const seen = new Set<string>();
    list.forEach(({ id, score }, r) => {
      if (seen.has(id)) return;
      seen.add(id);
      const e = fused.get(id) ?? { score: 0, best: Infinity };
      e.score += w * (span > 0 ? (score - min) / span : 1);
      e.best = Math.min(e.best, r);
      fused.set(id, e);
    });
  });
  return [...fused]
    .sort(([a, x], [b, y]) => y.score - x.score || x.best - y.best || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { score }]) => ({ id, score }));
}
