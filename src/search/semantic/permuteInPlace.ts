import { addonWith } from '../memoryMap.ts';

/** The native renumbering (native/mmap/permuteRows.c): the same cycles, a memcpy a row. */
interface PermuteKernel {
  permuteRows(data: Int8Array, scales: Float32Array, dest: Int32Array, dim: number): void;
}

/** The same renumbering on a thread of the addon's own, from Begin until End waits for it. */
interface PermuteThread {
  permuteRowsBegin(data: Int8Array, scales: Float32Array, dest: Int32Array, dim: number): object;
  permuteRowsEnd(handle: object): void;
}

/**
 * `permuteInPlace` started on a thread of its own, for the caller to renumber other arrays meanwhile (a build's
 * ids, their table, the file records): returns the function that waits for it to end, which must be called before
 * `data`, `scales` or `dest` is read or written again. Without the addon's thread the rows move at once.
 */
export function permuteInBackground(data: Int8Array, scales: Float32Array, dest: Int32Array, dim: number): () => void {
  const kernel = addonWith<PermuteThread>('permuteRowsBegin', 'permuteRowsEnd');
  if (!kernel) return permuteInPlace(data, scales, dest, dim), () => {};
  const handle = kernel.permuteRowsBegin(data, scales, dest, dim);
  return () => kernel.permuteRowsEnd(handle);
}

/**
 * Moves vector (and scale) `i` to slot `dest[i]` for every `dest[i] >= 0`, in place: each cycle is followed from
 * its first slot, carrying one vector in hand; a slot whose vector is dropped (-1) or already carried ends it. In C
 * where the addon is built (a cluster build's compaction at 2.7M vectors held the server thread 1.5 s in
 * JavaScript); `native: false` runs the JavaScript steps (tests compare both).
 */
export function permuteInPlace(data: Int8Array, scales: Float32Array, dest: Int32Array, dim: number, native = true): void {
  const kernel = native ? addonWith<PermuteKernel>('permuteRows') : undefined;
  if (kernel) return kernel.permuteRows(data, scales, dest, dim);
  const picked = new Uint8Array(dest.length);
  let hand = new Int8Array(dim);
  let spare = new Int8Array(dim);
  for (let start = 0; start < dest.length; start++) {
    if (dest[start]! < 0 || picked[start]) continue;
    picked[start] = 1;
    hand.set(data.subarray(start * dim, start * dim + dim));
    let handScale = scales[start]!;
    let to = dest[start]!;
    for (;;) {
      const live = dest[to]! >= 0 && !picked[to];
      let nextScale = 0;
      if (live) {
        picked[to] = 1;
        spare.set(data.subarray(to * dim, to * dim + dim));
        nextScale = scales[to]!;
      }
      data.set(hand, to * dim);
      scales[to] = handScale;
      if (!live) break;
      [hand, spare] = [spare, hand];
      handScale = nextScale;
      to = dest[to]!;
    }
  }
}
