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
