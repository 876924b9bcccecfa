/**
 * The letters a–z of `w[from, to)` as bits 0–25, bit 26 for any other character: a word's letter set, kept beside
 * each dictionary term so spelling correction can pass over terms that cannot be within reach without reading them.
 */
export function letterMask(w: Uint8Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) {
    const c = w[i]! - 97;
    m |= c >= 0 && c < 26 ? 1 << c : 1 << 26;
  }
  return m;
}

/**
 * Whether two words' letter sets (`letterMask`) differ by more than `edits` letters either way: each letter one
 * word has and the other lacks takes an edit at least, so such words are more than `edits` edits apart.
 */
export function lettersApart(a: number, b: number, edits: number): boolean {
  return bitCount(a & ~b) > edits || bitCount(b & ~a) > edits;
}

/** The number of bits set in a 32-bit integer. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
