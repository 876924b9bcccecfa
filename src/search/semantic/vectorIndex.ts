import { quantize } from './embedder.ts';
import { centroidBias, mulberry32 } from './nearestCentroid.ts';
import { permuteInBackground } from './permuteInPlace.ts';
import { nativeAssign, type NativeAssign } from './nativeAssign.ts';
import { nativeDots, type NativeDots } from './nativeDots.ts';
import { createSimdDots, dotRow, type SimdDots } from './simdDots.ts';
import { slotRuns } from './slotRuns.ts';
import { TopK } from './topK.ts';
import { IdList, type IdListParts } from '../idList.ts';
import { IdTable, type IdTableParts } from '../idTable.ts';
import { nativeThreads } from '../memoryMap.ts';

/** One search result: a paper id and its cosine similarity to the query. */
export interface Hit {
  id: string;
  score: number;
}

/** Layout of the kernel's memory: the int16 query, a batch of slots, their dot products, then the vectors. */
const Q_AT = 0;
const BATCH = 4096;
const SLOTS_AT = 65_536;
const OUT_AT = SLOTS_AT + BATCH * 4;
const DATA_AT = 131_072;
const PAGE = 65_536;

/**
 * Below this many vectors a search scans them all (exact over int8, ≈ 4 ms at 125k × 384); above it, the
 * clusters are used (recall traded for speed: see docs/benchmarks.md).
 */
export const CLUSTER_FROM = 100_000;

/** How many times the vectors its clusters were made for an index holds when they are built again. */
export const REBUILD_GROWTH = 1.5;

/**
 * The in-memory vector index: int8 vectors with a per-vector scale (a quarter of float32's memory), searched by
 * brute force when small and through an inverted file when large — two-level spherical k-means puts each
 * vector in one of ~N/1000 clusters, and a query scans the `probe` clusters whose centroids are nearest.
 * A search scans in the native addon (nativeDots.ts: AVX2 over whole runs of rows, top-k kept in C) where
 * it was built, else in WebAssembly SIMD (simdDots.ts), else in plain JavaScript — the same results on every path.
 * Adds, updates and removals apply at once; `buildClusters` runs in slices that yield to the event loop.
 */
export class VectorIndex {
  private capacity = 0;
  private used = 0;
  private data = new Int8Array(0);
  private kernel: SimdDots | undefined;
  private batchSlots = new Int32Array(BATCH);
  private batchOut = new Int32Array(BATCH);
  private query16 = new Int16Array(0);
  private batchN = 0;
  private scales = new Float32Array(0);
  /** Each slot's paper id, packed (strings made on demand: a million of them would cost the heap ~40 MB). */
  private ids = new IdList();
  private slots = new IdTable(
    (slot) => this.ids.at(slot),
    (slot, id) => this.ids.equals(slot, id),
  );
  private free: number[] = [];
  private centroids?: Float32Array;
  /** The first level of the clusters: group centroids, and the range of leaf clusters each group holds. */
  private groups?: { centroids: Float32Array; leafRange: [number, number][]; groupBias: Float64Array; leafBias: Float64Array };
  /** Each cluster's slots: packed (Int32Array) as loaded or compacted, a plain array once changed (see `writable`). */
  private lists: SlotList[] = [];
  private listOf = new Int32Array(0);
  /**
   * Each slot's record in the file the rest of its vector is read from, where the index holds a prefix
   * (semanticSearch's tails: the snapshot it was loaded from or last wrote); -1 for none (a vector set since).
   */
  private fileRows = new Int32Array(0);
  /** How many times `compact` renumbered the slots (file records written from an exported state are its slots). */
  compactions = 0;
  private changedDuringBuild?: Set<number>;
  /** Waiting slots whose clusters are being scored off the server thread (placeScored); set and remove take theirs out. */
  private scoring?: Set<number>;
  /** The clusters' centroids made ready for batched assignment (kernel rows, biases), made on first use after a build or load. */
  private prepared?: PreparedCentroids;
  // slots added or replaced since the clusters were built and not yet put in one: searched by brute force
  private unassigned = new Set<number>();
  private native: NativeDots | undefined;
  private nativePath: string | undefined;
  /** Each cluster's live slots as runs [from, to) for the native scan, made on first use, dropped when the list changes. */
  private runs: (Int32Array | undefined)[] = [];
  /** All live slots as runs (brute force), likewise. */
  private allRuns: Int32Array | undefined;
  private runScratch = new Int32Array(1024);
  /** Clusters scanned per query, as a fraction of all clusters (at least `minProbe`); see docs/benchmarks.md. */
  probeFraction = 0.08;
  minProbe = 8;

  /** Threads the native scan may use for one search (it splits a scan of 64k rows or more; topDots.c). */
  private readonly threads: number;

  /**
   * `simd: false` scans in plain JavaScript; `native: false` keeps the WebAssembly kernel even where the native
   * scan is built, and a path name ("avx2", "c") forces that native path (tests compare them); `threads` caps the
   * native scan's threads (default: two where the machine has two cores).
   */
  constructor(readonly dim: number, options: IndexOptions = {}) {
    this.threads = options.threads ?? nativeThreads();
    if (dim % 8 === 0 && dim <= 32_768 && options.simd !== false) this.kernel = createSimdDots(1 + DATA_AT / PAGE);
    this.useScan(options.native ?? true);
    this.views();
  }

  /**
   * Switches how searches scan, on a loaded index: `true` the best native path, a path name that one, `false`
   * the WebAssembly kernel (benchmarks compare them on the same rows). Without the addon it stays WebAssembly.
   */
  useScan(path: boolean | string): void {
    this.native = this.kernel && path !== false ? nativeDots() : undefined;
    this.nativePath = typeof path === 'string' ? path : undefined;
  }

  /** Whether dot products run in WebAssembly SIMD (or natively: the rows live in the kernel's memory either way). */
  get simd(): boolean {
    return this.kernel !== undefined;
  }

  /** The native scan path searches use ("avx2", "c"), or undefined where they run in WebAssembly or JavaScript. */
  get nativeScan(): string | undefined {
    return this.native ? (this.nativePath ?? this.native.dotsPaths()[0]) : undefined;
  }

