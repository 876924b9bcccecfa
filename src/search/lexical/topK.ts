/**
 * The k best candidates by key with a binary min-heap (k log k memory, n log k time), counting every accepted
 * candidate on the way so one pass gives both the page and the total.
 */
export function selectTop(candidates: Uint32Array, k: number, accept: (doc: number) => boolean, keyOf: (doc: number) => number): { docs: number[]; total: number } {
  const keys = new Float64Array(Math.max(1, k));
  const docs = new Uint32Array(Math.max(1, k));
  let size = 0;
  let total = 0;
  for (let i = 0; i < candidates.length; i++) {
    const d = candidates[i]!;
    if (!accept(d)) continue;
    total++;
    if (k <= 0) continue;
    const key = keyOf(d);
    if (size < k) {
      let j = size++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (keys[parent]! <= key) break;
        keys[j] = keys[parent]!;
        docs[j] = docs[parent]!;
        j = parent;
      }
      keys[j] = key;
      docs[j] = d;
    } else if (key > keys[0]!) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const c = l + 1 < size && keys[l + 1]! < keys[l]! ? l + 1 : l;
        if (keys[c]! >= key) break;
        keys[j] = keys[c]!;
        docs[j] = docs[c]!;
        j = c;
      }
      keys[j] = key;
      docs[j] = d;
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]!);
  return { docs: order.map((i) => docs[i]!), total };
}

/** Intersection of two ascending lists. */
export function sortedIntersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      out[n++] = a[i]!;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return out.subarray(0, n);
}

/** Union of two ascending lists, without duplicates. */
export function sortedUnion(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out[n++] = a[i++]!;
    else if (i >= a.length || b[j]! < a[i]!) out[n++] = b[j++]!;
    else {
      out[n++] = a[i++]!;
      j++;
    }
  }
  return out.subarray(0, n);
}
