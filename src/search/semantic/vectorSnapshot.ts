import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { bytesOf, openSection, readSnapshot, sectionAs, SnapshotUnusable, writeSnapshot, type SectionSource } from '../snapshotFile.ts';
import type { SectionFile } from '../sectionFile.ts';
import { IdList, type IdListParts } from '../idList.ts';
import { IdTable, type IdTableParts } from '../idTable.ts';
import type { VectorIndexState } from './vectorIndex.ts';

/** Bumped whenever the layout below changes: an older snapshot is then rebuilt from the database. */
// 2: ids as string sections (not JSON; a freed slot is the empty string) and the id → slot table as it is;
// 3: sections of 64 KiB or more start on a page, so the rows can be mapped into the kernel's memory; the ids as
// the index holds them (IdList's bytes, offsets and lengths), so a load makes no string
// 4: an index of vector prefixes (Embedder.scanDim) saves the rest of each vector last, left on disk at load
export const VECTOR_SNAPSHOT_FORMAT = 4;

/** The section of the int8 rows (after the ids' three). */
const ROWS = 3;

/** The snapshot file's name in the data folder, one per model (so switching models back and forth keeps both). */
export const vectorSnapshotName = (model: string) => `vectors-${model.replace(/[^A-Za-z0-9._-]/g, '_')}.snap`;

interface VectorMeta {
  kind: 'vectors';
  model: string;
  dim: number;
  /** The vector feed position the vectors reflect: a load replays the feed after it. */
  position: number;
  count: number;
  clustered: boolean;
  slotLive: number;
  slotFilled: number;
  /** Components of each vector after the index's prefix, saved in the last section (0: the index holds whole vectors). */
  tailDim?: number;
  savedAt: string;
  /** A mark of this write, so the writer can tell its own file from another's renamed over the path since. */
  nonce?: string;
}

/** A vector index as saved: its model, its feed position and its arrays. */
export interface VectorSnapshot {
  model: string;
  position: number;
  state: VectorIndexState;
  nonce?: string;
}

/**
 * The rest of each vector where the index holds prefixes, as a write streams it into the file: `dim` int8
 * components a slot, in slot order (zeros for a freed slot).
 */
export interface TailsToWrite {
  dim: number;
  source: SectionSource;
}

/** The same records as a read finds them: left on disk, read back one at a time from `file` at `offset`. */
export interface TailsOnDisk {
  dim: number;
  file: SectionFile;
  offset: number;
}

/** Writes the vectors of one model at one feed position (atomically; see snapshotFile.ts); returns the bytes written. */
export function writeVectorSnapshot(path: string, snap: VectorSnapshot & { tails?: TailsToWrite }): Promise<number> {
  const { state } = snap;
  const c = state.clusters;
  const slots = state.slotTable ?? slotTableOf(state.ids);
  const meta: VectorMeta = {
    kind: 'vectors',
    model: snap.model,
    dim: state.dim,
    position: snap.position,
    count: state.ids.lens.length,
    clustered: !!c,
    slotLive: slots.live,
    slotFilled: slots.filled,
    tailDim: snap.tails?.dim ?? 0,
    savedAt: new Date().toISOString(),
    nonce: snap.nonce,
  };
  const sections: (Uint8Array | SectionSource)[] = [state.ids.bytes, state.ids.starts, state.ids.lens, state.data, state.scales, slots.table].map(bytesOf);
  if (c) sections.push(...[c.centroids, c.groupCentroids, c.leafRange, c.groupBias, c.leafBias, c.listOf].map(bytesOf));
  if (snap.tails) {
    if (snap.tails.source.byteLength !== meta.count * snap.tails.dim) throw new Error('vector tails of the wrong size');
    sections.push(snap.tails.source);
  }
  return writeSnapshot(path, VECTOR_SNAPSHOT_FORMAT, { meta, sections });
}

/**
 * Reads the vectors saved for `model`; throws SnapshotUnusable when the file is missing, corrupt, of another
 * format or of another model (the caller then loads from the database). `rowsInto`, when given, says where the
 * int8 rows go (VectorIndex.rowsFor: straight into the index's own memory, where a copy would pass 384 MB through
 * a second buffer at 1M papers).
 */