  private views(): void {
    if (!this.kernel) return;
    const buf = this.kernel.memory.buffer;
    this.data = new Int8Array(buf, DATA_AT, this.capacity * this.dim);
    this.batchSlots = new Int32Array(buf, SLOTS_AT, BATCH);
    this.batchOut = new Int32Array(buf, OUT_AT, BATCH);
    this.query16 = new Int16Array(buf, Q_AT, this.dim);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Whether searches go through the clusters (true once `buildClusters` ran on a large enough index). */
  get clustered(): boolean {
    return this.centroids !== undefined;
  }

  /**
   * A copy of the whole index as plain arrays — slots in order (removed ones as null), their int8 rows and
   * scales, and the clusters when built — taken at once, so a snapshot (vectorSnapshot.ts) can be written in the
   * background while the index keeps changing. Not during `buildClusters` (the caller waits for it). With
   * `liveRows` the rows are a view of the index's memory instead of a copy: no vector may be set (nor the memory
   * grow) until the caller is done with them.
   */
  exportState(options: { liveRows?: boolean } = {}): VectorIndexState {
    const n = this.used;
    const g = this.groups;
    return {
      dim: this.dim,
      ids: this.ids.toParts(n),
      slotTable: this.slots.toParts(),
      // `liveRows`: a view of the index's own rows, for a caller that lets no vector be set until it is done with them
      data: options.liveRows ? this.data.subarray(0, n * this.dim) : this.data.slice(0, n * this.dim),
      scales: this.scales.slice(0, n),
      clusters:
        this.centroids && g
          ? {
              centroids: this.centroids.slice(),
              groupCentroids: g.centroids.slice(),
              leafRange: Int32Array.from(g.leafRange.flat()),
              groupBias: g.groupBias.slice(),
              leafBias: g.leafBias.slice(),
              listOf: this.listOf.slice(0, n),
            }
          : undefined,
    };
  }

  /** Bytes of the rows in use (what `exportState` copies unless asked for a view). */
  get rowBytes(): number {
    return this.used * this.dim;
  }

  /** An index holding exactly what `exportState` copied (from a snapshot): same slots, same clusters. */
  static fromState(state: VectorIndexState, options: IndexOptions = {}, into?: VectorIndex): VectorIndex {
    const idx = into ?? new VectorIndex(state.dim, options);
    const n = state.ids.lens.length;
    if (state.data.length !== n * state.dim || state.scales.length !== n || idx.dim !== state.dim || idx.used !== 0) throw new Error('vector index state has inconsistent lengths');
    idx.reserve(Math.max(n, 1024));
    // rows read in place (rowsFor) are already where they belong
    if (state.data.buffer !== idx.data.buffer || state.data.byteOffset !== idx.data.byteOffset) idx.data.set(state.data);
    idx.scales.set(state.scales);
    idx.used = n;
    // a saved id → slot table is taken as it is (no hashing of every id at start); without one, it is built
    idx.ids = IdList.fromParts(state.ids);
    idx.allRuns = undefined;
    if (state.slotTable) idx.slots.adopt(state.slotTable);
    else idx.slots.reset(n);
    for (let slot = 0; slot < n; slot++) {
      if (!idx.ids.has(slot)) idx.free.push(slot);
      else if (!state.slotTable) idx.slots.set(idx.ids.at(slot)!, slot);
    }
    if (state.slotTable && idx.slots.size !== n - idx.free.length) throw new Error('vector index state: the id table disagrees with the ids');
    const c = state.clusters;
    if (c) {
      const leaves = c.centroids.length / state.dim;
      const leafRange: [number, number][] = [];
      for (let i = 0; i < c.leafRange.length; i += 2) leafRange.push([c.leafRange[i]!, c.leafRange[i + 1]!]);
      idx.runs = [];
      // the lists packed into one Int32Array, a view each (4 bytes a slot; arrays of numbers took 9.4 MB at 1M)
      const sizes = new Int32Array(leaves + 1);
      for (let slot = 0; slot < n; slot++) {
        const l = c.listOf[slot]!;
        if (!idx.ids.has(slot)) continue;
        if (l < 0) {
          idx.unassigned.add(slot); // saved before it was assigned: brute force until assignPending
          continue;
        }
        if (l >= leaves) throw new Error('vector index state names a cluster it does not have');
        idx.listOf[slot] = l;
        sizes[l + 1]!++;
      }
      for (let l = 0; l < leaves; l++) sizes[l + 1]! += sizes[l]!;
      const packed = new Int32Array(sizes[leaves]!);
      const fill = sizes.slice(0, leaves);
      for (let slot = 0; slot < n; slot++) if (idx.ids.has(slot) && idx.listOf[slot]! >= 0) packed[fill[idx.listOf[slot]!]!++] = slot;
      idx.lists = Array.from({ length: leaves }, (_, l) => packed.subarray(sizes[l]!, sizes[l + 1]!));
      // copies, not views: a view of a snapshot's read buffer would keep the whole file (every vector) in memory
      idx.centroids = c.centroids.slice();
      idx.groups = { centroids: c.groupCentroids.slice(), leafRange, groupBias: c.groupBias.slice(), leafBias: c.leafBias.slice() };
    }
    return idx;
  }

  /**
   * An empty index with room for `count` rows and the memory where they go, for a snapshot read to land them in
   * place (readVectorSnapshot's `rowsInto`); `fromState(state, options, index)` then fills in the rest.
   */
  static rowsFor(dim: number, count: number, options: IndexOptions = {}): { index: VectorIndex; rows: Int8Array } {
    const index = new VectorIndex(dim, options);
    index.reserve(Math.max(count, 1024));
    return { index, rows: index.data.subarray(0, count * dim) };
  }

  /** Grows storage ahead of a bulk load, so that loading 1M vectors copies nothing. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    let data: Int8Array;
    if (this.kernel) {
      const need = Math.ceil((DATA_AT + n * this.dim) / PAGE) - this.kernel.memory.buffer.byteLength / PAGE;
      if (need > 0) this.kernel.memory.grow(need);
      data = new Int8Array(this.kernel.memory.buffer, DATA_AT, n * this.dim);
    } else {
      data = new Int8Array(n * this.dim);
      data.set(this.data.subarray(0, this.used * this.dim));
    }
    const scales = new Float32Array(n);
    scales.set(this.scales.subarray(0, this.used));
    const listOf = new Int32Array(n).fill(-1);
    listOf.set(this.listOf.subarray(0, this.used));
    const fileRows = new Int32Array(n).fill(-1);
    fileRows.set(this.fileRows.subarray(0, this.used));
    Object.assign(this, { data, scales, listOf, fileRows, capacity: n });
    this.views();
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Adds or replaces a paper's vector (a unit float vector, or one already quantized); returns its slot. */
  set(id: string, v: Float32Array | { vector: Int8Array; scale: number }): number {
    const q = v instanceof Float32Array ? quantize(v) : v;
    if (q.vector.length !== this.dim) throw new Error(`vector has ${q.vector.length} dimensions, the index ${this.dim}`);
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.used++;
      this.allRuns = undefined;
      if (slot >= this.capacity) this.reserve(Math.max(1024, this.capacity + (this.capacity >> 2)));
      this.ids.set(slot, id);
      this.slots.set(id, slot);
    }
    this.data.set(q.vector, slot * this.dim);
    this.scales[slot] = q.scale;
    this.fileRows[slot] = -1;
    this.changedDuringBuild?.add(slot);
    this.scoring?.delete(slot);
    if (this.centroids) {
      // assigned later, in slices (assignPending), not here: a batch of the feed is applied at once
      const old = this.listOf[slot]!;
      if (old >= 0) unlist(writable(this.lists, old), slot), (this.runs[old] = undefined);
      this.listOf[slot] = -1;
      this.unassigned.add(slot);
    }
    return slot;
  }

