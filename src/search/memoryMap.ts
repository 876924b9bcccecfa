import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The memory-map addon (native/mmap, built by `npm ci`): search snapshots are mapped instead of read into fresh
 * memory, which on a virtual machine is most of a restart's time at a million papers. See native/mmap/mmap.c.
 */
export interface MemoryMap {
  /** The whole file as a private copy-on-write mapping, unmapped when the buffer is collected. */
  mapFile(path: string): ArrayBuffer;
  /**
   * Bytes [0, length) of a file opened by the caller, mapped alone (the kernel maps nothing of the file beyond);
   * absent from an addon built before it existed.
   */
  mapFd?(fd: number, length: number): ArrayBuffer;
  /** Maps the file's pages from `offset` over buffer[at, at + n), n = `length` in whole pages; 0 when not aligned. */
  mapInto(buffer: ArrayBufferLike, at: number, path: string, offset: number, length: number): number;
  /** Reads the file's bytes [offset, offset + length) into buffer[at, …) off the thread, in huge pages where the kernel has them. */
  readInto(buffer: ArrayBufferLike, at: number, path: string, offset: number, length: number): Promise<number>;
  /**
   * Reads `length` bytes at each of `positions` of an open file into into[i × stride, …), one pread each, on this
   * thread; returns how many records were read whole (stops at the first short one). Absent from an addon built before it existed.
   */
  readRecords?(fd: number, positions: Float64Array, length: number, into: Uint8Array, stride: number): number;
}

const ADDON = fileURLToPath(new URL('../../native/mmap/build/Release/paperwire_mmap.node', import.meta.url));
let addon: MemoryMap | null | undefined;

/** The addon, loaded on first use; undefined where it was not built (another OS, no compiler): snapshots are read. */
export function memoryMap(): MemoryMap | undefined {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(ADDON) as MemoryMap;
    } catch {
      addon = null;
    }
  }
  return addon ?? undefined;
}

/**
 * The addon as the native steps `T` of one feature (its window step, its dot products…) when it has each of
 * `names` as a function, else undefined: an addon built before a step existed lacks it, and the caller then runs
 * the same step in JavaScript or WebAssembly.
 */
export function addonWith<T>(...names: (keyof T & string)[]): T | undefined {
  const loaded = memoryMap() as Record<string, unknown> | undefined;
  return loaded && names.every((name) => typeof loaded[name] === 'function') ? (loaded as T) : undefined;
}

/**
 * Postings (of a query's terms) from which a native search step — the window loop, the term-at-a-time additions —
 * runs on two threads: a thread costs ≈ 50 µs to start, a query this size ≈ 0.3 ms or more.
 */
export const PARALLEL_FROM = 65_536;

/** How many threads a native search step may use: two where the machine has two cores or more. */
export const nativeThreads = (): number => (availableParallelism() > 1 ? 2 : 1);
