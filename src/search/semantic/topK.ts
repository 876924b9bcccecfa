/**
 * The k best (slot, score) pairs seen so far, a min-heap on score: the vector index's result selection. Equal
 * scores are ordered by slot (the lower slot is the better), so the k kept are the same whatever order the slots
 * are offered in — one scan or two halves merged (topDots.c on two threads), a list order or another.
 */
export class TopK {
  /** The heap's arrays, shared with the native scan (nativeDots.ts), which pushes into them as `push` does. */
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  count = 0;
  constructor(readonly k: number) {
    this.slots = new Int32Array(Math.max(1, k));
    this.scores = new Float64Array(Math.max(1, k));
  }

  push(slot: number, score: number): void {
    if (this.k <= 0) return;
    const { slots, scores } = this;
    if (this.count < this.k) {
      let i = this.count++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        // stop below a parent that is worse than (or as good as) the newcomer
        if (scores[p]! < score || (scores[p] === score && slots[p]! > slot)) break;
        scores[i] = scores[p]!;
        slots[i] = slots[p]!;
        i = p;
      }
      scores[i] = score;
      slots[i] = slot;
      return;
    }
    // the newcomer must beat the worst kept
    if (score < scores[0]! || (score === scores[0] && slot > slots[0]!)) return;
    let i = 0;
    const n = this.count;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (scores[r]! < scores[l]! || (scores[r] === scores[l] && slots[r]! > slots[l]!)) ? r : l;
      if (scores[c]! > score || (scores[c] === score && slots[c]! < slot)) break;
      scores[i] = scores[c]!;
      slots[i] = slots[c]!;
      i = c;
    }
    scores[i] = score;
    slots[i] = slot;
  }

  sorted(): { slot: number; score: number }[] {
    const out = [];
    for (let i = 0; i < this.count; i++) out.push({ slot: this.slots[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }
}