  /** Vectors added or replaced since the clusters were built that are not in a cluster yet (searched by brute force). */
  get pending(): number {
    return this.unassigned.size;
  }

  /**
   * Puts the vectors added since the clusters were built into their nearest cluster, a batch at a time, calling
   * `pause` between batches (a time-slice budget: when it returns a promise, the work waits for it). Until then a
   * search scans those few by brute force besides the clusters it probes, so results stay complete. Stops when
   * none are left, the clusters are dropped, a rebuild starts (which assigns them itself), or `signal` aborts.
   * Where the native assignment runs, a batch of OFF_THREAD_BATCH is scored off the server thread (`placeScored`);
   * else ASSIGN_BATCH in the kernel, between pauses.
   */
  async assignPending(pause: () => Promise<void> | undefined = () => undefined, signal?: AbortSignal): Promise<number> {
    let n = 0;
    const kernel = this.offThread();
    while (this.unassigned.size && this.centroids && !this.changedDuringBuild && !signal?.aborted) {
      if (kernel && !this.scoring) {
        n += await this.placeScored(kernel, firstOf(this.unassigned, OFF_THREAD_BATCH), signal);
      } else {
        // a batch of up to ASSIGN_BATCH scored together in the kernel (one at a time in JavaScript took ≈ 0.1 ms a vector)
        const batch = firstOf(this.unassigned, ASSIGN_BATCH);
        this.assignBatch(batch.filter((slot) => this.ids.has(slot)), this.lists, this.listOf, this.currentClusters());
        for (const slot of batch) this.unassigned.delete(slot);
        n += batch.length;
      }
      const wait = pause();
      if (wait) await wait;
    }
    return n;
  }

  /**
   * Scores waiting `slots` against the current clusters off the server thread, then places those whose rows did
   * not change meanwhile (`scoring`: set and remove take theirs out; they stay waiting, for the next batch).
   * Nothing is placed when the clusters changed or a build started during the scoring (the build assigns them),
   * or `signal` aborted. Returns how many were placed.
   */
  private async placeScored(kernel: NativeAssign, slots: number[], signal?: AbortSignal): Promise<number> {
    const to = this.currentClusters();
    const out = new Int32Array(slots.length);
    const stop = new Int32Array(1);
    const onAbort = () => void (stop[0] = 1);
    signal?.addEventListener('abort', onAbort, { once: true });
    const scoring = (this.scoring = new Set(slots));
    try {
      const done = await this.scoreLeaves(kernel, slots, to, out, stop);
      if (!done || this.centroids !== to.centroids || this.changedDuringBuild) return 0;
      const placed = slots.filter((slot) => scoring.has(slot));
      this.place(placed, out.filter((_, j) => scoring.has(slots[j]!)), this.lists, this.listOf);
      for (const slot of placed) this.unassigned.delete(slot);
      return placed.length;
    } finally {
      this.scoring = undefined;
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Puts each of `slots` in its nearest cluster of `to` (leafOf, in the kernel: the three nearest groups, then
   * their leaves), taking it out of the one it was in: `lists` and `listOf` are the index's, or a build's before
   * it adopts them.
   */
  private assignBatch(slots: number[], lists: SlotList[], listOf: Int32Array, to: ClusterSet): void {
    this.place(slots, this.leafOf(slots, to.top, to.leafRange.length, to.centroids, to.leafRange, to.made), lists, listOf);
  }

  /** Moves each of `slots` into cluster `leaf[j]`, out of the one it was in (`lists`, `listOf`: see assignBatch). */
  private place(slots: number[], leaf: Int32Array, lists: SlotList[], listOf: Int32Array): void {
    const live = lists === this.lists; // the index's own lists: their scan runs are made again
    slots.forEach((slot, j) => {
      const [old, l] = [listOf[slot]!, leaf[j]!];
      if (old === l) return;
      if (old >= 0) unlist(writable(lists, old), slot);
      listOf[slot] = l;
      writable(lists, l).push(slot);
      if (live) (this.runs[old] = undefined), (this.runs[l] = undefined);
    });
  }

  /** The index's clusters as `assignBatch` takes them (their kernel rows made on first use after a load). */
  private currentClusters(): ClusterSet {
    const g = this.groups!;
    const made = (this.prepared ??= {
      groupBias: g.groupBias,
      leafBias: g.leafBias,
      groupRows: this.quantized(g.centroids, g.leafRange.length),
      leafRows: this.quantized(this.centroids!, g.leafBias.length),
    });
    return { top: g.centroids, leafRange: g.leafRange, centroids: this.centroids!, made };
  }

  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.ids.clear(slot);
    if (this.centroids && this.listOf[slot]! >= 0) unlist(writable(this.lists, this.listOf[slot]!), slot), (this.runs[this.listOf[slot]!] = undefined);
    this.allRuns = undefined;
    this.listOf[slot] = -1;
    this.fileRows[slot] = -1;
    this.unassigned.delete(slot);
    this.scoring?.delete(slot);
    this.free.push(slot);
    return true;
  }

  /** The record of `id` in the file of the rest of its vector (`fileRows`), or -1. */
  fileRowOf(id: string): number {
    const slot = this.slots.get(id);
    return slot === undefined ? -1 : this.fileRows[slot]!;
  }

  /**
   * Takes a file written from `exportState` (its records in slot order, `n` of them) as where the rest of each
   * vector lies, for the live slots below `n` whose id `keep` accepts (not set again since the export).
   */
  adoptFileRows(n: number, keep: (id: string) => boolean = () => true): void {
    for (let slot = 0; slot < Math.min(n, this.used); slot++) {
      const id = this.ids.at(slot);
      if (id !== undefined && keep(id)) this.fileRows[slot] = slot;
    }
  }

  /** Marks one slot's record (a load from the database puts each vector's rest at its slot in one array). */
  setFileRow(slot: number, row: number): void {
    this.fileRows[slot] = row;
  }

  /** Each slot's file record (`fileRows`) below `n`, copied (a save streams the tails it names). */
  exportFileRows(n: number): Int32Array {
    return this.fileRows.slice(0, n);
  }

  /** The int8 row `id` is stored as and its scale (a view of the index's memory: read it before the index changes). */
  rowOf(id: string): { vector: Int8Array; scale: number } | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    return { vector: this.data.subarray(slot * this.dim, (slot + 1) * this.dim), scale: this.scales[slot]! };
  }

  /** Ids in the index, for reconciling with storage. */
  *keys(): IterableIterator<string> {
    for (let slot = 0; slot < this.used; slot++) if (this.ids.has(slot)) yield this.ids.at(slot)!;
  }

