import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import type { Logger } from '../../logging/logger.ts';
import type { LexicalChange, LexicalStore } from '../../storage/lexicalStore.ts';
import { ChangeCursor } from '../changeCursor.ts';
import { LexicalIndex } from './lexicalIndex.ts';
import { readLexicalSnapshot, writeLexicalSnapshot, type LexicalSnapshot } from './lexicalSnapshot.ts';
import { buildInWorkers } from './parallelBuild.ts';
import { SnapshotUnusable } from '../snapshotFile.ts';
import { trimWhenCollected } from '../trimWhenCollected.ts';

/** Batches analysed in the calling thread before a rebuild hands the rest to workers (their start-up costs ~1 s). */
const SERIAL_BATCHES = 4;

/** Progress of a build, for the CLI's progress bar and the server log. */
export type BuildProgress = (done: number) => void;

/** Where the lexical index is saved, how long after a change, and where load and save are logged. */
export interface LexicalPersistence {
  path: string;
  /** Default 10 s: changes meanwhile ride along in the same write. */
  delayMs?: number;
  log?: Logger;
}

/**
 * The lexical index of one store, built from it on first use (or at server start) and brought up to date from
 * the change log before each search whenever the store's revision moved — also when another process (an import)
 * wrote the papers. With `persistence`, the first build reads the snapshot file instead (then replays the log
 * after its position; a snapshot that is missing, corrupt, of an older format, ahead of the database or whose
 * position the log no longer reaches is replaced by a full build), and the index is saved there in the
 * background after changes.
 */
export class SyncedIndex {
  index = new LexicalIndex();
  private readonly cursor: ChangeCursor<LexicalChange>;
  private revision = Number.NaN;
  private pending?: Promise<LexicalIndex>;
  private built = false;
  /** Changes to the index (`version`) and the one last saved; the pending save timer and write. */
  private version = 0;
  private savedVersion = 0;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private saving?: Promise<void>;
  private adopting?: Promise<void>;
  private closed = false;
  /** Where the index in use came from: the snapshot file, or the papers table (a full build). */
  loadedFrom?: 'snapshot' | 'database';

  /** Called when build workers fail and the build falls back to this thread. */
  onWorkerFailure?: (err: Error) => void;

  constructor(
    private readonly source: LexicalStore,
    private readonly revisionOf: () => number,
    /** Threads that analyse text during a rebuild (0: analyse in this thread). */
    private readonly workers = Math.min(2, availableParallelism()),
    /** How many change-log rows this reader keeps when it prunes (tests make it small). */
    keepChanges?: number,
    private readonly persistence?: LexicalPersistence,
  ) {
    this.cursor = new ChangeCursor(source, { keep: keepChanges });
  }

  /** Whether the index has been built once (searches before that wait for the build, or are refused: see readiness). */
  get isBuilt(): boolean {
    return this.built;
  }

  /** The change-log position the index reflects (for readiness and lag reports). */
  get position(): number {
    return this.cursor.seq;
  }

  /**
   * Rebuilds from scratch: every paper, in rowid order. The first batches are analysed in this thread; when there
   * are more, the rest is analysed in `workers` threads (parallelBuild.ts), whose start-up only pays off on larger
   * corpora. If they fail, it builds again in this thread.
   */
  async rebuild(progress?: BuildProgress, batch = 5_000): Promise<LexicalIndex> {
    const revision = this.revisionOf();
    const seq = await this.cursor.head();
    let index: LexicalIndex;
    try {
      index = await this.fill(this.workers, batch, progress);
    } catch (err) {
      if (!this.workers) throw err;
      this.onWorkerFailure?.(err as Error);
      index = await this.fill(0, batch, progress);
    }
    this.replaceIndex(index);
    this.cursor.startAt(seq);
    this.revision = revision;
    this.built = true;
    this.loadedFrom = 'database';
    this.version++;
    await this.catchUp();
    this.scheduleSave();
    return this.index;
  }

  /** A new index of every paper; batches after the first SERIAL_BATCHES go to `workers` threads when there are any. */
  private async fill(workers: number, batch: number, progress?: BuildProgress): Promise<LexicalIndex> {
    const index = new LexicalIndex();
    index.beginBulk();
    let done = 0;
    let after = 0;
    for (let n = 0; ; n++) {
      const rows = await this.source.scan(after, batch);
      if (!rows.length) break;
      if (workers > 0 && n >= SERIAL_BATCHES && rows.length === batch) {
        const base = done;
        done += await buildInWorkers(index, this.source, rows, { workers, batch, progress: (k) => progress?.(base + k) });
        break;
      }
      for (const row of rows) index.add(row);
      done += rows.length;
      after = rows[rows.length - 1]!.rowid;
      progress?.(done);
      if (rows.length < batch) break;
    }
    index.endBulk();
    return index;
  }

