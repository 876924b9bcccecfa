import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../logging/logger.ts';
import type { VectorChange, VectorFeedStep } from '../../storage/searchIndexStore.ts';
import type { Store } from '../../storage/store.ts';
import { ChangeCursor } from '../changeCursor.ts';
import type { Embedder } from './embedder.ts';
import { embedQueued, type QueuedEmbedding } from './embedQueued.ts';
import { chanceScores } from './chanceScores.ts';
import { SnapshotUnusable } from '../snapshotFile.ts';
import { PIECE_MS, timeSlices } from '../../jobs/timeSlices.ts';
import { CLUSTER_FROM, REBUILD_GROWTH, VectorIndex, type Hit } from './vectorIndex.ts';
import { createGramKernel } from './gramKernel.ts';
import { dequantized, prefixCandidates, prefixQuery, prefixRow, type ScaledVector } from './scanPrefix.ts';
import { openVectorTails, readChanceScores, readVectorSnapshot, removeOtherModelSnapshots, writeChanceScores, writeVectorSnapshot } from './vectorSnapshot.ts';
import { VectorTails } from './vectorTails.ts';

/**
 * The growth at which clusters are built again once the embedding queue has emptied (REBUILD_GROWTH while
 * vectors arrive): a field whose import stopped between two builds is not left with clusters for two thirds of it.
 */
export const DRAINED_GROWTH = 1.2;

/** Options of a semantic ranking: how many results, and which paper ids may appear. */
export interface RankOptions {
  limit: number;
  filter?: (id: string) => boolean;
}

/**
 * Semantic search over one embedding model: the in-memory vector index loaded from storage, kept in step with
 * the vector change feed (`sync`: vectors stored by any process — this server's embedding job, another server's,
 * `paperwire reindex` — and papers withdrawn, renumbered or deleted), and queried by text (`rank`) or by paper
 * (`neighbours`). Lexical search never waits for it: a new paper is found by words at once and by meaning once
 * embedded.
 */
export interface SemanticSearch {
  readonly embedder: Embedder;
  /** The index, once the vector length is known (at load, or at the first embedding). */
  readonly index: VectorIndex | undefined;
  /**
   * Loads the active model's vectors from storage (queueing a full re-embed when the model changed). Searches
   * work at once by brute force; on a large index the clusters are built in the background (`settled`).
   */
  load(): Promise<{ vectors: number; model: 'same' | 'changed'; from: 'snapshot' | 'database' }>;
  /** Whether `load` has finished (readiness). */
  readonly loaded: boolean;
  /** Vectors in memory. */
  readonly size: number;
  /** The vector feed position the index reflects (readiness and lag reports). */
  readonly position: number;
  /**
   * Applies the vector change feed since the last call when the store's revision moved (searches call it; a
   * server also calls it every second). Reloads in full when the feed was pruned past this index's position.
   */
  sync(): Promise<void>;
  /** Resolves when no cluster build and no background assignment of new vectors to clusters is running. */
  settled(): Promise<void>;
  /** Papers most similar in meaning to a query text, best first; [] when the embedder fails (logged). */
  rank(queryText: string, options: RankOptions): Promise<Hit[]>;
  /** Papers nearest to a paper's own vector, itself left out; undefined when it is not embedded yet. */
  neighbours(id: string, options: RankOptions): Promise<Hit[] | undefined>;
  /** `rank` as the search engine's SemanticRanker calls it (src/search/searchPapers.ts). */
  search(text: string, limit: number): Promise<Hit[]>;
  /** `neighbours` as the SemanticRanker calls it: [] when the paper is not embedded yet. */
  similar(id: string, limit: number): Promise<Hit[]>;
  /**
   * Dot products between papers' stored vectors (the SemanticRanker's `gram`), whole — where the index holds
   * prefixes, those of the candidates a ranking just put together; undefined if one is not embedded.
   */
  gram(ids: string[]): Float64Array | undefined;
  /**
   * The best scores that random word salads get on this index, ascending (src/search/semantic/chanceScores.ts):
   * measured on first use, again whenever the index has doubled or halved, and at its exact size once it has
   * been unchanged for `chanceSettleMs` (default CHANCE_SETTLE_MS); a newer calibration runs in the background
   * while the last one is served.
   */
  chanceScores(): Promise<Float64Array>;
  /**
   * Writes the snapshot now if the index changed since the last one (shutdown, tests); resolves when written.
   * With `stopBuild` (shutdown) a cluster build in progress is waited for at most `buildGraceMs` (default
   * BUILD_GRACE_MS), then stopped: the snapshot keeps the clusters the index had, and the next start builds them
   * again (VectorIndex.clustersOutgrown).
   */
  persist(options?: { stopBuild?: boolean }): Promise<void>;
  /** Stops the background snapshot timer (a write in progress still finishes). */
  close(): void;
  /** Embeds queued papers in batches until the queue is empty or `signal` aborts; returns how many. They reach the index (this one and every other server's) through the feed. */
  embedPending(options?: { batch?: number; signal?: AbortSignal; onProgress?: (done: number, left: number) => void }): Promise<number>;
}

