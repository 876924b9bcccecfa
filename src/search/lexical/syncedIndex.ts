import { availableParallelism } from 'node:os';
import type { LexicalChange, LexicalStore } from '../../storage/lexicalStore.ts';
import { ChangeCursor } from '../changeCursor.ts';
import { LexicalIndex } from './lexicalIndex.ts';
import { buildInWorkers } from './parallelBuild.ts';

/** Batches analysed in the calling thread before a rebuild hands the rest to workers (their start-up costs ~1 s). */
const SERIAL_BATCHES = 4;

/** Progress of a build, for the CLI's progress bar and the server log. */
export type BuildProgress = (done: number) => void;

/**
 * The lexical index of one store, built from it on first use (or at server start) and brought up to date from
 * the change log before each search whenever the store's revision moved — also when another process (an import)
 * wrote the papers.
 */
export class SyncedIndex {
  index = new LexicalIndex();
  private readonly cursor: ChangeCursor<LexicalChange>;
  private revision = Number.NaN;
  private pending?: Promise<LexicalIndex>;
  private built = false;

  /** Called when build workers fail and the build falls back to this thread. */
  onWorkerFailure?: (err: Error) => void;

  constructor(
    private readonly source: LexicalStore,
    private readonly revisionOf: () => number,
    /** Threads that analyse text during a rebuild (0: analyse in this thread). */
    private readonly workers = Math.min(2, availableParallelism()),
    /** How many change-log rows this reader keeps when it prunes (tests make it small). */
    keepChanges?: number,
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
    this.index = index;
    this.cursor.startAt(seq);
    this.revision = revision;
    this.built = true;
    await this.catchUp();
    return index;
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
    this.pending ??= (this.built ? this.catchUp() : this.rebuild()).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async catchUp(): Promise<LexicalIndex> {
    const revision = this.revisionOf();
    const index = this.index;
    const whole = await this.cursor.replay((c) => {
      if (c.kind === 'votes' && c.doc) index.setUpvotes(c.rowid, c.doc.upvotes);
      else if (c.doc) index.add(c.doc);
      else index.remove(c.rowid);
    });
    if (!whole) return this.rebuild(); // another reader pruned changes this one had not read yet
    this.revision = revision;
    return this.index;
  }
}
