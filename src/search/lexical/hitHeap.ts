/** The best `k` (key, doc) pairs seen so far; `min` is the key a newcomer must beat once full. */
export class HitHeap {
  readonly keys: Float64Array;
  readonly docs: Uint32Array;
  size = 0;
  constructor(readonly k: number) {
    this.keys = new Float64Array(k);
    this.docs = new Uint32Array(k);
  }

  get full(): boolean {
    return this.size === this.k;
  }

  get min(): number {
    return this.size === this.k ? this.keys[0]! : -Infinity;
  }

  /** Offers a doc; returns whether it entered. */
  push(key: number, doc: number): boolean {
    const { keys, docs } = this;
    let j: number;
    if (this.size < this.k) {
      j = this.size++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (keys[parent]! <= key) break;
        keys[j] = keys[parent]!;
        docs[j] = docs[parent]!;
        j = parent;
      }
    } else {
      if (key <= keys[0]!) return false;
      j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= this.size) break;
        const c = l + 1 < this.size && keys[l + 1]! < keys[l]! ? l + 1 : l;
        if (keys[c]! >= key) break;
        keys[j] = keys[c]!;
        docs[j] = docs[c]!;
        j = c;
      }
    }
    keys[j] = key;
    docs[j] = doc;
    return true;
  }

  /** Heap slots best first. */
  order(): number[] {
    return Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.keys[b]! - this.keys[a]!);
  }
}
