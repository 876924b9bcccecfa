/** FNV-1a over a string's UTF-16 code units: the table's hash. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A power of two at least twice `n`: linear probing stays short below 70% full, where the table grows. */
const sizeFor = (n: number) => Math.max(1024, 2 ** Math.ceil(Math.log2(n * 2)));

const EMPTY = 0;
const GONE = -1;

/**
 * Paper id → small integer (an index's internal number or slot), for the in-memory search indexes at field size:
 * an open-addressing hash table in one Int32Array that holds only the numbers, comparing keys through the
 * caller's own array of ids (`keyOf`), so a million papers cost 4–8 MB here instead of a `Map`'s ~30 MB of
 * entries plus a second reference to every id. The caller keeps `keyOf(value) === id` for every live entry
 * (and deletes an entry before it forgets the id).
 */
export class IdTable {
  /** value + 1, EMPTY or GONE (a deleted entry, kept so the probe chains through it still find theirs). */
  private table: Int32Array = new Int32Array(1024);
  private live = 0;
  private filled = 0;

  /** `equals(value, id)`, when given, answers `keyOf(value) === id` without making the string (see IdList.equals). */
  constructor(
    private readonly keyOf: (value: number) => string | undefined,
    private readonly equals: (value: number, id: string) => boolean = (value, id) => keyOf(value) === id,
  ) {}

  /** Number of ids in the table. */
  get size(): number {
    return this.live;
  }

  get(id: string): number | undefined {
    const at = this.find(id);
    return at < 0 ? undefined : this.table[at]! - 1;
  }

  has(id: string): boolean {
    return this.find(id) >= 0;
  }

  /** Maps `id` to `value` (replacing what it mapped to); `keyOf(value)` must already answer `id`. */
  set(id: string, value: number): void {
    const at = this.find(id);
    if (at >= 0) {
      this.table[at] = value + 1;
      return;
    }
    if ((this.filled + 1) * 10 > this.table.length * 7) this.rehash(sizeFor(this.live + 1));
    const mask = this.table.length - 1;
    let i = hashOf(id) & mask;
    while (this.table[i]! > EMPTY) i = (i + 1) & mask;
    if (this.table[i] === EMPTY) this.filled++;
    this.table[i] = value + 1;
    this.live++;
  }

  delete(id: string): boolean {
    const at = this.find(id);
    if (at < 0) return false;
    this.table[at] = GONE;
    this.live--;
    return true;
  }

  /**
   * Renumbers every value v to dest[v] in place (an id whose dest is negative leaves the table): the ids hash
   * where they did, so no string is made — the caller's `keyOf` must answer by the new numbers from now on.
   */
  remap(dest: Int32Array): void {
    const t = this.table;
    for (let i = 0; i < t.length; i++) {
      const v = t[i]!;
      if (v <= 0) continue;
      const d = v - 1 < dest.length ? dest[v - 1]! : -1;
      if (d >= 0) t[i] = d + 1;
      else (t[i] = GONE), this.live--;
    }
  }

  /** Empties the table and sizes it for `n` ids (a bulk load then never rehashes). */
  reset(n: number): void {
    this.table = new Int32Array(sizeFor(n));
    this.live = 0;
    this.filled = 0;
  }

  /** A copy of the table with its counts (a snapshot's; see `adopt`): the hash is of the ids' UTF-16 code units, the same in every process. */
  toParts(): IdTableParts {
    return { table: this.table.slice(), live: this.live, filled: this.filled };
  }

  /** Takes over a table `toParts` copied, for the same ids at the same values (a snapshot load: no rehashing). */
  adopt(parts: IdTableParts): void {
    const size = parts.table.length;
    if (size < 1024 || (size & (size - 1)) !== 0 || parts.live > parts.filled || parts.filled * 10 > size * 7) throw new Error('id table disagrees with itself');
    this.table = parts.table;
    this.live = parts.live;
    this.filled = parts.filled;
  }

  private find(id: string): number {
    const t = this.table;
    const mask = t.length - 1;
    for (let i = hashOf(id) & mask; ; i = (i + 1) & mask) {
      const v = t[i]!;
      if (v === EMPTY) return -1;
      if (v > 0 && this.equals(v - 1, id)) return i;
    }
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size);
    const mask = size - 1;
    for (const v of old) {
      if (v <= 0) continue;
      let i = hashOf(this.keyOf(v - 1)!) & mask;
      while (this.table[i] !== EMPTY) i = (i + 1) & mask;
      this.table[i] = v;
    }
    this.filled = this.live;
  }
}

/** An IdTable's slots and counts, as a snapshot stores them. */
export interface IdTableParts {
  table: Int32Array;
  live: number;
  filled: number;
}
