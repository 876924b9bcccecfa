/** FNV-1a over UTF-8 bytes (ASCII terms hash their char codes, the same bytes, without encoding). */
const FNV = 0x811c9dc5;
const PRIME = 0x01000193;

/** The three arrays a dictionary is (a snapshot stores them as they are; see TermDict.fromParts). */
export interface TermDictParts {
  /** Every term's UTF-8 bytes, run together in id order. */
  text: Uint8Array;
  /** Term i's bytes end at ends[i] (and start at ends[i-1], or 0). */
  ends: Uint32Array;
  /** Open addressing by hash: term id + 1, or 0 for an empty slot; its length a power of two. */
  table: Int32Array;
}

/** A power of two at least twice `n`: linear probing stays short, the table grows past 70% full. */
const tableSize = (n: number) => Math.max(1024, 2 ** Math.ceil(Math.log2(Math.max(1, n) * 2)));

/**
 * The lexical index's dictionary, term → id (ids dense from 0, in the order terms were first met), kept packed:
 * UTF-8 bytes, their end offsets and a hash table of ids, all typed arrays. A snapshot stores those three arrays
 * and a load adopts them as read — no string or Map entry per term (400k terms at 126k papers cost ~350 ms and
 * ~25 MB of V8 heap as a Map) — and a term's string is made only when asked for (a query's terms, a new
 * title twin, the spelling vocabulary).
 */
export class TermDict {
  private text: Buffer = Buffer.alloc(1 << 16);
  private used = 0;
  private ends: Uint32Array = new Uint32Array(1024);
  private count = 0;
  private table: Int32Array = new Int32Array(tableSize(0));
  private scratch = Buffer.alloc(1024);

  /** Number of terms. */
  get size(): number {
    return this.count;
  }

  /** The id of a term, or undefined when it is not in the dictionary. */
  get(term: string): number | undefined {
    const at = this.find(term);
    return at < 0 ? undefined : this.table[at]! - 1;
  }

  has(term: string): boolean {
    return this.find(term) >= 0;
  }

  /** The id of a term, added (as the next id) when new. */
  idOf(term: string): number {
    const at = this.find(term);
    if (at >= 0) return this.table[at]! - 1;
    return this.append(term);
  }

  /** The term of an id. */
  term(id: number): string {
    return this.text.toString('utf8', id ? this.ends[id - 1]! : 0, this.ends[id]!);
  }

  /**
   * The UTF-8 text every term lies in (term `id` at [`start(id)`, `end(id)`)), for scans that compare bytes
   * without making a string per term (spelling's); replaced as the dictionary grows, so read it again after adding.
   */
  get bytes(): Buffer {
    return this.text;
  }

  /** Where term `id`'s bytes start in `bytes`. */
  start(id: number): number {
    return id ? this.ends[id - 1]! : 0;
  }

  /** Where term `id`'s bytes end in `bytes`. */
  end(id: number): number {
    return this.ends[id]!;
  }

  /** The terms of ids `from` and up, in id order (a build worker's new terms). */
  termsFrom(from: number): string[] {
    const out: string[] = [];
    for (let id = from; id < this.count; id++) out.push(this.term(id));
    return out;
  }

  /** Calls `fn(term, id)` for every term (strings made one by one: for occasional full scans). */
  forEach(fn: (term: string, id: number) => void): void {
    for (let id = 0; id < this.count; id++) fn(this.term(id), id);
  }

  /** Copies of the three arrays (a snapshot is written later, while the dictionary may grow). */
  toParts(): TermDictParts {
    return { text: this.text.slice(0, this.used), ends: this.ends.slice(0, this.count), table: this.table.slice() };
  }

  /**
   * A dictionary holding what `toParts` copied, adopting the arrays (they are grown by copying if terms are
   * added later). Throws when they cannot be one dictionary's (the snapshot is then rebuilt).
   */
  static fromParts(parts: TermDictParts): TermDict {
    const d = new TermDict();
    const n = parts.ends.length;
    const used = n ? parts.ends[n - 1]! : 0;
    const size = parts.table.length;
    if (used > parts.text.byteLength || size < tableSize(0) || (size & (size - 1)) !== 0 || n * 10 > size * 7) throw new Error('dictionary arrays disagree');
    d.text = Buffer.from(parts.text.buffer, parts.text.byteOffset, parts.text.byteLength);
    d.used = used;
    d.ends = parts.ends;
    d.count = n;
    d.table = parts.table;
    return d;
  }

  /** The table slot holding `term`, or -1. */
  private find(term: string): number {
    const t = this.table;
    const mask = t.length - 1;
    let h = FNV;
    let ascii = true;
    for (let i = 0; i < term.length; i++) {
      const c = term.charCodeAt(i);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      h = Math.imul(h ^ c, PRIME);
    }
    if (!ascii) return this.findBytes(this.encode(term));
    const text = this.text;
    const len = term.length;
    for (let i = (h >>> 0) & mask; ; i = (i + 1) & mask) {
      const v = t[i]!;
      if (v === 0) return -1;
      const id = v - 1;
      const start = id ? this.ends[id - 1]! : 0;
      if (this.ends[id]! - start !== len) continue;
      let k = 0;
      while (k < len && text[start + k] === term.charCodeAt(k)) k++;
      if (k === len) return i;
    }
  }

  /** `find` for a term with non-ASCII characters, by its UTF-8 bytes (`scratch[0..n)`). */
  private findBytes(n: number): number {
    const t = this.table;
    const mask = t.length - 1;
    const b = this.scratch;
    const text = this.text;
    for (let i = hashBytes(b, 0, n) & mask; ; i = (i + 1) & mask) {
      const v = t[i]!;
      if (v === 0) return -1;
      const id = v - 1;
      const start = id ? this.ends[id - 1]! : 0;
      if (this.ends[id]! - start !== n) continue;
      let k = 0;
      while (k < n && text[start + k] === b[k]) k++;
      if (k === n) return i;
    }
  }

  /** Writes a term's UTF-8 bytes to `scratch`; returns how many. */
  private encode(term: string): number {
    if (term.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(term.length * 3);
    return this.scratch.write(term, 0, 'utf8');
  }

  private append(term: string): number {
    const n = this.encode(term);
    if (this.used + n > this.text.length) {
      const next = Buffer.alloc(Math.max(this.used + n, this.text.length * 2));
      this.text.copy(next, 0, 0, this.used);
      this.text = next;
    }
    this.scratch.copy(this.text, this.used, 0, n);
    this.used += n;
    if (this.count === this.ends.length) {
      const ends = new Uint32Array(Math.max(1024, this.ends.length * 2));
      ends.set(this.ends);
      this.ends = ends;
    }
    const id = this.count++;
    this.ends[id] = this.used;
    if (this.count * 10 > this.table.length * 7) this.rehash(tableSize(this.count));
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.table.length - 1;
    const start = id ? this.ends[id - 1]! : 0;
    let i = hashBytes(this.text, start, this.ends[id]!) & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = id + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let id = 0; id < this.count; id++) this.place(id);
  }
}

function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = FNV;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, PRIME);
  return h >>> 0;
}
