import { open, rename, unlink } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * The container of every search snapshot in the data folder (vectors, lexical segments): a fixed header — magic,
 * format version, checksum, section count — then a JSON description and binary sections, each starting on an
 * 8-byte boundary so typed arrays can view them where the file was read, without a copy.
 *
 *   0  "PWSNAP\0\0"   8  u32 format   12 u32 crc32 of everything from byte 24   16 u32 meta bytes
 *   20 u32 sections   24 u64 section lengths…   then the meta JSON, then the sections (padded to 8)
 */
const MAGIC = Buffer.from('PWSNAP\0\0', 'latin1');
const FIXED = 24;
const pad8 = (n: number) => (n + 7) & ~7;

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
}

/**
 * Writes a snapshot whole or not at all: to a temporary file beside it, flushed, then renamed over the old one, so
 * a reader (another server, the next start) sees either the previous snapshot or this one, never half of one.
 */
export async function writeSnapshot<M>(path: string, format: number, parts: SnapshotParts<M>): Promise<number> {
  const meta = Buffer.from(JSON.stringify(parts.meta), 'utf8');
  const head = Buffer.alloc(pad8(FIXED + parts.sections.length * 8));
  MAGIC.copy(head, 0);
  head.writeUInt32LE(format, 8);
  head.writeUInt32LE(meta.length, 16);
  head.writeUInt32LE(parts.sections.length, 20);
  parts.sections.forEach((s, i) => head.writeBigUInt64LE(BigInt(s.byteLength), FIXED + i * 8));
  const chunks: Uint8Array[] = [head.subarray(FIXED), meta, zeros(pad8(meta.length) - meta.length)];
  for (const s of parts.sections) chunks.push(s, zeros(pad8(s.byteLength) - s.byteLength));
  let crc = 0;
  // (empty chunks are skipped: Node's crc32 answers 0 for a view of an empty ArrayBuffer, whatever the running value)
  for (const c of chunks) if (c.byteLength) crc = crc32(c, crc);
  head.writeUInt32LE(crc >>> 0, 12);
  chunks[0] = head;
  const tmp = `${path}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  let bytes = 0;
  try {
    for (const c of chunks) {
      if (c.byteLength) await file.write(c);
      bytes += c.byteLength;
    }
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await file.close();
  await rename(tmp, path);
  return bytes;
}

/**
 * Reads a snapshot and checks it: the magic, the format (an older or newer one is `format`), the checksum (zlib's
 * native CRC-32, run over each part as it arrives) and the section lengths (`corrupt`); a missing file is
 * `missing`. Each section is read into its own buffer, so the arrays an index keeps (postings, a table) hold
 * only their own bytes: a section the reader copies or decodes is freed afterwards instead of staying alive
 * inside one whole-file buffer that any kept view would pin.
 */
export async function readSnapshot<M>(path: string, format: number, into?: SectionTarget<M>): Promise<SnapshotParts<M>> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotUnusable('missing', `no snapshot at ${path}`);
    throw err;
  }
  try {
    const size = (await file.stat()).size;
    let at = 0;
    const next = async (n: number, out: Uint8Array = new Uint8Array(n)): Promise<Uint8Array> => {
      if (at + n > size) throw new SnapshotUnusable('corrupt', 'truncated');
      for (let got = 0; got < n; ) {
        const { bytesRead } = await file.read(out, got, n - got, at + got);
        if (!bytesRead) throw new SnapshotUnusable('corrupt', 'truncated');
        got += bytesRead;
      }
      at += n;
      return out;
    };
    if (size < FIXED) throw new SnapshotUnusable('corrupt', 'not a paperwire snapshot');
    const fixed = Buffer.from((await next(FIXED)).buffer);
    if (!fixed.subarray(0, 8).equals(MAGIC)) throw new SnapshotUnusable('corrupt', 'not a paperwire snapshot');
    const version = fixed.readUInt32LE(8);
    if (version !== format) throw new SnapshotUnusable('format', `snapshot format ${version}, this version reads ${format}`);
    const metaLength = fixed.readUInt32LE(16);
    const count = fixed.readUInt32LE(20);
    if (pad8(FIXED + count * 8) + pad8(metaLength) > size) throw new SnapshotUnusable('corrupt', 'truncated');
    const head = Buffer.from((await next(pad8(FIXED + count * 8) - FIXED + pad8(metaLength))).buffer);
    let crc = crc32(head);
    const lengths = Array.from({ length: count }, (_, i) => Number(head.readBigUInt64LE(i * 8)));
    const metaAt = pad8(FIXED + count * 8) - FIXED;
    const meta = JSON.parse(head.toString('utf8', metaAt, metaAt + metaLength)) as M;
    const sections: Uint8Array[] = [];
    for (const [i, n] of lengths.entries()) {
      const target = into?.(meta, i, n);
      if (target && target.byteLength !== n) throw new Error('a snapshot section target of the wrong size');
      const section = await next(target ? n : pad8(n), target);
      if (section.byteLength) crc = crc32(section, crc);
      if (target && pad8(n) > n) crc = crc32(await next(pad8(n) - n), crc);
      sections.push(section.subarray(0, n));
    }
    if (at !== size || (crc >>> 0) !== fixed.readUInt32LE(12)) throw new SnapshotUnusable('corrupt', at !== size ? 'trailing bytes' : 'checksum mismatch');
    return { meta, sections };
  } catch (err) {
    if (err instanceof SyntaxError) throw new SnapshotUnusable('corrupt', 'unreadable description');
    throw err;
  } finally {
    await file.close();
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
