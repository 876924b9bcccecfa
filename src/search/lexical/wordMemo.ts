/**
 * Raw word → term id, keyed by the word's characters where they lie in the text (no substring made), for the
 * analyzer's hot loop: a build looks up every word of every paper here, and a Map of strings cost ~60 % of a
 * build worker's time (a fresh substring hashed per word, then two or three cache misses into scattered heap
 * objects). Open addressing over typed arrays: a slot holds entry + 1; an entry is its hash, its characters'
 * place in `chars` and its value. Full at `capacity` words: `clear` and start again (words are Zipf-distributed).
 */
export class WordMemo {
  private chars = new Uint16Array(1 << 16);
  private used = 0;
  private table: Int32Array;
  private hashes: Int32Array;
  private starts: Uint32Array;
  private lens: Uint16Array;
  private values: Int32Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.table = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(Math.max(1, capacity) * 2))));
    const n = Math.max(1, capacity);
    this.hashes = new Int32Array(n);
    this.starts = new Uint32Array(n);
    this.lens = new Uint16Array(n);
    this.values = new Int32Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** The value remembered for text[start, end), or undefined. */
  get(text: string, start: number, end: number): number | undefined {
    const slot = this.slotOf(text, start, end, hashOf(text, start, end));
    const e = this.table[slot]! - 1;
    return e < 0 ? undefined : this.values[e];
  }

  /** Remembers (or replaces) the value of text[start, end); forgets everything first when full. */
  set(text: string, start: number, end: number, value: number): void {
    const len = end - start;
    if (len > 0xffff || this.capacity === 0) return;
    const h = hashOf(text, start, end);
    let slot = this.slotOf(text, start, end, h);
    const e = this.table[slot]! - 1;
    if (e >= 0) {
      this.values[e] = value;
      return;
    }
    if (this.count >= this.capacity) {
      this.clear();
      slot = this.slotOf(text, start, end, h);
    }
    if (this.used + len > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, this.used + len));
      grown.set(this.chars.subarray(0, this.used));
      this.chars = grown;
    }
    for (let i = 0; i < len; i++) this.chars[this.used + i] = text.charCodeAt(start + i);
    const n = this.count++;
    this.hashes[n] = h;
    this.starts[n] = this.used;
    this.lens[n] = len;
    this.values[n] = value;
    this.used += len;
    this.table[slot] = n + 1;
  }

  clear(): void {
    this.table.fill(0);
    this.count = 0;
    this.used = 0;
  }

  /** The slot holding text[start, end), or the empty slot where it would go (linear probing). */
  private slotOf(text: string, start: number, end: number, h: number): number {
    const mask = this.table.length - 1;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot]! - 1;
      if (e < 0) return slot;
      if (this.hashes[e] !== h || this.lens[e] !== len) continue;
      const s = this.starts[e]!;
      let i = 0;
      while (i < len && this.chars[s + i] === text.charCodeAt(start + i)) i++;
      if (i === len) return slot;
    }
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
