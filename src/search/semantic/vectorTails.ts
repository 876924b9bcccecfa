import type { SectionSource } from '../snapshotFile.ts';
import type { SectionFile } from '../sectionFile.ts';
import { IdList } from '../idList.ts';
import type { VectorIndex, VectorIndexState } from './vectorIndex.ts';

/** Slots whose tails a save streams at a time. */
const BLOCK = 8192;

/**
 * The rest of each vector where the index holds a prefix (Embedder.scanDim, scanPrefix.ts), kept out of memory: read
 * a record at a time (a pread from the page cache) from the snapshot file the index was loaded from or last saved,
 * at the index's record for the paper (`VectorIndex.fileRowOf`); the tails of vectors set since (the feed) are kept
 * here until a save has written them, and a load from the database puts its tails in one array (record = slot) until
 * its first save. A search rescores its candidates with them.
 */
export class VectorTails {
  private file?: SectionFile;
  private offset = 0;
  /** The records in memory instead of a file (a load from the database, until its first save): record r at r × dim. */
  private arena?: Int8Array;
  private readonly recent = new Map<string, { tail: Int8Array; at: number }>();
  private clock = 0;
  private readonly scratch: Int8Array;

  constructor(readonly dim: number) {
    this.scratch = new Int8Array(dim);
  }

  /** Keeps the rest of a vector just set in the index (a copy is not made: the caller's array is kept). */
  set(id: string, tail: Int8Array): void {
    this.recent.delete(id);
    this.recent.set(id, { tail, at: ++this.clock });
  }

  /** Forgets a vector that left the index. */
  delete(id: string): void {
    this.recent.delete(id);
  }

  /** Tails kept in memory (set since the file was written). */
  get kept(): number {
    return this.recent.size;
  }

  /** The rest of `id`'s vector (kept, or read from the file; the array is reused by the next read), or undefined. */
  get(id: string, index: VectorIndex): Int8Array | undefined {
    const kept = this.recent.get(id);
    if (kept) return kept.tail;
    const row = index.fileRowOf(id);
    if (row < 0) return undefined;
    if (this.arena) return row < this.arena.length / this.dim ? this.arena.subarray(row * this.dim, (row + 1) * this.dim) : undefined;
    if (!this.file) return undefined;
    const bytes = new Uint8Array(this.scratch.buffer);
    return this.file.readAt(bytes, this.offset + row * this.dim) ? this.scratch : undefined;
  }

  /**
   * The rest of each of `ids`' vectors written to into[i × stride + at, …) (kept, in the arena, or read from the
   * file in one batch: SectionFile.readRecords); returns which were found (1) — those not in the index, or whose
   * record could not be read, are 0 and their bytes untouched.
   */
  readMany(ids: readonly string[], index: VectorIndex, into: Int8Array, at: number, stride: number): Uint8Array {
    const { dim } = this;
    const found = new Uint8Array(ids.length);
    const fromFile: number[] = [];
    const rows: number[] = [];
    ids.forEach((id, i) => {
      const kept = this.recent.get(id);
      const row = kept ? -1 : index.fileRowOf(id);
      if (kept) into.set(kept.tail, i * stride + at);
      else if (row < 0) return;
      else if (this.arena) {
        if (row >= this.arena.length / dim) return;
        into.set(this.arena.subarray(row * dim, (row + 1) * dim), i * stride + at);
      } else if (this.file) {
        fromFile.push(i);
        rows.push(row);
        return;
      } else return;
      found[i] = 1;
    });
    if (!fromFile.length || !this.file) return found;
    const records = new Uint8Array(fromFile.length * dim);
    if (!this.file.readRecords(Float64Array.from(rows, (row) => this.offset + row * dim), dim, records)) return found;
    const read = new Int8Array(records.buffer);
    fromFile.forEach((i, k) => {
      into.set(read.subarray(k * dim, (k + 1) * dim), i * stride + at);
      found[i] = 1;
    });
    return found;
  }

  /** Brings the `count` records of the current file into the page cache in the background (SectionFile.touch); resolves when done. */
  warm(count: number): Promise<void> {
    const release = this.file?.hold();
    return (this.file?.touch(this.offset, count * this.dim) ?? Promise.resolve()).finally(() => release?.());
  }

