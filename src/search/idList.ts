import { isAscii } from 'node:buffer';
import { addonWith } from './memoryMap.ts';

const ABSENT = 0xffff;

/**
 * The paper ids of an in-memory search index, by internal number, packed as UTF-8 bytes in one buffer with an
 * offset and a length per number — ~16 bytes a paper where an array of strings costs ~40 (a string object and
 * a slot each), which at a million papers is ~25 MB per index. Strings are made on demand (a result's ids, a
 * lookup's comparison). A number set again gets its new bytes appended (the old ones are not reused: ids
 * change rarely, and `compact` callers rebuild the list).
 */
export class IdList {
  private bytes: Buffer = Buffer.alloc(1 << 16);
  private used = 0;
  private starts: Uint32Array = new Uint32Array(1024);
  private lens: Uint16Array = new Uint16Array(1024).fill(ABSENT);
  private count = 0;
  /** Whether every id set so far is ASCII (bytes = characters), the case of arXiv and paperwire ids. */
  private ascii = true;

  /** One past the highest number ever set. */
  get length(): number {
    return this.count;
  }

  /** The id of number `i`, or undefined when it was never set or was cleared. */
  at(i: number): string | undefined {
    if (i >= this.count) return undefined;
    const len = this.lens[i]!;
    if (len === ABSENT) return undefined;
    const s = this.starts[i]!;
    return this.bytes.toString('utf8', s, s + len);
  }