export async function readVectorSnapshot(path: string, model: string, rowsInto?: (dim: number, count: number) => Int8Array): Promise<VectorSnapshot & { tails?: TailsOnDisk }> {
  const target = (meta: VectorMeta, section: number, length: number) => {
    if (section !== ROWS || !rowsInto || meta.kind !== 'vectors' || meta.model !== model || length !== meta.count * meta.dim) return undefined;
    const rows = rowsInto(meta.dim, meta.count);
    return new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
  };
  // the rows, which every search scans, read into huge pages rather than mapped: the scan's speed then does not
  // depend on how the page cache holds the file (docs/search.md, "Snapshots and work off the request loop")
  // the tails (the last section, when saved) stay on disk: a search reads the few it rescores
  const fixedSections = (m: Partial<VectorMeta> | null) => (m?.clustered ? 12 : 6);
  const { meta, sections, onDisk } = await readSnapshot<VectorMeta>(path, VECTOR_SNAPSHOT_FORMAT, target, {
    huge: (i) => i === ROWS,
    leaveOnDisk: (m) => fixedSections(m as Partial<VectorMeta> | null),
  });
  const tailDim = meta.tailDim ?? 0;
  let tails: TailsOnDisk | undefined;
  try {
    if (meta.kind !== 'vectors') throw new SnapshotUnusable('corrupt', `a ${String(meta.kind)} snapshot where vectors were expected`);
    if (meta.model !== model) throw new SnapshotUnusable('model', `snapshot of model ${meta.model}, the server uses ${model}`);
    if (sections.length !== fixedSections(meta) + (tailDim ? 1 : 0)) throw new SnapshotUnusable('corrupt', 'wrong number of sections');
    if (tailDim) {
      if (!onDisk || onDisk.lengths[fixedSections(meta)] !== meta.count * tailDim) throw new SnapshotUnusable('corrupt', 'vector tails of the wrong size');
      tails = { dim: tailDim, file: onDisk.file, offset: onDisk.offsets[fixedSections(meta)]! };
    }
  } catch (err) {
    await onDisk?.file.close();
    throw err;
  }
  const [idBytes, idStarts, idLens, data, scales, slotTable, centroids, groupCentroids, leafRange, groupBias, leafBias, listOf] = sections as Uint8Array[];
  const state: VectorIndexState = {
    dim: meta.dim,
    ids: { bytes: idBytes!, starts: sectionAs(idStarts!, Uint32Array), lens: sectionAs(idLens!, Uint16Array) },
    data: sectionAs(data!, Int8Array),
    scales: sectionAs(scales!, Float32Array),
    slotTable: { table: sectionAs(slotTable!, Int32Array), live: meta.slotLive, filled: meta.slotFilled },
    clusters: meta.clustered
      ? {
          centroids: sectionAs(centroids!, Float32Array),
          groupCentroids: sectionAs(groupCentroids!, Float32Array),
          leafRange: sectionAs(leafRange!, Int32Array),
          groupBias: sectionAs(groupBias!, Float64Array),
          leafBias: sectionAs(leafBias!, Float64Array),
          listOf: sectionAs(listOf!, Int32Array),
        }
      : undefined,
  };
  if (state.ids.lens.length !== meta.count || state.ids.starts.length !== meta.count || state.data.length !== meta.count * meta.dim || state.scales.length !== meta.count) {
    await tails?.file?.close();
    throw new SnapshotUnusable('corrupt', 'section lengths disagree with the header');
  }
  return { model: meta.model, position: meta.position, state, tails, nonce: meta.nonce };
}

/**
 * The tails section of the snapshot a save just wrote at `path`, opened for reads — undefined when the file there is
 * no longer that write's (`nonce`: another writer's renamed over it since) or cannot be read.
 */
export async function openVectorTails(path: string, nonce: string, clustered: boolean): Promise<{ file: SectionFile; offset: number } | undefined> {
  try {
    const s = await openSection<VectorMeta>(path, VECTOR_SNAPSHOT_FORMAT, clustered ? 12 : 6);
    if (s.meta.nonce === nonce && s.length === s.meta.count * (s.meta.tailDim ?? 0)) return { file: s.file, offset: s.offset };
    await s.file.close();
  } catch {
    // missing or unreadable: the tails stay where they were
  }
  return undefined;
}

/** The id → slot table of a state that came without one (an index's own state always has it). */
function slotTableOf(parts: IdListParts): IdTableParts {
  const ids = IdList.fromParts(parts);
  const table = new IdTable((slot) => ids.at(slot));
  table.reset(ids.length);
  for (let slot = 0; slot < ids.length; slot++) if (ids.has(slot)) table.set(ids.at(slot)!, slot);
  return table.toParts();
}

/**
 * Removes the vector snapshots (and chance calibrations) of other models from the folder of `snapshotPath`: after
 * a model change they can never be loaded again (the other model's vectors leave the database once every paper is
 * re-embedded), and at a million papers each is 400 MB of the admin's disk. Returns the names removed.
 */
export async function removeOtherModelSnapshots(snapshotPath: string): Promise<string[]> {
  const dir = dirname(snapshotPath);
  const own = [basename(snapshotPath), basename(chancePath(snapshotPath))];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no snapshot folder yet
  }
  const others = names.filter((n) => /^vectors-.+\.(snap|chance\.json)$/.test(n) && !own.includes(n));
  await Promise.all(others.map((n) => rm(join(dir, n), { force: true })));
  return others;
}

/** The chance calibration's file beside a vector snapshot (`vectors-<model>.chance.json`). */
const chancePath = (snapshotPath: string) => snapshotPath.replace(/\.snap$/, '') + '.chance.json';

/**
 * Saves a chance calibration (chanceScores.ts) beside the vector snapshot, with the model and index size it was
 * measured at: a restart then serves it at once instead of running 256 whole-index searches before its first
 * semantic result (seconds at a million papers, while the first search waits). Written whole or not at all.
 */
export async function writeChanceScores(snapshotPath: string, model: string, size: number, scores: Float64Array): Promise<void> {
  const path = chancePath(snapshotPath);
  const tmp = `${path}.${process.pid}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(tmp, JSON.stringify({ kind: 'chance', model, size, scores: Array.from(scores) }));
  await rename(tmp, path);
}

/** The calibration saved for `model` and the index size it was measured at, or undefined (none, another model, unreadable). */
export async function readChanceScores(snapshotPath: string, model: string): Promise<{ size: number; scores: Float64Array } | undefined> {
  try {
    const saved = JSON.parse(await readFile(chancePath(snapshotPath), 'utf8')) as { kind?: unknown; model?: unknown; size?: unknown; scores?: unknown };
    if (saved.kind !== 'chance' || saved.model !== model || !Number.isSafeInteger(saved.size) || (saved.size as number) < 1) return undefined;
    if (!Array.isArray(saved.scores) || !saved.scores.length) return undefined;
    if (!saved.scores.every((s) => typeof s === 'number' && Number.isFinite(s))) return undefined;
    return { size: saved.size as number, scores: Float64Array.from(saved.scores as number[]) };
  } catch {
    return undefined;
  }
}
