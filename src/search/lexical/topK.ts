/** Set operations on ascending doc-number lists, for required terms and any-of groups. */

/** Intersection of two ascending lists (galloping through the longer one when the other is much shorter). */
export function sortedIntersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a.length > b.length) [a, b] = [b, a];
  if (a.length * 8 < b.length) return gallopIntersect(a, b);
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

/** Intersection of a short ascending list with a long one: each element of `a` is sought by galloping in `b`. */
function gallopIntersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  let n = 0;
  let p = 0;
  for (let i = 0; i < a.length && p < b.length; i++) {
    const c = a[i]!;
    if (b[p]! < c) {
      let step = 1;
      while (p + step < b.length && b[p + step]! < c) step *= 2;
      let lo = p + (step >> 1);
      let hi = Math.min(p + step, b.length);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < c) lo = mid + 1;
        else hi = mid;
      }
      p = lo;
    }
    if (p < b.length && b[p] === c) out[n++] = c;
  }
  return out.subarray(0, n);
}
