/** Rowids up to this are kept in the array; larger ones (a sparse or foreign numbering) in a Map. */
const DENSE_UP_TO = 1 << 26;

/**
 * Paper rowid → the lexical index's internal number. Rowids are dense from 1 (SQLite's, PostgreSQL's serial), so an
 * Int32Array indexed by rowid holds them in 4 bytes each, where a `Map` of a million papers costs ~30 MB; a rowid
 * far beyond the papers' count still works, through a Map.
 */
export class RowidTable {
  /** internal number + 1 per rowid; 0 when the rowid is not indexed. */
  private dense = new Int32Array(1024);
  private far = new Map<number, number>();

  get(rowid: number): number | undefined {
    if (rowid >= 0 && rowid < DENSE_UP_TO) {
      const v = rowid < this.dense.length ? this.dense[rowid]! : 0;
      return v === 0 ? undefined : v - 1;
    }
    return this.far.get(rowid);
  }

  set(rowid: number, doc: number): void {
    if (rowid < 0 || rowid >= DENSE_UP_TO) {
      this.far.set(rowid, doc);
      return;
    }
    if (rowid >= this.dense.length) this.reserve(Math.max(rowid + 1, this.dense.length * 2));
    this.dense[rowid] = doc + 1;
  }

  delete(rowid: number): void {
    if (rowid >= 0 && rowid < DENSE_UP_TO) {
      if (rowid < this.dense.length) this.dense[rowid] = 0;
    } else this.far.delete(rowid);
  }

  /** Sizes the array for rowids up to `max` (a bulk load then never grows it). */
  reserve(max: number): void {
    const size = Math.min(DENSE_UP_TO, Math.max(max + 1, 1024));
    if (size <= this.dense.length) return;
    const next = new Int32Array(size);
    next.set(this.dense);
    this.dense = next;
  }
}