  /** A paper's stored vector, dequantized (unit length up to rounding). */
  vector(id: string): Float32Array | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    const out = new Float32Array(this.dim);
    const s = this.scales[slot]!;
    for (let d = 0, o = slot * this.dim; d < this.dim; d++) out[d] = this.data[o + d]! * s;
    return out;
  }

  /**
   * Dot products between the stored vectors of `ids`, every pair (row-major, ids.length²), in the SIMD kernel
   * where it runs; undefined when an id is not in the index (or more than 4,096). Neighbour smoothing of search
   * candidates uses it (src/search/semantic/smoothScores.ts).
   */
  gram(ids: string[]): Float64Array | undefined {
    const n = ids.length;
    const slots = ids.map((id) => this.slots.get(id));
    if (n > BATCH || slots.some((s) => s === undefined)) return undefined;
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const si = slots[i]!;
      if (!this.kernel) {
        const q = this.vector(ids[i]!)!;
        for (let j = 0; j < n; j++) out[i * n + j] = dotRow(q, this.data, slots[j]! * this.dim, this.dim) * this.scales[slots[j]!]!;
        continue;
      }
      // the stored int8 row, widened to int16 at full scale, is the query: exact integer products, the same
      // integer for (i, j) and (j, i), so row i computes its pairs from i on and fills both, each with its own scales
      for (let d = 0, o = si * this.dim; d < this.dim; d++) this.query16[d] = this.data[o + d]! * 256;
      for (let j = i; j < n; j++) this.batchSlots[j - i] = slots[j]!;
      this.kernel.dots(Q_AT, DATA_AT, this.dim, SLOTS_AT, n - i, OUT_AT);
      const qs = this.scales[si]! / 256;
      for (let j = i; j < n; j++) {
        const dot = this.batchOut[j - i]!;
        out[i * n + j] = dot * this.scales[slots[j]!]! * qs;
        out[j * n + i] = dot * this.scales[si]! * (this.scales[slots[j]!]! / 256);
      }
    }
    return out;
  }

  /**
   * The `k` vectors most similar to `query` (a unit vector), best first. `filter` keeps only ids it accepts; when
   * it rejects many, more clusters are scanned until `k` are found or none are left.
   */
  search(query: Float32Array, k: number, filter?: (id: string) => boolean): Hit[] {
    if (query.length !== this.dim) throw new Error(`query has ${query.length} dimensions, the index ${this.dim}`);
    const top = new TopK(k);
    const qScale = this.prepareQuery(query);
    if (this.native && !filter) {
      this.searchNative(query, qScale, top);
    } else if (!this.centroids) {
      for (let slot = 0; slot < this.used; slot++) this.consider(slot, query, qScale, top, filter);
    } else {
      const order = this.nearestLists(query);
      const probe = Math.max(this.minProbe, Math.ceil(this.lists.length * this.probeFraction));
      for (let i = 0; i < order.length && (i < probe || top.count < k); i++) {
        const l = order[i]!;
        for (const slot of this.lists[l]!) if (this.listOf[slot] === l) this.consider(slot, query, qScale, top, filter);
        this.flush(qScale, top);
      }
      for (const slot of this.unassigned) this.consider(slot, query, qScale, top, filter);
    }
    this.flush(qScale, top);
    return top.sorted().map(({ slot, score }) => ({ id: this.ids.at(slot)!, score }));
  }

  /**
   * The score of the best match `search(query, 1)` finds (0 for an empty index), computed in pieces for work on
   * a server thread (chance calibration): `pause` is offered after each block of slots (brute force) or each
   * cluster list, and when it returns a promise the scan waits for it — a request's search may run meanwhile, so
   * the query is written into the kernel's memory again after each wait. On an unchanged index the score is
   * exactly `search`'s; a change during the scan is seen where the scan has not been yet.
   */
  async bestScore(query: Float32Array, pause: () => Promise<void> | undefined): Promise<number> {
    return (await this.best(query, 1, pause))[0]?.score ?? 0;
  }

  /** `search(query, k)` computed in pieces as `bestScore` is (the candidates a prefix index rescores at full length). */
  async best(query: Float32Array, k: number, pause: () => Promise<void> | undefined): Promise<Hit[]> {
    if (query.length !== this.dim) throw new Error(`query has ${query.length} dimensions, the index ${this.dim}`);
    const top = new TopK(k);
    let qScale = this.prepareQuery(query);
    const rest = async () => {
      this.flush(qScale, top);
      const wait = pause();
      if (!wait) return;
      await wait;
      qScale = this.prepareQuery(query);
    };
    if (!this.centroids) {
      // natively: one run of the live slots at a time (runs are made afresh, since the index may change in a wait)
      for (let from = 0; from < this.used; from += BATCH) {
        const to = Math.min(from + BATCH, this.used);
        if (this.native) this.scanRuns(slotRuns(range(from, to), (slot) => this.ids.has(slot)), qScale, top);
        else for (let slot = from; slot < to; slot++) this.consider(slot, query, qScale, top);
        await rest();
      }
    } else {
      const order = this.nearestLists(query);
      const probe = Math.max(this.minProbe, Math.ceil(this.lists.length * this.probeFraction));
      for (let i = 0; i < order.length && (i < probe || top.count < k) && this.centroids; i++) {
        const l = order[i]!;
        if (this.native) this.scanRuns(this.listRuns(l), qScale, top);
        else for (const slot of this.lists[l] ?? []) if (this.listOf[slot] === l) this.consider(slot, query, qScale, top);
        await rest();
      }
      if (this.native) this.scanRuns(this.unassignedRuns(), qScale, top);
      else for (const slot of this.unassigned) this.consider(slot, query, qScale, top);
    }
    this.flush(qScale, top);
    // a slot found before a wait may have been freed during a later one
    return top.sorted().flatMap(({ slot, score }) => {
      const id = this.ids.at(slot);
      return id === undefined ? [] : [{ id, score }];
    });
  }

  /**
   * `search` without a filter in the native scan: the probed clusters' runs in one call, then (while fewer than
   * k were found) one cluster at a time, then the unassigned slots — the order the slot-by-slot scan visits.
   */
  private searchNative(query: Float32Array, qScale: number, top: TopK): void {
    if (!this.centroids) {
      this.allRuns ??= slotRuns(range(0, this.used), (slot) => this.ids.has(slot));
      this.scanRuns(this.allRuns, qScale, top);
      return;
    }
    const order = this.nearestLists(query);
    const probe = Math.min(order.length, Math.max(this.minProbe, Math.ceil(this.lists.length * this.probeFraction)));
    let n = 0;
    for (let i = 0; i < probe; i++) {
      const runs = this.listRuns(order[i]!);
      if (n + runs.length > this.runScratch.length) {
        const grown = new Int32Array(Math.max(2 * this.runScratch.length, n + runs.length));
        grown.set(this.runScratch.subarray(0, n));
        this.runScratch = grown;
      }
      this.runScratch.set(runs, n);
      n += runs.length;
    }
    this.scanRuns(this.runScratch.subarray(0, n), qScale, top);
    for (let i = probe; i < order.length && top.count < top.k; i++) this.scanRuns(this.listRuns(order[i]!), qScale, top);
    this.scanRuns(this.unassignedRuns(), qScale, top);
  }

  /** One cluster's live slots as runs (cached until the list changes). */
  private listRuns(l: number): Int32Array {
    return (this.runs[l] ??= slotRuns(this.lists[l] ?? [], (slot) => this.listOf[slot] === l && this.ids.has(slot)));
  }

  private unassignedRuns(): Int32Array {
    return this.unassigned.size ? slotRuns(this.unassigned, (slot) => this.ids.has(slot)) : EMPTY_RUNS;
  }

  /** Offers every slot of `runs` to `top`, scored in the native scan (the query already in the kernel's memory). */
  private scanRuns(runs: Int32Array, qScale: number, top: TopK): void {
    if (!runs.length || !this.native) return;
    const args = [this.kernel!.memory.buffer, Q_AT, DATA_AT, this.dim, runs, runs.length / 2, this.scales, qScale, top.slots, top.scores, top.count, top.k] as const;
    top.count = this.native.topDots(...args, this.nativePath, this.threads);
  }

  /** Writes the query into the kernel's memory as int16; returns the factor that undoes that scaling. */
  private prepareQuery(q: Float32Array): number {
    if (!this.kernel) return 1;
    let max = 0;
    for (let d = 0; d < q.length; d++) max = Math.max(max, Math.abs(q[d]!));
    const scale = max > 0 ? 32_767 / max : 1;
    for (let d = 0; d < q.length; d++) this.query16[d] = Math.round(q[d]! * scale);
    return 1 / scale;
  }

  private consider(slot: number, q: Float32Array, qScale: number, top: TopK, filter?: (id: string) => boolean): void {
    if (!this.ids.has(slot) || (filter && !filter(this.ids.at(slot)!))) return;
    if (this.kernel) {
      this.batchSlots[this.batchN++] = slot;
      if (this.batchN === BATCH) this.flush(qScale, top);
      return;
    }
    top.push(slot, dotRow(q, this.data, slot * this.dim, this.dim) * this.scales[slot]!);
  }

  /** Scores the batched slots in the SIMD kernel and offers them to the top-k. */
  private flush(qScale: number, top: TopK): void {
    const n = this.batchN;
    if (!this.kernel || n === 0) return;
    this.batchN = 0;
    this.kernel.dots(Q_AT, DATA_AT, this.dim, SLOTS_AT, n, OUT_AT);
    const slots = this.batchSlots;
    const out = this.batchOut;
    const scales = this.scales;
    for (let i = 0; i < n; i++) top.push(slots[i]!, out[i]! * scales[slots[i]!]! * qScale);
  }

  private nearestLists(query: Float32Array): ArrayLike<number> {
    const c = this.centroids!;
    const n = this.lists.length;
    if (this.native) {
      const order = new Int32Array(n);
      if (this.nativePath) this.native.nearestLists(c, n, this.dim, query, order, this.nativePath);
      else this.native.nearestLists(c, n, this.dim, query, order);
      return order;
    }
    const scores = new Float32Array(n);
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let d = 0, o = l * this.dim; d < this.dim; d++) s += c[o + d]! * query[d]!;
      scores[l] = s;
    }
    return Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  }

  /**
   * Spherical k-means over stored vectors (`slots`), 10 iterations, assignments scored in the SIMD kernel: returns
   * `k` unit centroids (fewer when there are fewer vectors). A cluster that empties is re-seeded from a random
   * vector. Each assignment step runs off the server thread or in slices (`nearestIn`); undefined when the build
   * is to stop.
   */
  private async kMeans(slots: Slots, k: number, random: () => number, mean: Float32Array, run: BuildRun): Promise<Float32Array | undefined> {
    const iterations = 10;
    const dim = this.dim;
    k = Math.max(1, Math.min(k, slots.length));
    const centroids = new Float32Array(k * dim);
    const normalizeRow = (c: number, row: ArrayLike<number>) => {
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += row[d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dim; d++) centroids[c * dim + d] = row[d]! / norm;
    };
    const seed = (c: number) => {
      const slot = slots[Math.floor(random() * slots.length)]!;
      const row = new Float64Array(dim);
      for (let d = 0; d < dim; d++) row[d] = this.data[slot * dim + d]! * this.scales[slot]! - mean[d]!;
      normalizeRow(c, row);
    };
    for (let c = 0; c < k; c++) seed(c);
    const sums = new Float64Array(k * dim);
    const counts = new Int32Array(k);
    for (let it = 0; it < iterations; it++) {
      const assign = await this.nearestIn(slots, centroids, k, mean, run);
      if (!assign) return undefined;
      sums.fill(0);
      counts.fill(0);
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        const c = assign[i]!;
        counts[c]++;
        const s = this.scales[slot]!;
        for (let d = 0, o = slot * dim, t = c * dim; d < dim; d++) sums[t + d] += this.data[o + d]! * s;
        if (i % SUM_PIECE === SUM_PIECE - 1 && !(await run.pause())) return undefined;
      }
      for (let c = 0; c < k; c++) {
        if (counts[c] === 0) {
          seed(c);
          continue;
        }
        const row = sums.subarray(c * dim, c * dim + dim);
        for (let d = 0; d < dim; d++) row[d] -= counts[c]! * mean[d]!;
        normalizeRow(c, row);
      }
    }
    return centroids;
  }

  /**
   * Scores of each slot against each of `k` centroids (`c·v − c·mean`), handed to `visit` one centroid at a time
   * for a batch of up to BATCH slots (`col[j]` is slot `slots[from + j]`'s score against centroid `c`; the column
   * is reused): the bulk step of clustering, its dot products in the SIMD kernel when there is one. Column by column
   * keeps every write sequential — a slot-major matrix of 2.7M × 52 scores, written with a stride of 52, and a
   * sort of each slot's 52 to find its three best, took 35 of a 2.7M build's 54 s.
   */
  private eachScore(slots: Slots, centroids: Float32Array, k: number, bias: Float64Array, visit: (c: number, from: number, n: number, col: Float64Array) => void, quantized = this.quantized(centroids, k)): void {
    const dim = this.dim;
    const col = new Float64Array(Math.min(BATCH, slots.length));
    const scales = new Float64Array(col.length);
    for (let i = 0; i < slots.length; i += BATCH) {
      const n = Math.min(BATCH, slots.length - i);
      for (let j = 0; j < n; j++) scales[j] = this.scales[slots[i + j]!]!;
      if (this.kernel) this.batchSlots.set(slots.slice(i, i + n));
      for (let c = 0; c < k; c++) {
        const row = centroids.subarray(c * dim, (c + 1) * dim);
        const b = bias[c]!;
        if (this.kernel) {
          this.query16.set(quantized.rows.subarray(c * dim, (c + 1) * dim));
          const inv = quantized.inv[c]!;
          this.kernel.dots(Q_AT, DATA_AT, dim, SLOTS_AT, n, OUT_AT);
          const out = this.batchOut;
          for (let j = 0; j < n; j++) col[j] = out[j]! * inv * scales[j]! - b;
        } else {
          for (let j = 0; j < n; j++) {
            const o = slots[i + j]! * dim;
            let s = 0;
            for (let d = 0; d < dim; d++) s += row[d]! * this.data[o + d]!;
            col[j] = s * scales[j]! - b;
          }
        }
        visit(c, i, n, col);
      }
    }
  }

  /**
   * `k` centroids as the SIMD kernel reads a query (prepareQuery's int16 rows and their inverse scales), made once
   * for every batch of slots scored against them: clustering scores millions of slots against the same few hundred.
   */
  private quantized(centroids: Float32Array, k: number): { rows: Int16Array; inv: Float64Array } {
    const dim = this.dim;
    const rows = new Int16Array(this.kernel ? k * dim : 0);
    const inv = new Float64Array(this.kernel ? k : 0);
    for (let c = 0; this.kernel && c < k; c++) {
      inv[c] = this.prepareQuery(centroids.subarray(c * dim, (c + 1) * dim));
      rows.set(this.query16.subarray(0, dim), c * dim);
    }
    return { rows, inv };
  }

  /** The native assignment where searches scan natively (the rows in the kernel's memory), else undefined. */
  private offThread(): NativeAssign | undefined {
    return this.native && this.kernel ? nativeAssign() : undefined;
  }

  /**
   * For each slot its nearest of `k` centroids, as `nearestOf` finds it: off the server thread where the native
   * assignment runs, else in slices with `run.pause` after each; undefined when the build is to stop.
   */
  private async nearestIn(slots: Slots, centroids: Float32Array, k: number, mean: Float32Array, run: BuildRun): Promise<Int32Array | undefined> {
    const kernel = this.offThread();
    if (!kernel || k === 1) return this.nearestOfSliced(slots, centroids, k, mean, run.pause);
    const { rows, inv } = this.quantized(centroids, k);
    const out = new Int32Array(slots.length);
    const bias = centroidBias(centroids, k, this.dim, mean);
    const done = await kernel.assignLeaves(this.data, this.dim, asInt32(slots), this.scales, rows, inv, bias, null, null, null, null, out, run.stop, this.kernel!.memory, this.nativePath);
    return done && (await run.pause()) ? out : undefined;
  }

  /**
   * Each slot's leaf cluster of `to`, as `leafOf` finds it: off the server thread where the native assignment
   * runs (the rows a vector set meanwhile overwrites are assigned again at the build's end), else in slices of
   * SLICE_SLOTS with `run.pause` after each; undefined when the build is to stop.
   */
  private async leafOfIn(slots: Slots, to: ClusterSet, run: BuildRun): Promise<Int32Array | undefined> {
    const out = new Int32Array(slots.length);
    const kernel = this.offThread();
    if (kernel) return (await this.scoreLeaves(kernel, slots, to, out, run.stop)) && (await run.pause()) ? out : undefined;
    for (let i = 0; i < slots.length; i += SLICE_SLOTS) {
      out.set(this.leafOf(slots.slice(i, i + SLICE_SLOTS), to.top, to.leafRange.length, to.centroids, to.leafRange, to.made), i);
      if (!(await run.pause())) return undefined;
    }
    return out;
  }

  /** Each of `slots`' leaf of `to` into `out`, scored off the server thread; false when `stop` ended it first. */
  private scoreLeaves(kernel: NativeAssign, slots: Slots, to: ClusterSet, out: Int32Array, stop: Int32Array): Promise<boolean> {
    const { made } = to;
    const range = Int32Array.from(to.leafRange.flat());
    return kernel.assignLeaves(this.data, this.dim, asInt32(slots), this.scales, made.groupRows.rows, made.groupRows.inv, made.groupBias, made.leafRows.rows, made.leafRows.inv, made.leafBias, range, out, stop, this.kernel!.memory, this.nativePath);
  }

  /** `nearestOf` in slices of SLICE_SLOTS with a pause after each; undefined when a pause says to stop. */
  private async nearestOfSliced(slots: Slots, centroids: Float32Array, k: number, mean: Float32Array, pause: () => Promise<boolean>): Promise<Int32Array | undefined> {
    const out = new Int32Array(slots.length);
    for (let i = 0; i < slots.length; i += SLICE_SLOTS) {
      out.set(this.nearestOf(slots.slice(i, i + SLICE_SLOTS), centroids, k, mean), i);
      if (!(await pause())) return undefined;
    }
    return out;
  }

  /** For each slot, the index of its nearest centroid (of `k`, rows of `centroids`; the first of equals). */
  private nearestOf(slots: Slots, centroids: Float32Array, k: number, mean: Float32Array): Int32Array {
    const best = new Int32Array(slots.length);
    if (k === 1) return best;
    const bestScore = new Float64Array(slots.length).fill(-Infinity);
    this.eachScore(slots, centroids, k, centroidBias(centroids, k, this.dim, mean), (c, from, n, col) => {
      for (let j = 0; j < n; j++) if (col[j]! > bestScore[from + j]!) (bestScore[from + j] = col[j]!), (best[from + j] = c);
    });
    return best;
  }

  /**
   * Each slot's leaf cluster: its three nearest groups are scored first, then every leaf inside them — nearly
   * what comparing all leaves finds (one group alone lost a fifth of recall on real embeddings), at a tenth of
   * the cost. `made`: the centroids' `c·mean` (centroidBias) and kernel rows (quantized), made once per build.
   */
  private leafOf(slots: Slots, top: Float32Array, k1: number, leaves: Float32Array, leafRange: [number, number][], made: PreparedCentroids): Int32Array {
    const G = Math.min(3, k1);
    // each slot's G best groups, best first (of equal scores the lower group first), kept as the columns pass
    const nearGroup = new Int32Array(slots.length * G).fill(-1);
    const nearScore = new Float64Array(slots.length * G).fill(-Infinity);
    const groupVisit = (c: number, from: number, n: number, col: Float64Array) => {
      for (let j = 0; j < n; j++) {
        const v = col[j]!;
        const o = (from + j) * G;
        if (!(v > nearScore[o + G - 1]!)) continue;
        let t = G - 1;
        for (; t > 0 && v > nearScore[o + t - 1]!; t--) (nearScore[o + t] = nearScore[o + t - 1]!), (nearGroup[o + t] = nearGroup[o + t - 1]!);
        nearScore[o + t] = v;
        nearGroup[o + t] = c;
      }
    };
    this.eachScore(slots, top, k1, made.groupBias, groupVisit, made.groupRows);
    const members: number[][] = Array.from({ length: k1 }, () => []);
    for (let j = 0; j < slots.length; j++) for (let t = 0; t < G; t++) if (nearGroup[j * G + t]! >= 0) members[nearGroup[j * G + t]!]!.push(j);
    const best = new Int32Array(slots.length);
    const bestScore = new Float64Array(slots.length).fill(-Infinity);
    members.forEach((js, g) => {
      const [from, to] = leafRange[g]!;
      if (!js.length || to === from) return;
      const leafRows = { rows: made.leafRows.rows.subarray(from * this.dim, to * this.dim), inv: made.leafRows.inv.subarray(from, to) };
      const visit = (c: number, at: number, n: number, col: Float64Array) => {
        for (let m = 0; m < n; m++) {
          const j = js[at + m]!;
          if (col[m]! > bestScore[j]!) (bestScore[j] = col[m]!), (best[j] = from + c);
        }
      };
      this.eachScore(js.map((j) => slots[j]!), leaves.subarray(from * this.dim, to * this.dim), to - from, made.leafBias.subarray(from, to), visit, leafRows);
    });
    return best;
  }

  /**
   * (Re)builds the clusters: spherical k-means on a sample — first √(N/1000) groups, then each split in
   * proportion to its size, ~1,000 vectors per cluster — then every vector goes to its nearest cluster.
   * The scoring runs off the server thread where the native assignment is built (nativeAssign.ts), else in
   * slices that yield to the event loop, so a server keeps answering (with the previous clusters, or brute force)
   * while it runs. Below CLUSTER_FROM vectors it drops the clusters instead. With `signal` aborted (a server
   * shutting down, which would otherwise wait for the build) it stops at its next step and leaves the index as it
   * was — its previous clusters, the vectors added since searched by brute force — and returns false; true when
   * the clusters were built.
   */
  async buildClusters(options: { seed?: number; force?: boolean; signal?: AbortSignal } = {}): Promise<boolean> {
    const stop = new Int32Array(1); // read by the native steps: set, they end early
    const onAbort = () => void (stop[0] = 1);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.build(options, stop);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** `buildClusters`' steps; `stop` is set when its signal aborts. */
  private async build(options: { seed?: number; force?: boolean; signal?: AbortSignal }, stop: Int32Array): Promise<boolean> {
    // counted, then filled: pushing 1.45M numbers onto an array held the server thread 150 ms
    let count = 0;
    for (let slot = 0; slot < this.used; slot++) if (this.ids.has(slot)) count++;
    const live = new Int32Array(count);
    for (let slot = 0, n = 0; slot < this.used && n < count; slot++) if (this.ids.has(slot)) live[n++] = slot;
    if (live.length < CLUSTER_FROM && !options.force) {
      this.unassigned.clear();
      this.centroids = undefined;
      this.groups = undefined;
      this.prepared = undefined;
      this.lists = [];
      this.runs = [];
      return true;
    }
    // between slices: a turn of the event loop, then false when the build is to stop (nothing changed until its end)
    const goOn = async () => {
      await new Promise<void>((r) => setImmediate(r));
      if (!options.signal?.aborted) return true;
      this.changedDuringBuild = undefined;
      return false;
    };
    const run: BuildRun = { pause: goOn, stop };
    this.changedDuringBuild = new Set();
    const dim = this.dim;
    const random = mulberry32(options.seed ?? 7);
    const k1 = Math.max(2, Math.round(Math.sqrt(live.length / 1000)));
    const sampleSize = Math.min(live.length, Math.max(10_000, k1 * k1 * 24));
    const sample = Array.from({ length: sampleSize }, () => live[Math.floor(random() * live.length)]!);
    // cluster the vectors' deviations from their mean: embeddings share a large common direction that would
    // otherwise dominate every centroid (ranking is unchanged, since q·v = q·(v − mean) + q·mean)
    const mean = new Float32Array(dim);
    for (let i = 0; i < sampleSize; i++) {
      const slot = sample[i]!;
      for (let d = 0; d < dim; d++) mean[d] += (this.data[slot * dim + d]! * this.scales[slot]!) / sampleSize;
      if (i % SUM_PIECE === SUM_PIECE - 1 && !(await goOn())) return false;
    }
    const top = await this.kMeans(sample, k1, random, mean, run);
    const groupOf = top && (await this.nearestIn(sample, top, k1, mean, run));
    if (!top || !groupOf) return false;
    const groups: number[][] = Array.from({ length: k1 }, () => []);
    sample.forEach((slot, i) => groups[groupOf[i]!]!.push(slot));
    const leaves: Float32Array[] = [];
    const leafRange: [number, number][] = [];
    for (const members of groups) {
      const k2 = Math.max(1, Math.round((k1 * members.length) / sampleSize * k1));
      const c = members.length ? await this.kMeans(members, k2, random, mean, run) : new Float32Array(0);
      if (!c) return false;
      leafRange.push([leaves.length, leaves.length + c.length / dim]);
      for (let j = 0; j < c.length / dim; j++) leaves.push(c.subarray(j * dim, j * dim + dim));
      if (!(await goOn())) return false;
    }
    const centroids = new Float32Array(leaves.length * dim);
    leaves.forEach((c, i) => centroids.set(c, i * dim));
    const lists: number[][] = leaves.map(() => []);
    let listOf = new Int32Array(this.capacity).fill(-1);
    const made: PreparedCentroids = {
      groupBias: centroidBias(top, k1, dim, mean),
      leafBias: centroidBias(centroids, leaves.length, dim, mean),
      groupRows: this.quantized(top, k1),
      leafRows: this.quantized(centroids, leaves.length),
    };
    const next: ClusterSet = { top, leafRange, centroids, made };
    const leafOfLive = await this.leafOfIn(live, next, run);
    if (!leafOfLive) return false;
    // listed in pieces (a slot removed meanwhile is left out; one set again is assigned again below)
    for (let i = 0; i < live.length; i += LIST_PIECE) {
      for (let j = i; j < Math.min(live.length, i + LIST_PIECE); j++) {
        const slot = live[j]!;
        if (!this.ids.has(slot)) continue;
        listOf[slot] = leafOfLive[j]!;
        lists[leafOfLive[j]!]!.push(slot);
      }
      if (!(await goOn())) return false;
    }
    // the vectors set while the build ran, and those still waiting for the old clusters, go to the new ones in
    // slices too while more may arrive (at 1.85M vectors beside a fresh import's embedding, assigning them one by
    // one in JavaScript at the end held the server thread for half a minute); the last few at once
    const grown = () => {
      if (listOf.length >= this.capacity) return listOf;
      const g = new Int32Array(this.capacity).fill(-1);
      g.set(listOf);
      return g;
    };
    for (const slot of this.unassigned) this.changedDuringBuild!.add(slot);
    while (this.changedDuringBuild!.size > ASSIGN_BATCH) {
      const batch = firstOf(this.changedDuringBuild!, ASSIGN_BATCH);
      for (const slot of batch) this.changedDuringBuild!.delete(slot);
      listOf = grown();
      this.assignBatch(batch.filter((slot) => this.ids.has(slot)), lists, listOf, next);
      if (!(await goOn())) return false;
    }
    const changed = this.changedDuringBuild!;
    this.changedDuringBuild = undefined;
    this.listOf = grown();
    this.centroids = centroids;
    this.groups = { centroids: top, leafRange, groupBias: made.groupBias, leafBias: made.leafBias };
    this.prepared = made;
    this.lists = lists;
    this.runs = [];
    for (const slot of this.unassigned) changed.add(slot);
    this.unassigned.clear();
    this.assignBatch([...changed].filter((slot) => this.ids.has(slot)), lists, this.listOf, next);
    this.compact();
    return true;
  }

  /**
   * About how many vectors the clusters were made for: 1,000 × the square of their groups' count, the inverse of
   * how a build picks it (0 without clusters). What a loaded snapshot's clusters are judged by, as a running
   * server judges its own by the size it built them at.
   */
  get clusteredFor(): number {
    const k1 = this.groups?.leafRange.length ?? 0;
    return this.clustered ? 1000 * k1 * k1 : 0;
  }

  /**
   * Whether the index holds REBUILD_GROWTH times the vectors its clusters were made for (clusteredFor), the growth
   * at which a server builds them again: a server stopped before that build saved the old ones, and a start
   * builds them — not before (a start that rebuilt at a third more built again what the server before it had
   * rightly left, beside the first readers after a restart).
   */
  get clustersOutgrown(): boolean {
    return this.clustered && this.size >= CLUSTER_FROM && this.size >= this.clusteredFor * REBUILD_GROWTH;
  }

  /**
   * Renumbers the slots so that each cluster's vectors lie next to each other: a query then reads a few long
   * runs of memory instead of thousands of scattered vectors (ten times faster at 100k, more at 1M).
   */
  private compact(): void {
    const dim = this.dim;
    const oldIds = this.ids;
    // Where each old slot goes (-1: a removed or repeated slot), then the vectors move in place, one cycle of the
    // permutation at a time, so that renumbering 1M vectors needs two spare vectors, not a second 370 MB copy.
    // (the ids and their table are renumbered without making a string: at 2.7M vectors, one each took seconds)
    const dest = new Int32Array(this.used).fill(-1);
    this.free = [];
    this.listOf.fill(-1);
    // each cluster's new slots are consecutive: its list is a view of one array of 0, 1, 2, … (no array per list)
    const numbers = new Int32Array(this.used);
    let next = 0;
    this.lists = this.lists.map((list, l) => {
      const first = next;
      for (const slot of list) {
        if (!oldIds.has(slot) || dest[slot] !== -1) continue;
        dest[slot] = next;
        this.listOf[next] = l;
        numbers[next] = next++;
      }
      return numbers.subarray(first, next);
    });
    // the rows move on a thread of the addon while the ids, their table and the file records are renumbered here
    const moved = permuteInBackground(this.data, this.scales, dest, dim);
    try {
      this.ids = oldIds.permuted(dest, next);
      this.slots.remap(dest);
      const fileRows = new Int32Array(this.capacity).fill(-1);
      for (let slot = 0; slot < dest.length; slot++) if (dest[slot]! >= 0) fileRows[dest[slot]!] = this.fileRows[slot]!;
      this.fileRows = fileRows;
    } finally {
      moved();
    }
    this.compactions++;
    this.used = next;
    this.runs = [];
    this.allRuns = undefined;
  }
}