  /** Reads tails from `file` at `offset` from now on (a loaded snapshot's; the index adopts its file rows); the previous file is closed. */
  useFile(file: SectionFile, offset: number): void {
    const old = this.file;
    this.file = file;
    this.offset = offset;
    this.arena = undefined;
    if (old && old !== file) void old.close();
  }

  /**
   * Records for `count` vectors in one array (a load from the database: the index marks each slot's record with
   * `setFileRow`), in place of a file until a save writes them: 128 bytes a vector at 384 dims, where a kept tail
   * each (a map entry, an object, a typed array) cost ≈ 600 (2.7M: RSS 3.8 GB until the first save).
   */
  useArena(count: number): Int8Array {
    const old = this.file;
    this.file = undefined;
    this.arena = new Int8Array(count * this.dim);
    if (old) void old.close();
    return this.arena;
  }

  /**
   * What a save of `state` (just exported from `index`) writes as its last section: every slot's tail in slot order,
   * streamed (kept ones, the rest read from the current file, a range at a time where the records follow each other);
   * `written` then switches reads to the new file for the vectors not set again since, and drops those kept.
   */
  export(state: VectorIndexState, index: VectorIndex): { source: SectionSource; written(file: SectionFile, offset: number): boolean; release(): void } {
    const n = state.ids.lens.length;
    const ids = IdList.fromParts(state.ids);
    const rows = index.exportFileRows(n);
    const kept = new Map(this.recent);
    const at = this.clock;
    const compactions = index.compactions;
    const file = this.file;
    const arena = this.arena;
    const release = file?.hold() ?? (() => undefined);
    const dim = this.dim;
    const offset = this.offset;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let from = 0; from < n; from += BLOCK) {
        const to = Math.min(n, from + BLOCK);
        const out = new Int8Array((to - from) * dim);
        const wanted: number[] = [];
        for (let slot = from; slot < to; slot++) {
          const id = ids.at(slot);
          if (id === undefined) continue; // a freed slot: zeros
          const k = kept.get(id);
          if (k) out.set(k.tail, (slot - from) * dim);
          else if (rows[slot]! >= 0 && arena) out.set(arena.subarray(rows[slot]! * dim, (rows[slot]! + 1) * dim), (slot - from) * dim);
          else if (rows[slot]! >= 0 && file) wanted.push(slot);
          else throw new Error(`the rest of the vector of ${id} is neither kept nor in a file`);
        }
        if (wanted.length) await readInto(out, from, wanted);
        yield new Uint8Array(out.buffer);
      }
    }
    // the file records of `wanted` slots into their places in `out` (block starting at slot `from`)
    async function readInto(out: Int8Array, from: number, wanted: number[]): Promise<void> {
      const first = rows[wanted[0]!]!;
      const last = rows[wanted[wanted.length - 1]!]!;
      if (last - first + 1 <= 2 * wanted.length && last >= first) {
        const span = new Int8Array((last - first + 1) * dim);
        let got = 0;
        for await (const c of file!.chunks(offset + first * dim, span.length)) span.set(new Int8Array(c.buffer, c.byteOffset, c.byteLength), got), (got += c.byteLength);
        for (const slot of wanted) out.set(span.subarray((rows[slot]! - first) * dim, (rows[slot]! - first + 1) * dim), (slot - from) * dim);
        return;
      }
      const one = new Uint8Array(dim);
      for (const slot of wanted) {
        if (!file!.readAt(one, offset + rows[slot]! * dim)) throw new Error('the vector tails file could not be read');
        out.set(new Int8Array(one.buffer), (slot - from) * dim);
      }
    }
    return {
      source: { byteLength: n * dim, chunks },
      release,
      written: (written, writtenOffset) => {
        // slots renumbered since the export: the new file's records are not the slots any more (the next save's are)
        if (index.compactions !== compactions) return false;
        index.adoptFileRows(n, (id) => (this.recent.get(id)?.at ?? 0) <= at);
        for (const [id, k] of this.recent) if (k.at <= at) this.recent.delete(id);
        this.useFile(written, writtenOffset);
        return true;
      },
    };
  }

  /** Closes the file (the index is being replaced or closed). */
  close(): void {
    void this.file?.close();
    this.file = undefined;
  }
}
