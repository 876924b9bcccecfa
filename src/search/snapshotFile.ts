import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { memoryMap, type MemoryMap } from './memoryMap.ts';
import { SectionFile } from './sectionFile.ts';

/**
 * The container of every search snapshot in the data folder (vectors, lexical segments): a fixed header — magic,
 * format version, checksum, section count — then a JSON description and binary sections, each starting on an
 * 8-byte boundary (a section of 64 KiB or more on a 4,096-byte page) so typed arrays can view them where the file
 * was read or mapped, without a copy, and large ones can be mapped page by page into memory of the reader's choice.
 *
 *   0  "PWSNAP\0\0"   8  u32 format   12 u32 crc32 of everything from byte 24   16 u32 meta bytes
 *   20 u32 sections   24 u64 section lengths…   then the meta JSON, then the sections (zero padding between)
 */
const MAGIC = Buffer.from('PWSNAP\0\0', 'latin1');
const FIXED = 24;
const PAGE = 4096;
const PAGED = 65_536;
/** Sections smaller than this are mapped even where `huge` asks for a read (less than a huge page). */
const HUGE_FROM = 2 << 20;
/** From this size a mapped snapshot's checksum is summed in a worker thread (`checksumOffThread`). */
const OFF_THREAD_SUM = 64 << 20;
/** The piece of a large section one read asks for (see `readInto`). */
const READ_CHUNK = 8 << 20;
const pad8 = (n: number) => (n + 7) & ~7;
const padTo = (n: number, to: number) => Math.ceil(n / to) * to;

/** Where each section starts, given where the first may start; and where the file ends. */
function layout(start: number, lengths: number[]): { offsets: number[]; end: number } {
  const offsets: number[] = [];
  let at = start;
  for (const n of lengths) {
    at = padTo(at, n >= PAGED ? PAGE : 8);
    offsets.push(at);
    at += n;
  }
  return { offsets, end: pad8(at) };
}

/** Why a snapshot could not be used; the reader rebuilds from the database and logs this. */
export class SnapshotUnusable extends Error {
  constructor(
    readonly reason: 'missing' | 'corrupt' | 'format' | 'model' | 'position',
    detail: string,
  ) {
    super(detail);
  }
}

/** What a snapshot holds: a description (its kind's meta, JSON) and binary sections. */
export interface SnapshotParts<M> {
  meta: M;
  sections: Uint8Array[];
  /** Sections a read left on disk (`ReadOptions.leaveOnDisk`): empty in `sections`, found here. */
  onDisk?: OnDiskSections;
}

/** Where the sections a read left on disk lie in the file it keeps open. */
export interface OnDiskSections {
  file: SectionFile;
  /** The first section left on disk (all after it are too). */
  from: number;
  /** Every section's offset and length in the file. */
  offsets: number[];
  lengths: number[];
}

/**
 * A section to write whose bytes are not all in memory: `byteLength` bytes, produced piece by piece while the
 * snapshot is written (copied from an older snapshot, or computed a millisecond at a time).
 */
export interface SectionSource {
  byteLength: number;
  chunks(): AsyncIterable<Uint8Array>;
}

/**
 * Writes a snapshot whole or not at all: to a temporary file beside it, flushed, then renamed over the old one, so
 * a reader (another server, the next start) sees either the previous snapshot or this one, never half of one —
 * and a file a server has mapped is never changed under it. Sections are written in order and summed as they go
 * (the fixed header with the checksum last, at the start), so a `SectionSource` never needs all its bytes at once.
 */