  /** How many numbers have an id (set and not cleared). */
  live(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.lens[i] !== ABSENT) n++;
    return n;
  }

  /** Whether number `i` has an id (without making its string). */
  has(i: number): boolean {
    return i < this.count && this.lens[i] !== ABSENT;
  }

  set(i: number, id: string): void {
    const len = Buffer.byteLength(id, 'utf8');
    if (len !== id.length) this.ascii = false;
    if (len >= ABSENT) throw new Error(`paper id of ${len} bytes is too long`);
    if (i >= this.starts.length) this.growSlots(Math.max(i + 1, this.starts.length + (this.starts.length >> 1)));
    if (this.used + len > this.bytes.length) {
      const next = Buffer.alloc(Math.max(this.used + len, this.bytes.length + (this.bytes.length >> 1), 1 << 16));
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
    this.bytes.write(id, this.used, 'utf8');
    this.starts[i] = this.used;
    this.lens[i] = len;
    this.used += len;
    if (i >= this.count) this.count = i + 1;
  }

  /** Whether number `i`'s id is `id`, compared byte by byte without making a string when the ids are ASCII. */
  equals(i: number, id: string): boolean {
    if (!this.ascii) return this.at(i) === id;
    if (i >= this.count) return false;
    const len = this.lens[i]!;
    if (len !== id.length) return false;
    const s = this.starts[i]!;
    for (let k = 0; k < len; k++) if (this.bytes[s + k] !== id.charCodeAt(k)) return false;
    return true;
  }

  /**
   * The ids of numbers 0..n-1 as strings (a snapshot's copy): with ASCII ids, one decode of the whole buffer and
   * a substring each, rather than a decode per number.
   */
  toArray(n = this.count): (string | undefined)[] {
    const out: (string | undefined)[] = new Array(n);
    if (!this.ascii) {
      for (let i = 0; i < n; i++) out[i] = this.at(i);
      return out;
    }
    const all = this.bytes.toString('latin1', 0, this.used);
    for (let i = 0; i < n; i++) {
      const len = i < this.count ? this.lens[i]! : ABSENT;
      out[i] = len === ABSENT ? undefined : all.slice(this.starts[i]!, this.starts[i]! + len);
    }
    return out;
  }

  /** Copies of the packed arrays for numbers below `n` (a snapshot's; see `fromParts`). */
  toParts(n = this.count): IdListParts {
    return { bytes: this.bytes.slice(0, this.used), starts: this.starts.slice(0, n), lens: this.lens.slice(0, n) };
  }

  /** A list holding what `toParts` copied, adopting the arrays (grown by copying when more ids come). */
  static fromParts(parts: IdListParts): IdList {
    if (parts.starts.length !== parts.lens.length) throw new Error('id list arrays disagree');
    const list = new IdList();
    const n = parts.lens.length;
    for (let i = 0; i < n; i++) if (parts.lens[i] !== ABSENT && parts.starts[i]! + parts.lens[i]! > parts.bytes.byteLength) throw new Error('id list arrays disagree');
    list.bytes = Buffer.from(parts.bytes.buffer, parts.bytes.byteOffset, parts.bytes.byteLength);
    list.used = parts.bytes.byteLength;
    list.starts = parts.starts;
    list.lens = parts.lens;
    list.count = n;
    list.ascii = isAscii(list.bytes);
    return list;
  }

  /**
   * A new list where number dest[i] holds number i's id (for every i with dest[i] >= 0; `n` numbers in all), its
   * bytes copied in the new order without making a string — a vector index's compaction renumbers millions. The
   * ids are read in the old order and written where each goes (one random access an id, not three); in C where the
   * addon is built (native/mmap/permuteRows.c, prefetching: 2.7M shuffled ids in 0.16 s, JavaScript 0.7 s);
   * `native: false` runs the JavaScript steps (tests compare both).
   */
  permuted(dest: Int32Array, n: number, native = true): IdList {
    const count = Math.min(dest.length, this.count);
    let bytes = 0;
    for (let i = 0; i < count; i++) if (dest[i]! >= 0 && this.lens[i] !== ABSENT) bytes += this.lens[i]!;
    const out = new IdList();
    out.reserve(n, bytes);
    out.ascii = this.ascii;
    out.count = n;
    const kernel = native ? addonWith<PermuteIdsKernel>('permuteIds') : undefined;
    if (kernel) {
      // the kernel fills every new length (0xffff where no id lands) and start; the arrays are cut to `n` for it
      out.used = kernel.permuteIds(this.bytes, this.starts, this.lens, dest.subarray(0, count), out.bytes, out.starts.subarray(0, n), out.lens.subarray(0, n));
    } else {
      const [lens, starts, src] = [this.lens, this.starts, this.bytes];
      for (let i = 0; i < count; i++) if (dest[i]! >= 0 && lens[i] !== ABSENT) out.lens[dest[i]!] = lens[i]!;
      let used = 0;
      for (let j = 0; j < n; j++) {
        out.starts[j] = used;
        if (out.lens[j] !== ABSENT) used += out.lens[j]!;
      }
      const to = out.bytes;
      for (let i = 0; i < count; i++) {
        const j = dest[i]!;
        const len = lens[i]!;
        if (j < 0 || len === ABSENT) continue;
        const [s, d] = [starts[i]!, out.starts[j]!];
        for (let k = 0; k < len; k++) to[d + k] = src[s + k]!;
      }
      out.used = used;
    }
    // numbers past the last id are not set: the list ends at the last one that is, as before
    while (out.count > 0 && out.lens[out.count - 1] === ABSENT) out.count--;
    return out;
  }

  /** Forgets number `i`'s id (a removed vector's slot). */
  clear(i: number): void {
    if (i < this.count) this.lens[i] = ABSENT;
  }

  /** Makes room for numbers below `n` and about `bytes` bytes of ids (a bulk load then never grows). */
  reserve(n: number, bytes: number): void {
    if (n > this.starts.length) this.growSlots(n);
    if (bytes > this.bytes.length) {
      const next = Buffer.alloc(bytes);
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
  }

  private growSlots(n: number): void {
    n = Math.max(n, 1024);
    const starts = new Uint32Array(n);
    starts.set(this.starts);
    const lens = new Uint16Array(n).fill(ABSENT);
    lens.set(this.lens);
    this.starts = starts;
    this.lens = lens;
  }
}

/** The native renumbering of the ids (native/mmap/permuteRows.c): returns the bytes written. */
interface PermuteIdsKernel {
  permuteIds(bytes: Uint8Array, starts: Uint32Array, lens: Uint16Array, dest: Int32Array, outBytes: Uint8Array, outStarts: Uint32Array, outLens: Uint16Array): number;
}

/** An IdList's arrays: the ids' UTF-8 bytes, and each number's offset and length in them (0xffff: no id). */
export interface IdListParts {
  bytes: Uint8Array;
  starts: Uint32Array;
  lens: Uint16Array;
}
