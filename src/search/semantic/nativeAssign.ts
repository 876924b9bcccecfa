import { addonWith } from '../memoryMap.ts';

/**
 * Cluster assignment off the server thread (native/mmap/assignLeaves.c): a cluster build scores every vector
 * against the centroids — seconds at millions of vectors — on libuv's thread pool while the server answers with
 * the clusters it has. The scores are the WebAssembly kernel's to the bit (the same int16 centroid rows, the same
 * arithmetic), so a build makes the same clusters on either path. Optional: without the addon the build scores in
 * slices on the server thread.
 */
export interface NativeAssign {
  /**
   * Each of `slots`' rows (int8, `rows[slot · dim …]`, scaled by `scales[slot]`) scored against the groups
   * (`groupRows` int16 × `groupInv` − `groupBias`): without leaves (`leafRows` null) `out[i]` is the nearest group;
   * with them, the best leaf of its three nearest groups (`leafRange`: [from, to) per group, flat). Resolves false
   * when `stop[0]` was set before the end; `keep` (the memory the rows live in) is held until then.
   */
  assignLeaves(
    rows: Int8Array,
    dim: number,
    slots: Int32Array,
    scales: Float32Array,
    groupRows: Int16Array,
    groupInv: Float64Array,
    groupBias: Float64Array,
    leafRows: Int16Array | null,
    leafInv: Float64Array | null,
    leafBias: Float64Array | null,
    leafRange: Int32Array | null,
    out: Int32Array,
    stop: Int32Array,
    keep: object,
    path?: string,
  ): Promise<boolean>;
}

/** The native assignment where the addon was built with it; undefined otherwise. */
export const nativeAssign = (): NativeAssign | undefined => addonWith<NativeAssign>('assignLeaves');