  /** The index, current as of now. */
  current(): Promise<LexicalIndex> {
    if (this.built && this.revisionOf() === this.revision) return Promise.resolve(this.index);
    this.pending ??= (this.built ? this.catchUp() : this.start()).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The first build: from the snapshot when there is a usable one, else from the papers. */
  private async start(): Promise<LexicalIndex> {
    if (!(await this.loadSnapshot())) return this.rebuild();
    return this.catchUp();
  }

  /** Puts the snapshot's index in place at its position; false (logged) when it cannot be used. */
  private async loadSnapshot(): Promise<boolean> {
    const p = this.persistence;
    if (!p) return false;
    const started = Date.now();
    let snap: LexicalSnapshot | undefined;
    try {
      snap = await readLexicalSnapshot(p.path);
      if (snap.position > (await this.cursor.head())) throw new SnapshotUnusable('position', 'the snapshot is ahead of this database’s change log (another database?)');
      this.replaceIndex(LexicalIndex.fromState(snap.state));
      this.cursor.startAt(snap.position);
      this.revision = Number.NaN;
      this.built = true;
      this.loadedFrom = 'snapshot';
      this.savedVersion = this.version;
      p.log?.info('lexical snapshot loaded', { papers: this.index.size, position: snap.position, ms: Date.now() - started });
      return true;
    } catch (err) {
      await snap?.file?.close(); // not adopted: its layouts' file is not needed
      const reason = err instanceof SnapshotUnusable ? err.reason : 'unreadable';
      if (reason === 'missing') p.log?.info('no lexical snapshot yet; building the lexical index from the papers');
      else p.log?.warn('lexical snapshot not used; building the lexical index from the papers', { reason, detail: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** Schedules a background save when the index differs from the last snapshot (one timer at a time). */
  private scheduleSave(): void {
    const p = this.persistence;
    if (!p || this.closed || this.saveTimer || !this.built || this.version === this.savedVersion) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save(true);
    }, p.delayMs ?? 10_000);
    this.saveTimer.unref?.();
  }

  /**
   * Copies the index (at once, so it matches the log position) and writes it; resolves when written. `adopt` (the
   * timer's saves): an index built from the papers is then replaced by the one just written (adoptSaved).
   */
  private async save(adopt = false): Promise<void> {
    // one save at a time: callers that waited together (the timer's and a shutdown's) go one after the other
    while (this.saving) await this.saving;
    const p = this.persistence;
    if (!p || !this.built || this.version === this.savedVersion) return;
    const at = this.version;
    const position = this.cursor.seq;
    const started = Date.now();
    const state = this.index.exportState();
    this.saving = mkdir(dirname(p.path), { recursive: true })
      .then(() => writeLexicalSnapshot(p.path, { position, state }))
      .then(
        (bytes) => {
          this.savedVersion = Math.max(this.savedVersion, at);
          p.log?.info('lexical snapshot saved', { papers: state.alive, position, bytes, ms: Date.now() - started });
          if (adopt && this.loadedFrom === 'database') this.adopting ??= this.adoptSaved().finally(() => (this.adopting = undefined));
        },
        (err) => p.log?.warn('lexical snapshot not saved', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => (this.saving = undefined));
    await this.saving;
  }

  /** Saves the index now if it changed since the last snapshot (shutdown, tests). */
  async persist(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.adopting;
    await this.save();
  }

  /**
   * Stops the background save timer (a write in progress still finishes) and closes the snapshot file the index
   * reads its window layouts from (a save that is copying them keeps it open until done). Persist before closing:
   * a save after it computes the layouts again instead of copying them.
   */
  close(): void {
    this.closed = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    void this.index.close();
  }

  /**
   * Replaces an index built from the papers by the snapshot just written, mapped as a restart maps it, once it has
   * the changes the one in use applied since: the build's arrays (1.3 GB on the heap at 2.7M papers, which a
   * mapped file holds in page-cache pages shared with the system) are given back to the system once collected
   * (trimWhenCollected), and searches get the window layouts a build leaves out. The snapshot's pages are not
   * brought in at once (they come in as searches touch them): both indexes would otherwise be resident together.
   * Nothing changes when the file cannot be read back, the log no longer reaches its position, or the index in
   * use was replaced meanwhile. The timer's save calls it after writing an index built from the papers.
   */
  async adoptSaved(): Promise<void> {
    const p = this.persistence;
    if (!p) return;
    const built = this.index;
    const started = Date.now();
    let next: LexicalIndex | undefined;
    try {
      const snap = await readLexicalSnapshot(p.path, { prefault: false });
      next = LexicalIndex.fromState(snap.state);
      let seq = snap.position;
      for (;;) {
        while (this.pending) await this.pending.catch(() => {});
        if (this.closed || this.index !== built || seq > this.cursor.seq) return;
        const target = this.cursor.seq;
        if (seq === target) break;
        if ((await this.source.firstChange()) > seq + 1) return; // pruned past the snapshot: keep the built index
        for (const c of await this.source.changesSince(seq, Math.min(5_000, target - seq))) {
          if (c.seq > target) break;
          applyChange(next, c);
          seq = c.seq;
        }
      }
      this.replaceIndex(next);
      next = undefined;
      this.loadedFrom = 'snapshot';
      trimWhenCollected(built);
      p.log?.info('lexical index now read from its snapshot', { papers: this.index.size, position: seq, ms: Date.now() - started });
    } catch (err) {
      p.log?.warn('lexical snapshot not adopted; the built index stays in use', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      void next?.close();
    }
  }

  /** Puts `next` in place of the index in use, whose snapshot file (if it was loaded from one) is closed. */
  private replaceIndex(next: LexicalIndex): void {
    const old = this.index;
    this.index = next;
    if (old !== next) void old.close();
  }

  private async catchUp(): Promise<LexicalIndex> {
    const revision = this.revisionOf();
    const index = this.index;
    let applied = 0;
    const whole = await this.cursor.replay((c) => {
      applied++;
      applyChange(index, c);
    });
    if (!whole) {
      this.persistence?.log?.info('the search change log was pruned past this index; rebuilding it from the papers');
      return this.rebuild(); // another reader pruned changes this one had not read yet
    }
    this.revision = revision;
    if (applied) {
      this.version++;
      this.scheduleSave();
    }
    return this.index;
  }
}

/** Applies one logged change to an index. */
function applyChange(index: LexicalIndex, c: LexicalChange): void {
  if (c.kind === 'votes' && c.doc) index.setUpvotes(c.rowid, c.doc.upvotes);
  else if (c.doc) index.add(c.doc);
  else index.remove(c.rowid);
}