const QUERY_CACHE = 512;
/** Prefix candidates a chance calibration's salad rescores at full length for its best score. */
const CHANCE_CANDIDATES = 16;
/** Whole vectors of recent candidates kept for `gram` (a few searches' worth: 4,096 × 384 bytes). */
const CANDIDATE_ROWS = 4096;
/** Vector changes read from the feed at a time (each carries a vector): reading and applying a page takes well under PIECE_MS. */
const FEED_PAGE = 32;
/**
 * How long a shutdown waits for a cluster build in progress before it stops it: a build at 2.7M vectors takes
 * 17–26 s on a quiet 2-core machine, a stopped one is made again by the next start (40 s of slower searches beside
 * it), and a service manager kills a server that takes longer than 90 s to stop (systemd's default).
 */
export const BUILD_GRACE_MS = 30_000;

/** How long the index must stay unchanged before the chance calibration is redone at its exact size (see `chanceScores`). */
export const CHANCE_SETTLE_MS = 5_000;
/** The share of the server thread that assigning new vectors to clusters may take while it runs (see timeSlices). */
const ASSIGN_SHARE = 1 / 2;

/** Where and how often the vectors are saved; without it nothing is written and every start reads the database. */
export interface VectorSnapshotOptions {
  /** The snapshot file (in the data folder: vectorSnapshotName). */
  path: string;
  /** How long after a change the snapshot is written (changes meanwhile ride along); default 10 s. */
  delayMs?: number;
  /**
   * Row bytes from which a save writes the rows from the index itself instead of a copy (default LIVE_ROWS_FROM;
   * tests set 0): the feed is applied after the write, and searches meanwhile see the index as it was.
   */
  liveRowsFrom?: number;
}

/**
 * A background save comes at least this many times as long after the last one as that one took, so saves take at
 * most a tenth of the time: at 2.7M vectors a save writes 1.1 GB in 5–10 s, the feed held back meanwhile (the rows
 * written in place), and saved 10 s after each change, an import's embedding rewrote the file every ≈ 15 s — ≈ 30
 * times, the feed held a third of the time (docs/benchmarks.md). A kill meanwhile costs the next start a longer
 * replay of the feed, never a vector: the database holds them.
 */
export const SAVE_REST = 9;

/**
 * From this many bytes of rows (64 MB: ~250k vectors of 256 bytes) a save does not copy them: at 2.7M vectors the
 * copy held the server thread 1.2 s and added 700 MB to the resident memory for the length of the write.
 */
const LIVE_ROWS_FROM = 64 * 2 ** 20;

/**
 * Builds the semantic search for a store and an embedder; nothing is loaded until `load()`. With `snapshot`, the
 * vectors load from the snapshot file (then the feed is replayed from its position) and are saved there in the
 * background after changes; a snapshot that is missing, corrupt, of another format or model, or ahead of the
 * database's feed is ignored (logged) and the vectors are read from the database instead. With `writer`,
 * `embedPending` runs there (the server's worker thread, writing through its own connection) and this index
 * learns of the vectors through the feed like any other reader.
 */