export async function writeSnapshot<M>(path: string, format: number, parts: { meta: M; sections: (Uint8Array | SectionSource)[] }): Promise<number> {
  const meta = Buffer.from(JSON.stringify(parts.meta), 'utf8');
  const head = Buffer.alloc(pad8(FIXED + parts.sections.length * 8));
  MAGIC.copy(head, 0);
  head.writeUInt32LE(format, 8);
  head.writeUInt32LE(meta.length, 16);
  head.writeUInt32LE(parts.sections.length, 20);
  parts.sections.forEach((s, i) => head.writeBigUInt64LE(BigInt(s.byteLength), FIXED + i * 8));
  const { offsets, end } = layout(head.length + meta.length, parts.sections.map((s) => s.byteLength));
  // a name of its own per write: two writes of one path at once (a timer's and a shutdown's) must not share a file
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(tmp, 'w');
  let crc = 0;
  let at = 0;
  // (empty chunks are skipped: Node's crc32 answers 0 for a view of an empty ArrayBuffer, whatever the running value)
  const put = async (c: Uint8Array) => {
    if (!c.byteLength) return;
    if (at >= FIXED) crc = crc32(c, crc);
    await file.write(c, 0, c.byteLength, at);
    at += c.byteLength;
  };
  try {
    at = FIXED; // the fixed header goes last, with the checksum
    await put(head.subarray(FIXED));
    await put(meta);
    for (const [i, s] of parts.sections.entries()) {
      await put(zeros(offsets[i]! - at));
      if (s instanceof Uint8Array) await put(s);
      else {
        const from = at;
        for await (const c of s.chunks()) await put(c);
        if (at - from !== s.byteLength) throw new Error(`a snapshot section gave ${at - from} bytes, not ${s.byteLength}`);
      }
    }
    await put(zeros(end - at));
    head.writeUInt32LE(crc >>> 0, 12);
    await file.write(head, 0, FIXED, 0);
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await file.close();
  await rename(tmp, path);
  return end;
}

/** How a snapshot is read: mapped (the default where the memory-map addon is built) or read into buffers. */
export interface ReadOptions {
  map?: boolean;
  /**
   * Which sections a mapped read brings into the process's page tables at load (default all): sections that
   * searches read only a few pages of (ids of the top hits, look-up tables) are better left to fault in when read,
   * so their pages never count in the server's resident memory.
   */
  prefault?: (section: number) => boolean;
  /**
   * Sections whose target (`into`) a mapped read fills by reading the file into huge pages (the addon's readInto)
   * instead of mapping the file over it: for what every search scans end to end (the vector rows), whose scan over
   * a file mapping runs 3-8x slower when the page cache holds the file in small pages (after a reboot or memory
   * pressure) than when the file was just written. The read memory counts in resident memory as the mapping did.
   */
  huge?: (section: number) => boolean;
  /** From what file size a mapped read sums the checksum in a worker thread (default 64 MiB; tests set 0). */
  sumOffThreadFrom?: number;
  /**
   * The first section (given the description) that stays on disk, it and all after it: checksummed but neither
   * mapped nor kept in memory, read later through the file the read keeps open (`SnapshotParts.onDisk`). A mapped
   * read maps the file only up to them, so no page of theirs ever counts in the process's resident memory.
   */
  leaveOnDisk?: (meta: unknown) => number;
}

/** A snapshot's fixed header and description, checked; the sections' offsets; the checksum over the header. */
interface Head<M> {
  meta: M;
  /** Where the head ends (the first section may start here, or at the next boundary). */
  start: number;
  lengths: number[];
  offsets: number[];
  end: number;
  crc: number;
  expected: number;
}

/** Parses the fixed header (24 bytes) and the rest of the head (`rest(n)` gives the next n bytes). */
async function parseHead<M>(fixed: Buffer, size: number, format: number, rest: (n: number) => Promise<Uint8Array> | Uint8Array): Promise<Head<M>> {
  if (size < FIXED || !fixed.subarray(0, 8).equals(MAGIC)) throw new SnapshotUnusable('corrupt', 'not a paperwire snapshot');
  const version = fixed.readUInt32LE(8);
  if (version !== format) throw new SnapshotUnusable('format', `snapshot format ${version}, this version reads ${format}`);
  const metaLength = fixed.readUInt32LE(16);
  const count = fixed.readUInt32LE(20);
  const headEnd = pad8(FIXED + count * 8);
  if (headEnd + metaLength > size) throw new SnapshotUnusable('corrupt', 'truncated');
  const head = Buffer.from(await rest(headEnd - FIXED + metaLength));
  const lengths = Array.from({ length: count }, (_, i) => Number(head.readBigUInt64LE(i * 8)));
  let meta: M;
  try {
    meta = JSON.parse(head.toString('utf8', headEnd - FIXED)) as M;
  } catch {
    throw new SnapshotUnusable('corrupt', 'unreadable description');
  }
  const { offsets, end } = layout(headEnd + metaLength, lengths);
  if (end !== size) throw new SnapshotUnusable('corrupt', end > size ? 'truncated' : 'trailing bytes');
  return { meta, start: headEnd + metaLength, lengths, offsets, end, crc: crc32(head), expected: fixed.readUInt32LE(12) };
}

/**
 * Reads a snapshot and checks it: the magic, the format (an older or newer one is `format`), the layout against
 * the file's size and the checksum (zlib's native CRC-32 over every byte after the fixed header: `corrupt`); a
 * missing file is `missing`. Where the memory-map addon is built the file is mapped and each section is a view of
 * the mapping (nothing copied; the pages are the page cache's); otherwise each section is read into its own
 * buffer, so the arrays an index keeps hold only their own bytes. `into` lands a section in memory the reader
 * chose (the vector kernel's): mapped there page by page where both are page-aligned, else copied.
 */
export async function readSnapshot<M>(path: string, format: number, into?: SectionTarget<M>, options: ReadOptions = {}): Promise<SnapshotParts<M>> {
  if (options.leaveOnDisk) return readLeavingOnDisk(path, format, into, options, options.leaveOnDisk);
  const mm = options.map === false ? undefined : memoryMap();
  return mm ? readMapped(path, format, mm, into, options) : readInto(path, format, into);
}

/** `readSnapshot` of a file whose last sections stay on disk: mapped up to them where the addon can, else read. */
function readLeavingOnDisk<M>(path: string, format: number, into: SectionTarget<M> | undefined, options: ReadOptions, leaveOnDisk: (meta: M) => number): Promise<SnapshotParts<M>> {
  const mm = options.map === false ? undefined : memoryMap();
  // (an addon built before mapFd existed cannot map a file's first part only: such a file is read instead)
  if (mm?.mapFd) return readMappedPart(path, format, mm, into, options.sumOffThreadFrom ?? OFF_THREAD_SUM, options.prefault, leaveOnDisk, options.huge);
  return readInto(path, format, into, leaveOnDisk);
}

/**
 * Opens one section of a snapshot for reads where it lies (no checksum: for a writer that just wrote the file and
 * reads its description back to check it is its own, `meta`), the file kept open in a SectionFile.
 */
export async function openSection<M>(path: string, format: number, section: number): Promise<{ meta: M; file: SectionFile; offset: number; length: number }> {
  const handle = await openSnapshot(path);
  try {
    const size = (await handle.stat()).size;
    const fixed = Buffer.from(size < FIXED ? new Uint8Array(FIXED) : await readRange(handle, 0, FIXED));
    const h = await parseHead<M>(fixed, size, format, (n) => readRange(handle, FIXED, FIXED + n));
    if (section >= h.lengths.length) throw new SnapshotUnusable('corrupt', 'no such section');
    return { meta: h.meta, file: new SectionFile(handle), offset: h.offsets[section]!, length: h.lengths[section]! };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Opens a snapshot for reading (`missing` when there is none). */
async function openSnapshot(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotUnusable('missing', `no snapshot at ${path}`);
    throw err;
  }
}

/** Reads bytes [from, to) of an open file into a fresh buffer. */
async function readRange(file: FileHandle, from: number, to: number): Promise<Uint8Array> {
  const out = new Uint8Array(to - from);
  for (let got = 0; got < out.length; ) {
    const { bytesRead } = await file.read(out, got, out.length - got, from + got);
    if (!bytesRead) throw new SnapshotUnusable('corrupt', 'truncated');
    got += bytesRead;
  }
  return out;
}

/** The crc32 of bytes [from, to) of an open file, continuing `crc`, read a chunk at a time. */
async function crcOfRange(file: FileHandle, from: number, to: number, crc: number): Promise<number> {
  for (let at = from; at < to; at += READ_CHUNK) crc = crc32(await readRange(file, at, Math.min(to, at + READ_CHUNK)), crc);
  return crc;
}

/**
 * The mapped read of a snapshot whose last sections stay on disk: the file is opened once, its head read, then
 * mapped from that same descriptor only up to the first section left on disk (mapFd), so the mapping and the later
 * preads are of one file even if another snapshot is renamed over the path meanwhile; the descriptor stays open
 * in a SectionFile for the sections on disk.
 */
async function readMappedPart<M>(
  path: string,
  format: number,
  mm: MemoryMap,
  into: SectionTarget<M> | undefined,
  offThreadFrom: number,
  wanted: (section: number) => boolean = () => true,
  leaveOnDisk: (meta: M) => number,
  huge: (section: number) => boolean = () => false,
): Promise<SnapshotParts<M>> {
  const handle = await openSnapshot(path);
  let kept = false;
  try {
    const size = (await handle.stat()).size;
    const fixed = Buffer.from(size < FIXED ? new Uint8Array(FIXED) : await readRange(handle, 0, FIXED));
    const h = await parseHead<M>(fixed, size, format, (n) => readRange(handle, FIXED, FIXED + n));
    const count = h.lengths.length;
    const from = Math.min(count, Math.max(0, leaveOnDisk(h.meta)));
    const mapEnd = from < count ? h.offsets[from]! : h.end;
    const file = new Uint8Array(mm.mapFd!(handle.fd, mapEnd));
    const summing = h.end - FIXED >= offThreadFrom ? checksumOffThread(path, FIXED, h.end, () => crcOfRange(handle, mapEnd, h.end, crc32(file.subarray(FIXED, mapEnd)))) : undefined;
    let crc = h.crc;
    let at = h.start;
    const sections: Uint8Array[] = [];
    for (const [i, n] of h.lengths.entries()) {
      const off = h.offsets[i]!;
      if (i >= from) {
        if (!summing) crc = await crcOfRange(handle, at, off + n, crc);
        sections.push(new Uint8Array(0));
        at = off + n;
        continue;
      }
      if (off > at && !summing) crc = crc32(file.subarray(at, off), crc);
      const section = await landSection(mm, path, file, off, n, into?.(h.meta, i, n), huge(i));
      if (n && !summing) crc = crc32(section, crc);
      sections.push(section);
      at = off + n;
    }
    if (summing) {
      prefault(sections.filter((_, i) => i < from && wanted(i)));
      crc = await summing;
    } else if (h.end > at) crc = at >= mapEnd ? await crcOfRange(handle, at, h.end, crc) : crc32(file.subarray(at, h.end), crc);
    if ((crc >>> 0) !== h.expected) throw new SnapshotUnusable('corrupt', 'checksum mismatch');
    // nothing on disk to read later (no such sections, or all empty): the file is closed
    if (h.lengths.slice(from).every((n) => n === 0)) return { meta: h.meta, sections };
    kept = true;
    return { meta: h.meta, sections, onDisk: { file: new SectionFile(handle), from, offsets: h.offsets, lengths: h.lengths } };
  } finally {
    if (!kept) await handle.close();
  }
}

/** The mapped read: one mapping of the file, sections as views, `into` targets mapped over or copied. */
async function readMapped<M>(
  path: string,
  format: number,
  mm: MemoryMap,
  into: SectionTarget<M> | undefined,
  options: ReadOptions,
): Promise<SnapshotParts<M>> {
  const { sumOffThreadFrom: offThreadFrom = OFF_THREAD_SUM, prefault: wanted = () => true, huge = () => false } = options;
  let file: Uint8Array;
  try {
    file = new Uint8Array(mm.mapFile(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotUnusable('missing', `no snapshot at ${path}`);
    throw err;
  }
  const fixed = Buffer.from(file.buffer, 0, Math.min(FIXED, file.byteLength));
  const h = await parseHead<M>(fixed, file.byteLength, format, (n) => file.subarray(FIXED, FIXED + n));
  // a large file is summed by a worker reading it, not through this mapping (whose pages then stay out of memory
  // until a search reads them), on another core while the sections are set up here
  const summing = h.end - FIXED >= offThreadFrom ? checksumOffThread(path, FIXED, h.end, () => crc32(file.subarray(FIXED, h.end))) : undefined;
  let crc = h.crc;
  let at = h.start;
  const sections: Uint8Array[] = [];
  for (const [i, n] of h.lengths.entries()) {
    const off = h.offsets[i]!;
    if (off > at && !summing) crc = crc32(file.subarray(at, off), crc);
    const section = await landSection(mm, path, file, off, n, into?.(h.meta, i, n), huge(i));
    if (n && !summing) crc = crc32(section, crc);
    sections.push(section);
    at = off + n;
  }
  if (summing) {
    // while the worker sums, bring the mapping's pages into this process's page tables (a read per page: the
    // kernel maps neighbouring pages of the page cache on each fault), so the first searches do not fault them in
    prefault(sections.filter((_, i) => wanted(i)));
    crc = await summing;
  } else if (h.end > at) crc = crc32(file.subarray(at, h.end), crc);
  if ((crc >>> 0) !== h.expected) throw new SnapshotUnusable('corrupt', 'checksum mismatch');
  return { meta: h.meta, sections };
}

/**
 * Where a mapped read puts section [off, off + n): a view of the mapping, or its target (`into`) filled with the
 * file's pages — read into huge pages (`huge`, from HUGE_FROM) or mapped over it page by page, the tail copied.
 */
async function landSection(mm: MemoryMap, path: string, file: Uint8Array, off: number, n: number, target: Uint8Array | undefined, huge: boolean): Promise<Uint8Array> {
  if (!target) return file.subarray(off, off + n);
  if (target.byteLength !== n) throw new Error('a snapshot section target of the wrong size');
  if (huge && n >= HUGE_FROM) {
    await mm.readInto(target.buffer, target.byteOffset, path, off, n);
    return target;
  }
  const mapped = mm.mapInto(target.buffer, target.byteOffset, path, off, n);
  if (mapped < n) target.set(file.subarray(off + mapped, off + n), mapped);
  return target;
}

/** Reads one byte of every page of the sections (what a first search would otherwise fault in, one page at a time). */
function prefault(sections: Uint8Array[]): number {
  let sum = 0;
  for (const s of sections) for (let i = 0; i < s.length; i += PAGE) sum += s[i]!;
  return sum;
}

/**
 * The crc32 of bytes [from, to) of a file, read and summed in a worker thread (checksumWorker.mjs); `inThread`
 * when the worker cannot run (the sum is the same, only slower and through the mapping).
 */
function checksumOffThread(path: string, from: number, to: number, inThread: () => number | Promise<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./checksumWorker.mjs', import.meta.url), { workerData: { path, from, to } });
    } catch {
      return resolve(inThread());
    }
    worker.once('message', (m: { crc?: number; error?: string }) => {
      void worker.terminate();
      if (m.crc === undefined) reject(new SnapshotUnusable('corrupt', m.error ?? 'unreadable'));
      else resolve(m.crc);
    });
    worker.once('error', () => resolve(inThread()));
  });
}

/** The plain read: each section into its own buffer (or the `into` target), checksummed as it arrives. */
async function readInto<M>(path: string, format: number, into?: SectionTarget<M>, leaveOnDisk?: (meta: M) => number): Promise<SnapshotParts<M>> {
  const file = await openSnapshot(path);
  let kept = false;
  try {
    const size = (await file.stat()).size;
    let at = 0;
    const fill = async (out: Uint8Array, from: number, to: number, offset: number) => {
      for (let got = from; got < to; ) {
        const { bytesRead } = await file.read(out, got, to - got, offset + got);
        if (!bytesRead) throw new SnapshotUnusable('corrupt', 'truncated');
        got += bytesRead;
      }
    };
    // a large section is read in chunks at once, so libuv's threads fault its fresh pages side by side (most of
    // the time of reading 384 MB of vector rows at 1M papers on a virtual machine)
    const next = async (n: number, out: Uint8Array = new Uint8Array(n)): Promise<Uint8Array> => {
      if (at + n > size) throw new SnapshotUnusable('corrupt', 'truncated');
      const chunks: Promise<void>[] = [];
      for (let from = 0; from < n || (n === 0 && !chunks.length); from += READ_CHUNK) chunks.push(fill(out, from, Math.min(n, from + READ_CHUNK), at));
      await Promise.all(chunks);
      at += n;
      return out;
    };
    const fixed = size < FIXED ? Buffer.alloc(FIXED) : Buffer.from((await next(FIXED)).buffer);
    const h = await parseHead<M>(fixed, size, format, (n) => next(n));
    let crc = h.crc;
    const sections: Uint8Array[] = [];
    const count = h.lengths.length;
    const from = leaveOnDisk ? Math.min(count, Math.max(0, leaveOnDisk(h.meta))) : count;
    for (const [i, n] of h.lengths.entries()) {
      if (i >= from) {
        // left on disk: summed a chunk at a time, not kept
        crc = await crcOfRange(file, at, h.offsets[i]! + n, crc);
        at = h.offsets[i]! + n;
        sections.push(new Uint8Array(0));
        continue;
      }
      if (h.offsets[i]! > at) crc = crc32(await next(h.offsets[i]! - at), crc);
      const target = into?.(h.meta, i, n);
      if (target && target.byteLength !== n) throw new Error('a snapshot section target of the wrong size');
      const section = await next(n, target);
      if (n) crc = crc32(section, crc);
      sections.push(section);
    }
    if (h.end > at) crc = from < count ? await crcOfRange(file, at, h.end, crc) : crc32(await next(h.end - at), crc);
    if ((crc >>> 0) !== h.expected) throw new SnapshotUnusable('corrupt', 'checksum mismatch');
    // nothing on disk to read later (no such sections, or all empty): the file is closed
    if (h.lengths.slice(from).every((n) => n === 0)) return { meta: h.meta, sections };
    kept = true;
    return { meta: h.meta, sections, onDisk: { file: new SectionFile(file), from, offsets: h.offsets, lengths: h.lengths } };
  } finally {
    if (!kept) await file.close();
  }
}

/**
 * Where a reader wants a section's bytes to land (the memory that will hold them for good, e.g. the vector
 * kernel's), given the description and the section's number and length; undefined: a buffer of its own. The
 * target must be exactly `length` bytes.
 */
export type SectionTarget<M> = (meta: M, section: number, length: number) => Uint8Array | undefined;

/** A typed array over a section: a view when the section is aligned for it, else a copy. */
export function sectionAs<T extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array | Int8Array>(
  section: Uint8Array,
  Kind: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number },
): T {
  const n = section.byteLength / Kind.BYTES_PER_ELEMENT;
  if (section.byteOffset % Kind.BYTES_PER_ELEMENT === 0) return new Kind(section.buffer, section.byteOffset, n);
  const out = new Kind(n);
  new Uint8Array(out.buffer).set(section);
  return out;
}