/** Slot numbers as a build passes them around: its list of every live slot is packed, samples and batches are arrays. */
type Slots = number[] | Int32Array;

/** `slots` as an Int32Array (the native steps take one), copied only when it is an array. */
const asInt32 = (slots: Slots): Int32Array => (slots instanceof Int32Array ? slots : Int32Array.from(slots));

/** A cluster build in progress as its steps see it: the pause between slices (false: stop), and the flag that stops its native steps. */
interface BuildRun {
  pause: () => Promise<boolean>;
  stop: Int32Array;
}

/** A set of clusters as assignment reads them: group centroids, each group's leaves, leaf centroids, and made-ready rows. */
interface ClusterSet {
  top: Float32Array;
  leafRange: [number, number][];
  centroids: Float32Array;
  made: PreparedCentroids;
}

/** Vectors assigned to clusters together, in the kernel, between two pauses (new vectors between builds, or at a build's end). */
const ASSIGN_BATCH = 1_024;

/** Waiting vectors scored off the server thread at a time (≈ 0.2 s of a core at 2.7M vectors' clusters). */
const OFF_THREAD_BATCH = 16_384;

/** A build's centroids made ready once for every slice of its bulk assignment (VectorIndex.leafOf). */
interface PreparedCentroids {
  groupBias: Float64Array;
  leafBias: Float64Array;
  groupRows: { rows: Int16Array; inv: Float64Array };
  leafRows: { rows: Int16Array; inv: Float64Array };
}

