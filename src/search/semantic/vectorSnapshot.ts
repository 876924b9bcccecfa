import { bytesOf, readSnapshot, sectionAs, SnapshotUnusable, writeSnapshot } from '../snapshotFile.ts';
import type { VectorIndexState } from './vectorIndex.ts';

/** Bumped whenever the layout below changes: an older snapshot is then rebuilt from the database. */
export const VECTOR_SNAPSHOT_FORMAT = 1;

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
  savedAt: string;
}

/** A vector index as saved: its model, its feed position and its arrays. */
export interface VectorSnapshot {
  model: string;
  position: number;
  state: VectorIndexState;
}

/** Writes the vectors of one model at one feed position (atomically; see snapshotFile.ts); returns the bytes written. */
export function writeVectorSnapshot(path: string, snap: VectorSnapshot): Promise<number> {
  const { state } = snap;
  const c = state.clusters;
  const meta: VectorMeta = {
    kind: 'vectors',
    model: snap.model,
    dim: state.dim,
    position: snap.position,
    count: state.ids.length,
    clustered: !!c,
    savedAt: new Date().toISOString(),
  };
  const sections = [Buffer.from(JSON.stringify(state.ids), 'utf8'), bytesOf(state.data), bytesOf(state.scales)];
  if (c) sections.push(...[c.centroids, c.groupCentroids, c.leafRange, c.groupBias, c.leafBias, c.listOf].map(bytesOf));
  return writeSnapshot(path, VECTOR_SNAPSHOT_FORMAT, { meta, sections });
}

/**
 * Reads the vectors saved for `model`; throws SnapshotUnusable when the file is missing, corrupt, of another
 * format or of another model (the caller then loads from the database).
 */
export async function readVectorSnapshot(path: string, model: string): Promise<VectorSnapshot> {
  const { meta, sections } = await readSnapshot<VectorMeta>(path, VECTOR_SNAPSHOT_FORMAT);
  if (meta.kind !== 'vectors') throw new SnapshotUnusable('corrupt', `a ${String(meta.kind)} snapshot where vectors were expected`);
  if (meta.model !== model) throw new SnapshotUnusable('model', `snapshot of model ${meta.model}, the server uses ${model}`);
  if (sections.length !== (meta.clustered ? 9 : 3)) throw new SnapshotUnusable('corrupt', 'wrong number of sections');
  const [ids, data, scales, centroids, groupCentroids, leafRange, groupBias, leafBias, listOf] = sections as Uint8Array[];
  const state: VectorIndexState = {
    dim: meta.dim,
    ids: JSON.parse(Buffer.from(ids!.buffer, ids!.byteOffset, ids!.byteLength).toString('utf8')) as (string | null)[],
    data: sectionAs(data!, Int8Array),
    scales: sectionAs(scales!, Float32Array),
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
  if (state.ids.length !== meta.count || state.data.length !== meta.count * meta.dim || state.scales.length !== meta.count) {
    throw new SnapshotUnusable('corrupt', 'section lengths disagree with the header');
  }
  return { model: meta.model, position: meta.position, state };
}
