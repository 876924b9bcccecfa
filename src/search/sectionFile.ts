import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { memoryMap } from './memoryMap.ts';

/** The piece a copy of a section into a new snapshot reads at a time (`SectionFile.chunks`). */
const COPY_CHUNK = 1 << 20;

/**
 * A loaded snapshot file kept open, so that sections left out of memory (neither mapped nor read at load: the
 * lexical window layouts, the vector tails) can be read where a search needs them, a few kilobytes at a time with
 * pread, and copied into the next snapshot. Reads go to the file that was loaded even after another snapshot was renamed over its path.
 * Its owner (the index loaded from it) closes it when the index is replaced or closed; a save still copying from
 * it holds it open until done. After it is closed `readAt` answers false and the caller computes instead.
 */
export class SectionFile {
  private holders = 0;
  private dropped = false;
  private closing?: Promise<void>;
  /** The position of a native single read. */
  private readonly at = new Float64Array(1);

  constructor(private readonly handle: FileHandle) {}

  /** Whether reads still work (not closed). */
  get isOpen(): boolean {
    return !this.dropped;
  }

  /**
   * Reads `into.length` bytes at `position` synchronously (one pread of a word's window layouts, ≈ 46 KB at 2.7M
   * papers: a page-cache copy, cheaper than computing them); false when the file is closed or shorter than that.
   */
  readAt(into: Uint8Array, position: number): boolean {
    if (this.dropped) return false;
    const native = memoryMap()?.readRecords;
    if (native) {
      // the addon's pread (native/mmap/readRecords.c): ~1.5 µs less a record than fs.readSync's binding
      this.at[0] = position;
      return native(this.handle.fd, this.at, into.length, into, into.length) === 1;
    }
    for (let got = 0; got < into.length; ) {
      const n = readSync(this.handle.fd, into, got, into.length - got, position + got);
      if (!n) return false;
      got += n;
    }
    return true;
  }

  /**
   * Reads `length` bytes at each of `positions` into into[i × length, …) synchronously: in one native call where
   * the addon has it (native/mmap/readRecords.c: a search's 200 vector tails), else one `readAt` each. False when
   * the file is closed or shorter than a record.
   */
  readRecords(positions: Float64Array, length: number, into: Uint8Array): boolean {
    if (this.dropped) return false;
    const native = memoryMap()?.readRecords;
    if (native) return native(this.handle.fd, positions, length, into, length) === positions.length;
    for (let k = 0; k < positions.length; k++) if (!this.readAt(into.subarray(k * length, (k + 1) * length), positions[k]!)) return false;
    return true;
  }

  /** Bytes [offset, offset + length) in pieces of a megabyte, read asynchronously (libuv's threads, not this one). */
  async *chunks(offset: number, length: number): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < length; ) {
      if (this.dropped && !this.holders) throw new Error('the snapshot file was closed while it was copied');
      const out = new Uint8Array(Math.min(COPY_CHUNK, length - at));
      const { bytesRead } = await this.handle.read(out, 0, out.length, offset + at);
      if (!bytesRead) throw new Error('the snapshot file is shorter than its sections');
      at += bytesRead;
      yield bytesRead === out.length ? out : out.subarray(0, bytesRead);
    }
  }

  /**
   * Bytes [offset, offset + length) in a fresh buffer, read asynchronously (libuv's threads); undefined when the file
   * is shorter, or closed with no save still copying from it.
   */
  async readSpan(offset: number, length: number): Promise<Uint8Array | undefined> {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; ) {
      if (this.dropped && !this.holders) return undefined;
      const { bytesRead } = await this.handle.read(out, at, length - at, offset + at);
      if (!bytesRead) return undefined;
      at += bytesRead;
    }
    return out;
  }

  /**
   * Reads bytes [offset, offset + length) once, into one reused buffer, a megabyte at a time off this thread: brings
   * them into the page cache (not into this process's memory), so that the first searches' record reads after a
   * start or a reboot do not each wait on the disk. Stops quietly when the file is closed.
   */
  async touch(offset: number, length: number): Promise<void> {
    const buf = new Uint8Array(COPY_CHUNK);
    for (let at = 0; at < length && !this.dropped; ) {
      const { bytesRead } = await this.handle.read(buf, 0, Math.min(buf.length, length - at), offset + at).catch(() => ({ bytesRead: 0 }));
      if (!bytesRead) return;
      at += bytesRead;
    }
  }

  /** Keeps the file open until the returned release is called, even if it is closed meanwhile (a save copying). */
  hold(): () => void {
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.dropped && !this.holders) void this.shut();
    };
  }

  /** Closes the file now, or once the last holder lets go; reads answer false from now on. */
  close(): Promise<void> {
    this.dropped = true;
    return this.holders ? Promise.resolve() : this.shut();
  }

  private shut(): Promise<void> {
    this.closing ??= this.handle.close().catch(() => undefined);
    return this.closing;
  }
}