/** The bytes of a typed array, as a section. */
export const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const zeros = (n: number) => new Uint8Array(n);

/**
 * A list of strings as two sections: their lengths (UTF-16 code units, u32) and their text run together in UTF-8.
 * It loads several times faster than a JSON array of the same strings (one decode, then slices, no parsing),
 * which is most of what a lexical snapshot's dictionary and paper ids cost at start.
 */
export function stringSections(list: string[]): [Uint8Array, Uint8Array] {
  const lengths = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) lengths[i] = list[i]!.length;
  return [bytesOf(lengths), Buffer.from(list.join(''), 'utf8')];
}

/** The strings `stringSections` wrote; throws SnapshotUnusable when the two sections disagree. */
export function stringsFrom(lengthsSection: Uint8Array, textSection: Uint8Array): string[] {
  const lengths = sectionAs(lengthsSection, Uint32Array);
  const bytes = Buffer.from(textSection.buffer, textSection.byteOffset, textSection.byteLength);
  let total = 0;
  for (let i = 0; i < lengths.length; i++) total += lengths[i]!;
  // text that is all ASCII (the usual case) decodes as latin1, faster, to the same string
  const text = bytes.length === total ? bytes.toString('latin1') : bytes.toString('utf8');
  if (text.length !== total) throw new SnapshotUnusable('corrupt', 'string lengths disagree with their text');
  const out = new Array<string>(lengths.length);
  for (let i = 0, at = 0; i < lengths.length; i++) out[i] = text.slice(at, (at += lengths[i]!));
  return out;
}