/** How a VectorIndex computes its dot products (see its constructor). */
export interface IndexOptions {
  simd?: boolean;
  native?: boolean | string;
  threads?: number;
}

const EMPTY_RUNS = new Int32Array(0);
/**
 * Slots a slice of clustering's bulk assignment scores before it lets the server thread answer: ≈ 5 ms at 2.7M
 * vectors (52 groups, then the ≈ 150 leaves of a vector's three nearest) on this project's 2-core test machine.
 */
const SLICE_SLOTS = 1_024;

/** Vectors a build adds up (a mean, k-means' sums) between two turns of the event loop: ≈ 5 ms at 256 dimensions. */
const SUM_PIECE = 1_024;

/** Slots a build lists in its clusters between two turns of the event loop, once their clusters are known. */
const LIST_PIECE = 16_384;

/** The numbers from, from + 1, …, to − 1. */
function* range(from: number, to: number): IterableIterator<number> {
  for (let i = from; i < to; i++) yield i;
}

/** Everything a vector index holds, as plain arrays: what a snapshot stores (see `VectorIndex.exportState`). */
export interface VectorIndexState {
  dim: number;
  /** Paper id of each slot, packed (IdList's arrays; a slot freed by a removal has none). */
  ids: IdListParts;
  /** Paper id → slot, the table as the index held it (optional: built from `ids` when absent). */
  slotTable?: IdTableParts;
  /** The int8 rows, slot after slot (ids.length × dim), and each row's scale. */
  data: Int8Array;
  scales: Float32Array;
  /** The two-level clusters, when built: leaf and group centroids, each group's leaf range (pairs), biases, each slot's leaf (-1: none). */
  clusters?: { centroids: Float32Array; groupCentroids: Float32Array; leafRange: Int32Array; groupBias: Float64Array; leafBias: Float64Array; listOf: Int32Array };
}

/** A cluster's slots: packed when loaded or compacted, a plain array once a slot is added or removed. */
type SlotList = number[] | Int32Array;

/** Cluster `l`'s list as a plain array, which a packed one becomes on its first change (changes are few between compactions). */
function writable(lists: SlotList[], l: number): number[] {
  const list = lists[l]!;
  return Array.isArray(list) ? list : (lists[l] = Array.from(list));
}

/** The first `n` slots of a set, in its order (a batch to assign; the caller deletes them once done). */
function firstOf(set: Set<number>, n: number): number[] {
  const out: number[] = [];
  for (const slot of set) {
    if (out.length === n) break;
    out.push(slot);
  }
  return out;
}

/** Takes one slot out of a cluster's list (lists hold ~1,000 slots, so a scan is cheap). */
function unlist(list: number[], slot: number): void {
  const i = list.indexOf(slot);
  if (i >= 0) {
    list[i] = list[list.length - 1]!;
    list.pop();
  }
}