export function createSemanticSearch(
  store: Store,
  embedder: Embedder,
  log?: Logger,
  options: { snapshot?: VectorSnapshotOptions; writer?: QueuedEmbedding; chanceSettleMs?: number; buildGraceMs?: number } = {},
): SemanticSearch {
  const writer = options.writer;
  // the index holds a Matryoshka prefix of each vector where the model has one (scanPrefix.ts), else whole vectors
  const scanDim = embedder.dim && embedder.scanDim && embedder.scanDim < embedder.dim ? embedder.scanDim : 0;
  const indexDim = (dim: number) => scanDim || dim;
  // the rest of each vector (after the prefix): on disk in the snapshot, in memory until a save writes it
  const tails = scanDim ? new VectorTails(embedder.dim - scanDim) : undefined;
  /** Puts a stored vector in an index: whole, or its prefix with the rest kept aside. */
  const put = (idx: VectorIndex, id: string, v: ScaledVector, arena?: Int8Array) => {
    if (!tails) return void idx.set(id, v);
    const slot = idx.set(id, prefixRow(v, scanDim));
    if (arena && (slot + 1) * tails.dim <= arena.length) {
      arena.set(v.vector.subarray(scanDim), slot * tails.dim);
      idx.setFileRow(slot, slot);
      tails.delete(id);
    } else tails.set(id, v.vector.slice(scanDim));
  };
  let index: VectorIndex | undefined = embedder.dim ? new VectorIndex(indexDim(embedder.dim)) : undefined;
  let clusteredAt = 0;
  // set by a snapshot load whose clusters were outgrown (a server stopped before its last build): the vectors
  // waiting for clusters — the snapshot's, and those the feed's replay adds — are assigned to the loaded ones first
  // (in batches, half the thread), then the clusters are built again; a build first left them to brute force in
  // every search beside it, assigning them only at its end (in process at 2.7M with 1M waiting, a search 24.5 ms
  // at p50 against 7.4 once assigned; docs/benchmarks.md)
  let assignFirst = false;
  let building: Promise<void> | undefined;
  // stops the cluster build in progress: a shutdown waits for it BUILD_GRACE_MS at most (at 2.7M vectors, beside a
  // fresh import's embedding, a build once took two minutes — longer than a service manager waits before a kill)
  let stopBuild: AbortController | undefined;
  let loaded = false;
  let syncedAt = Number.NaN;
  let syncing: Promise<void> | undefined;
  // set while a request waits for the follow in flight: it stops pausing between pieces
  let urgent = false;
  // the feed is read a few vectors at a time, so the server thread applies an embedding batch in short pieces
  // the feed position of the snapshot on disk (saved or loaded here): its later changes are not pruned, so a start
  // after a kill replays them (at 2.7M, 500k vectors past a 200k-change log's end reloaded everything: 37 s)
  let snapshotAt: number | undefined;
  const cursor = new ChangeCursor<VectorChange>(store.searchIndex.vectorChanges(embedder.id), { batch: FEED_PAGE, keepFrom: () => snapshotAt });
  const queryCache = new Map<string, Float32Array>();
  const ensureIndex = (dim: number) => (index ??= new VectorIndex(indexDim(dim)));
  let chance: { size: number; scores: Promise<Float64Array> } | undefined;
  // the newest calibration that finished: served while a newer one runs, so no search waits for one but the first
  let chanceDone: Float64Array | undefined;
  let calibrating = false;
  // when the feed last changed the index (performance.now()), and how long it must stay still for a calibration at its exact size
  let changedAt = performance.now();
  const settleMs = options.chanceSettleMs ?? CHANCE_SETTLE_MS;
  const buildGraceMs = options.buildGraceMs ?? BUILD_GRACE_MS;
  // snapshot bookkeeping: `version` counts changes to the index, `savedVersion` is the one last written
  let version = 0;
  let savedVersion = 0;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | undefined;
  // set while a save writes the rows from the index itself (no change may reach them)
  let rowsWriting: Promise<void> | undefined;
  // how long the last save took (SAVE_REST)
  let lastSaveMs = 0;
  let closed = false;
  // stops the background work (assignment of new vectors, a calibration) when the index is closed: at shutdown,
  // a fresh 2.7M import's 650k unassigned vectors kept the process alive two minutes after it had saved everything
  const closing = new AbortController();
  const snapshot = options.snapshot;

  /**
   * Copies the index (synchronously, so it matches the feed position) and writes it in the background — its rows
   * from the index itself at field size (LIVE_ROWS_FROM), the feed held back until they are written.
   */
  const save = async (background = false): Promise<void> => {
    // the timer's save during a cluster build is dropped: the build's end schedules one, 10 s after the renumbering
    // (at 2.7M vectors it holds the server thread 1.5 s, and copying the rows for a save another 1.2 s right after)
    if (background && building) return;
    // one save at a time: callers that waited together (the timer's and a shutdown's) go one after the other; not
    // mid-build (clusters), nor mid-follow when the rows are written in place (its changes are then in the file)
    while (saving || building || (syncing && liveRows())) await (saving ?? building ?? syncing)!.catch(() => {});
    if (!snapshot || !index || !loaded || version === savedVersion) return;
    const at = version;
    const position = cursor.seq;
    const started = Date.now();
    const t0 = performance.now();
    // rows written from the index itself: no change may reach them until the write ends (followNow waits)
    const live = liveRows();
    let thaw = () => {};
    if (live) rowsWriting = new Promise<void>((resolve) => (thaw = resolve));
    const idx = index;
    const { state, exported } = (() => {
      try {
        const taken = idx.exportState({ liveRows: live });
        return { state: taken, exported: tails?.export(taken, idx) };
      } catch (err) {
        rowsWriting = undefined; // nothing to write: the feed goes on
        thaw();
        throw err;
      }
    })();
    const nonce = randomBytes(8).toString('hex');
    saving = mkdir(dirname(snapshot.path), { recursive: true })
      .then(() => writeVectorSnapshot(snapshot.path, { model: embedder.id, position, state, nonce, tails: exported && { dim: tails!.dim, source: exported.source } }))
      .then(
        async (bytes) => {
          savedVersion = Math.max(savedVersion, at);
          lastSaveMs = performance.now() - t0;
          snapshotAt = position;
          // the tails written are read from the new file from now on (if it is still this write's)
          const opened = exported && (await openVectorTails(snapshot.path, nonce, !!state.clusters));
          if (opened && !exported.written(opened.file, opened.offset)) await opened.file.close();
          log?.info('vector snapshot saved', { vectors: state.ids.lens.length, position, clustered: !!state.clusters, bytes, tailsKept: tails?.kept, ms: Date.now() - started });
        },
        (err) => log?.warn('vector snapshot not saved', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        exported?.release();
        saving = undefined;
        rowsWriting = undefined;
        thaw();
      });
    await saving;
  };
  /** Whether a save now would write the rows from the index itself (see LIVE_ROWS_FROM). */
  const liveRows = () => !!index && index.rowBytes >= (snapshot?.liveRowsFrom ?? LIVE_ROWS_FROM);
  /** Schedules a background save when the index differs from the last snapshot (one timer at a time, SAVE_REST after the last save). */
  const scheduleSave = () => {
    if (!snapshot || closed || saveTimer || !loaded || version === savedVersion) return;
    const inMs = Math.max(snapshot.delayMs ?? 10_000, lastSaveMs * SAVE_REST);
    log?.debug('vector snapshot save scheduled', { inMs: Math.round(inMs), lastSaveMs: Math.round(lastSaveMs * 10) / 10 });
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      void save(true);
    }, inMs);
    saveTimer.unref?.();
  };
  const changed = () => {
    version++;
    scheduleSave();
  };

  /** The index from the snapshot file, positioned where it was saved; false (logged) when it cannot be used. */
  const loadSnapshot = async (): Promise<boolean> => {
    if (!snapshot) return false;
    const started = Date.now();
    // the file of the snapshot's tails, open until this index reads from it (closed when the snapshot is not used)
    let tailFile: { close(): Promise<void> } | undefined;
    try {
      let target: VectorIndex | undefined;
      const snap = await readVectorSnapshot(snapshot.path, embedder.id, (dim, count) => {
        const r = VectorIndex.rowsFor(dim, count);
        target = r.index;
        return r.rows;
      });
      tailFile = snap.tails?.file;
      if (embedder.dim && snap.state.dim !== indexDim(embedder.dim)) throw new SnapshotUnusable('model', `snapshot vectors have ${snap.state.dim} dimensions, the index holds ${indexDim(embedder.dim)}`);
      if ((snap.tails?.dim ?? 0) !== (tails?.dim ?? 0)) {
        throw new SnapshotUnusable('model', `the snapshot holds ${snap.tails?.dim ?? 0} components a vector apart from the index, this server ${tails?.dim ?? 0}`);
      }
      if (snap.position > (await cursor.head())) throw new SnapshotUnusable('position', 'the snapshot is ahead of this database’s vector feed (another database?)');
      index = VectorIndex.fromState(snap.state, {}, target);
      if (tails && snap.tails) {
        tails.useFile(snap.tails.file, snap.tails.offset);
        index.adoptFileRows(snap.state.ids.lens.length);
        tailFile = undefined;
        const warming = Date.now();
        void tails.warm(snap.state.ids.lens.length).then(() => log?.debug('vector tails read into the page cache', { ms: Date.now() - warming }));
      }
      // judged by the size they were made for, as the server that saved them judged them: clusters outgrown (a
      // server stopped before its build ended) are built again after the load, others when the index has grown
      clusteredAt = index.clusteredFor;
      assignFirst = index.clustered && index.clustersOutgrown;
      cursor.startAt(snap.position);
      snapshotAt = snap.position;
      syncedAt = Number.NaN;
      log?.info('vector snapshot loaded', { vectors: index.size, position: snap.position, clustered: index.clustered, ms: Date.now() - started });
      return true;
    } catch (err) {
      await tailFile?.close();
      const reason = err instanceof SnapshotUnusable ? err.reason : 'unreadable';
      const detail = err instanceof Error ? err.message : String(err);
      if (reason === 'missing') log?.info('no vector snapshot yet; loading the vectors from the database');
      else log?.warn('vector snapshot not used; loading the vectors from the database', { reason, detail });
      return false;
    }
  };

  /**
   * Serves the chance calibration saved beside the snapshot, however the vectors were loaded (a snapshot of another
   * format is rebuilt from the database once, and the scores are whole-vector cosines either way): the first search
   * waits for no calibration. One measured at another size (saved while an import was being embedded, or papers
   * came since) is served the same way while `chanceScores` measures this size in the background — by its usual
   * rule: at once when the index is twice the size or half, else once the index is still. A bar from a smaller
   * index is a little low for those seconds; a first search waiting for 256 whole-index searches at field size
   * (beside a cluster build, past the request limit) would be worse.
   */
  const restoreChance = async () => {
    if (!snapshot || !index?.size) return;
    const saved = await readChanceScores(snapshot.path, embedder.id);
    if (saved) (chanceDone = saved.scores), (chance = { size: saved.size, scores: Promise.resolve(saved.scores) });
    log?.info(saved ? 'chance calibration restored' : 'no chance calibration saved', { vectors: index.size, measuredAt: saved?.size });
  };

  /**
   * Puts vectors that arrived since the clusters were built into their clusters in the background, in time slices
   * with rests (at most half the thread), instead of on the search that first meets them; searches meanwhile
   * scan the unassigned few by brute force.
   */
  let assigning: Promise<void> | undefined;
  const assignInBackground = () => {
    if (assigning || building || !index?.pending) return;
    const idx = index;
    const started = Date.now();
    assigning = idx
      .assignPending(timeSlices(PIECE_MS, ASSIGN_SHARE).pause, closing.signal)
      .then(
        (n) => void (n && log?.debug('new vectors assigned to clusters', { vectors: n, ms: Date.now() - started })),
        (err) => log?.warn('cluster assignment failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        assigning = undefined;
        if (index === idx && idx.pending && !building && !closed) assignInBackground(); // more arrived meanwhile
        changed();
        if (assignFirst && !assigning && !closed) maybeCluster();
      });
  };

  // `growth`: REBUILD_GROWTH while vectors arrive; DRAINED_GROWTH once the embedding queue has emptied
  const maybeCluster = (growth = REBUILD_GROWTH) => {
    if (!index || building || index.size < CLUSTER_FROM || index.size < clusteredAt * growth) return;
    if (assignFirst) {
      assignInBackground();
      if (assigning) return; // its end comes back here
      assignFirst = false;
    }
    clusteredAt = index.size;
    const started = Date.now();
    log?.debug('vector clustering started', { vectors: index.size, waiting: index.pending });
    const stop = (stopBuild = new AbortController());
    let built = false;
    building = index
      .buildClusters({ signal: stop.signal })
      .then((done) => {
        built = done;
        if (done) log?.info('vector index clustered', { vectors: index!.size, ms: Date.now() - started });
        else log?.info('vector clustering stopped for the shutdown (the next start builds the clusters again)', { vectors: index!.size, ms: Date.now() - started });
      })
      .finally(() => {
        building = undefined;
        stopBuild = undefined;
        if (built) changed(); // a stopped build changed nothing
      });
  };

  const embedQuery = async (text: string): Promise<Float32Array> => {
    const hit = queryCache.get(text);
    if (hit) return hit;
    const v = embedder.embedSync ? embedder.embedSync(text) : (await embedder.embed([text]))[0]!;
    if (queryCache.size >= QUERY_CACHE) queryCache.delete(queryCache.keys().next().value!);
    queryCache.set(text, v);
    return v;
  };

  // the whole vectors of recent candidates: neighbour smoothing (`gram`) reads the ones a ranking just rescored
  const candidateRows = new Map<string, ScaledVector>();
  const gramOf = scanDim ? createGramKernel(embedder.dim) : undefined;
  /** A paper's whole stored vector: its prefix in the index and the rest (tails), scaled to unit length. */
  const wholeOf = (idx: VectorIndex, id: string): ScaledVector | undefined => {
    const head = idx.rowOf(id);
    const tail = tails?.get(id, idx);
    if (!head || !tail) return undefined;
    const vector = new Int8Array(scanDim + tail.length);
    vector.set(head.vector);
    vector.set(tail, scanDim);
    let sum = 0;
    for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
    return { vector, scale: sum > 0 ? 1 / Math.sqrt(sum) : 0 };
  };
  /**
   * A prefix search's candidates scored again against the full query (a unit vector) with their whole vectors,
   * best `limit` first: the scan read two thirds of the bytes, the order is the whole vectors'. The vectors are put
   * together in one array, their tails read in one batch (VectorTails.readMany); a candidate without its whole
   * vector (its paper left the database since the index saw it) is left out. Each whole vector is also kept for
   * neighbour smoothing (`gram`).
   */
  const fullLength = (query: Float32Array, found: Hit[], limit: number): Hit[] => {
    const idx = index;
    if (!idx || !tails || query.length !== scanDim + tails.dim) return [];
    const dim = query.length;
    const whole = new Int8Array(found.length * dim);
    const has = tails.readMany(found.map((h) => h.id), idx, whole, scanDim, dim);
    const out: Hit[] = [];
    const pair = new Float64Array(2);
    found.forEach((h, i) => {
      const head = has[i] ? idx.rowOf(h.id) : undefined;
      if (!head) return;
      whole.set(head.vector, i * dim);
      rowDot(whole, i * dim, query, pair);
      const scale = pair[1]!;
      candidateRows.delete(h.id);
      candidateRows.set(h.id, { vector: whole.subarray(i * dim, (i + 1) * dim), scale });
      out.push({ id: h.id, score: pair[0]! * scale });
    });
    for (const id of candidateRows.keys()) {
      if (candidateRows.size <= CANDIDATE_ROWS) break;
      candidateRows.delete(id);
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  };

  /** Every vector of the model, from storage, into a fresh index; the feed position is taken before reading. */
  const loadAll = async () => {
    const revision = store.revision();
    const head = await cursor.head();
    const total = await store.searchIndex.vectorCount(embedder.id);
    const fresh = embedder.dim ? new VectorIndex(indexDim(embedder.dim)) : undefined;
    let idx = fresh;
    // the tails of a fresh index in one array, record = slot (a map entry each would cost ten times the memory); not
    // while an index with vectors still answers searches (a reload): its records are the current file's
    const arena = tails && fresh && !index?.size ? tails.useArena(total) : undefined;
    for (let after = 0; ; ) {
      const page = await store.searchIndex.vectors(embedder.id, after, 10_000);
      if (!page.length) break;
      idx ??= new VectorIndex(indexDim(page[0]!.vector.length));
      idx.reserve(total);
      for (const v of page) put(idx, v.id, v, arena);
      after = page[page.length - 1]!.rowid;
    }
    index = idx ?? index;
    clusteredAt = 0;
    assignFirst = false;
    cursor.startAt(head);
    syncedAt = revision;
    version++;
  };

  /** Applies one change of the feed: it names the id a vector leaves under and carries the paper's vector now, if any. */
  const applyChange = (c: VectorChange) => {
    if (!c.current || c.current.id !== c.named) index?.remove(c.named), tails?.delete(c.named); // gone, withdrawn or renumbered
    if (c.current) put(ensureIndex(c.current.vector.length), c.current.id, c.current); // replaced in place
  };
  /** After changes were applied: clusters, their assignment and the snapshot's timer learn of it. */
  const afterChanges = () => {
    changedAt = performance.now();
    maybeCluster();
    assignInBackground();
    changed();
  };
  /**
   * The embedding worker's batch, handed over with the changes its commit logged (VectorFeedStep): applied without
   * reading them back from the database when this index is exactly where they begin, else the feed is followed.
   * The revision seen is left as it was, so the next `sync` still looks at the feed (and finds it caught up).
   */
  const applyStep = async (step: VectorFeedStep) => {
    const slices = timeSlices(PIECE_MS);
    if (!(await cursor.applyHanded(step, applyChange, () => (urgent ? undefined : slices.pause())))) return follow();
    if (step.changes.length) afterChanges();
  };

  /** Applies the feed (applyChange), then refreshes what depends on the index. */
  const follow = async () => {
    const revision = store.revision();
    let applied = 0;
    // in pieces of about a millisecond: requests run between them (a search that needs this very batch waits,
    // and the rest is applied at once)
    const slices = timeSlices(PIECE_MS);
    const whole = await cursor.replay((c) => {
      applied++;
      applyChange(c);
    }, () => (urgent ? undefined : slices.pause()));
    if (!whole) {
      log?.info('vector feed was pruned past this index; reloading the vectors');
      await loadAll();
      await follow();
    } else syncedAt = revision;
    if (applied || !whole) afterChanges();
  };

  /**
   * Replays the feed now, even before this connection noticed the revision move (a worker's commit it was told of);
   * with the commit's `step`, applies that instead when it can (applyStep).
   */
  const followNow = (step?: VectorFeedStep) =>
    (syncing ??= (async () => {
      while (rowsWriting) await rowsWriting; // a save writing the rows from the index: changes wait for its end
      return step ? applyStep(step) : follow();
    })().finally(() => ((syncing = undefined), (urgent = false))));
  /**
   * A request's catch-up (search, similar papers): a follow in flight then finishes without pausing, since the
   * request waits for it anyway — pieces interleaved with other work would only make that request wait longer.
   */
  const syncForRequest = (api: { sync(): Promise<void> }) => {
    // while a save writes the rows in place (seconds, at field size) a request is answered from the index as it is
    if (rowsWriting) return Promise.resolve();
    const done = api.sync();
    if (syncing) urgent = true;
    return done;
  };

  return {
    embedder,
    get index() {
      return index;
    },
    get loaded() {
      return loaded;
    },
    get size() {
      return index?.size ?? 0;
    },
    get position() {
      return cursor.seq;
    },
    async load() {
      const model = await store.searchIndex.useModel(embedder.id);
      if (model === 'changed' && snapshot) {
        const removed = await removeOtherModelSnapshots(snapshot.path).catch(() => []);
        if (removed.length) log?.info('removed the vector snapshots of the model before', { files: removed.join(', ') });
      }
      // after a model change the database is re-embedded: a snapshot of this model would be of an older run
      const from = model === 'same' && (await loadSnapshot()) ? 'snapshot' : 'database';
      if (from === 'database') await loadAll();
      else savedVersion = version;
      await restoreChance();
      await follow();
      loaded = true;
      maybeCluster();
      assignInBackground();
      scheduleSave();
      return { vectors: index?.size ?? 0, model, from };
    },
    sync() {
      if (!loaded || store.revision() === syncedAt) return syncing ?? Promise.resolve();
      return followNow();
    },
    async settled() {
      while (building || assigning) await (building ?? assigning);
    },
    async persist(options = {}) {
      clearTimeout(saveTimer);
      saveTimer = undefined;
      if (options.stopBuild && building) {
        log?.info('the shutdown waits for the cluster build in progress', { vectors: index?.size, mostMs: buildGraceMs });
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([building.catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, buildGraceMs)))]);
        clearTimeout(timer);
        stopBuild?.abort(); // still building: stopped
      }
      await save();
    },
    close() {
      closed = true;
      closing.abort();
      stopBuild?.abort();
      tails?.close();
      clearTimeout(saveTimer);
      saveTimer = undefined;
    },
    async rank(queryText, options) {
      if (!index || !index.size || !queryText.trim()) return [];
      try {
        const q = await embedQuery(queryText);
        if (!scanDim) return index.search(q, options.limit, options.filter);
        return fullLength(q, index.search(prefixQuery(q, scanDim), prefixCandidates(options.limit), options.filter), options.limit);
      } catch (err) {
        log?.warn('semantic ranking failed; lexical results only', { error: err instanceof Error ? err.message : String(err) });
        return [];
      }
    },
    async search(text, limit) {
      await syncForRequest(this);
      return this.rank(text, { limit });
    },
    async similar(id, limit) {
      await syncForRequest(this);
      return (await this.neighbours(id, { limit })) ?? [];
    },
    gram(ids) {
      const rows = gramOf ? ids.map((id) => candidateRows.get(id)) : [];
      // whole vectors where the ranking just read them (a search between might have pushed some out: the prefixes then)
      if (gramOf && rows.every((r) => r !== undefined)) return gramOf(rows as ScaledVector[]);
      return index?.gram(ids);
    },
    chanceScores() {
      const idx = index;
      if (!idx?.size) return Promise.resolve(new Float64Array(0));
      const size = idx.size;
      // while the index grows (a fresh import being embedded) once per doubling or halving; once it has been
      // still for `settleMs`, at its exact size — so the bar ends where a fresh start would put it, and a
      // calibration's cost (a whole-index search per salad) is paid a few times per import, not continuously
      const due =
        !chance ||
        (!calibrating && (size >= chance.size * 2 || size * 2 <= chance.size || (size !== chance.size && performance.now() - changedAt >= settleMs)));
      if (due) {
        const embed = embedder.embedSync ? async (texts: string[]) => texts.map((t) => embedder.embedSync!(t)) : (texts: string[]) => embedder.embed(texts);
        calibrating = true;
        // the first calibration has requests waiting on it: it takes the whole thread between its pieces
        const best = scanDim
          ? async (v: Float32Array, pause: () => Promise<void> | undefined) => fullLength(v, await idx.best(prefixQuery(v, scanDim), CHANCE_CANDIDATES, pause), 1)[0]?.score ?? 0
          : (v: Float32Array, pause: () => Promise<void> | undefined) => idx.bestScore(v, pause);
        const scores = chanceScores(embed, best, chanceDone ? undefined : 1, closing.signal).then(
          (done) => {
            if (snapshot) void writeChanceScores(snapshot.path, embedder.id, size, done).catch((err) => log?.warn('chance calibration not saved', { error: err instanceof Error ? err.message : String(err) }));
            return (chanceDone = done);
          },
          (err) => {
            if (!closing.signal.aborted) log?.warn('chance calibration failed; semantic neighbours unfiltered', { error: err instanceof Error ? err.message : String(err) });
            chance = undefined;
            return new Float64Array(0);
          },
        );
        void scores.finally(() => (calibrating = false));
        chance = { size, scores };
      }
      return chanceDone ? Promise.resolve(chanceDone) : chance!.scores;
    },
    async neighbours(id, options) {
      const v = index?.vector(id);
      if (!v || !index) return undefined;
      const others = (other: string) => other !== id && (options.filter?.(other) ?? true);
      if (!scanDim) return index.search(v, options.limit + 1, others).slice(0, options.limit);
      // the prefix held in the index finds the candidates; the paper's own whole vector orders them
      const own = wholeOf(index, id);
      const found = index.search(v, prefixCandidates(options.limit), others);
      return own ? fullLength(dequantized(own), found, options.limit) : found.slice(0, options.limit);
    },
    async embedPending(options = {}) {
      const afterBatch = async (done: number, left: number, step?: VectorFeedStep) => {
        // the run's last report (no step): a follow in flight may have read the feed before the last batch's
        // commit, so it is waited out and the feed followed afresh, which holds every batch
        if (writer && loaded && !step) while (syncing) await syncing;
        await (writer && loaded ? followNow(step) : this.sync());
        options.onProgress?.(done, left);
      };
      const done = await (writer ? writer.embedPending({ ...options, afterBatch }) : embedQueued(store, embedder, { ...options, afterBatch }));
      // the queue emptied (a backlog embedded, a freshly imported field): clusters made for far fewer vectors are
      // built for the index as it now stands, while nothing else arrives, not left to a restart beside its readers
      if (done && !options.signal?.aborted && !closed) maybeCluster(DRAINED_GROWTH);
      return done;
    },
  };
}

/** The dot product of `query` with the row of `rows` at `at` (query.length long) into pair[0], the row's inverse length into pair[1]. */
function rowDot(rows: Int8Array, at: number, query: Float32Array, pair: Float64Array): void {
  let sum = 0;
  let dot = 0;
  for (let j = 0; j < query.length; j++) {
    const x = rows[at + j]!;
    sum += x * x;
    dot += query[j]! * x;
  }
  pair[0] = dot;
  pair[1] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
}
