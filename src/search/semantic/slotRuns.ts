/**
 * The slots of `slots` that `keep` accepts, as runs of consecutive numbers in the order given: pairs
 * [from, to) in an Int32Array. A cluster's list after `compact` is one run, so the native scan reads it as one
 * range of memory; a list changed since (swap-removals, appended slots) is several, visited in the same order
 * as the list, so results and ties stay those of a slot-by-slot scan.
 */
export function slotRuns(slots: Iterable<number>, keep: (slot: number) => boolean): Int32Array {
  const out: number[] = [];
  let from = -1;
  let to = -1;
  for (const slot of slots) {
    if (!keep(slot)) continue;
    if (slot === to) {
      to++;
      continue;
    }
    if (from >= 0) out.push(from, to);
    from = slot;
    to = slot + 1;
  }
  if (from >= 0) out.push(from, to);
  return Int32Array.from(out);
}
