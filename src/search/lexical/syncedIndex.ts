import { availableParallelism } from 'node:os';
import type { LexicalStore } from '../../storage/lexicalStore.ts';
import { LexicalIndex } from './lexicalIndex.ts';
import { buildInWorkers } from './parallelBuild.ts';

/** Changes read per round trip while catching up. */
const CHANGE_BATCH = 5_000;
/** Batches analysed in the calling thread before a rebuild hands the rest to workers (their start-up costs ~1 s). */
const SERIAL_BATCHES = 4;
/** How many change-log rows are kept for readers that are behind (older ones are pruned). */
const KEEP_CHANGES = 200_000;

/** Progress of a build, for the CLI's progress bar and the server log. */
export type BuildProgress = (done: number) => void;

/**
 * The lexical index of one store, built from it on first use (or at server start) and brought up to date from
 * the change log before each search whenever the store's revision moved — also when another process (an import)
 * wrote the papers.
 */
export class SyncedIndex {
  index = new LexicalIndex();
  private seq = 0;
  private revision = Number.NaN;
  private pending?: Promise<LexicalIndex>;
  private built = false;
  private prunedAt = 0;

  /** The last change-log entry the index has applied; undefined until first built (for the change-log lag metric). */
  get appliedSeq(): number | undefined {
    return this.built ? this.seq : undefined;
  }

  /** Called when build workers fail and the build falls back to this thread. */
  onWorkerFailure?: (err: Error) => void;

  constructor(
    private readonly source: LexicalStore,
    private readonly revisionOf: () => number,
    /** Threads that analyse text during a rebuild (0: analyse in this thread). */
    private readonly workers = Math.min(2, availableParallelism()),
  ) {}

  /**
   * Rebuilds from scratch: every paper, in rowid order. The first batches are analysed in this thread; when there
   * are more, the rest is analysed in `workers` threads (parallelBuild.ts), whose start-up only pays off on larger
   * corpora. If they fail, it builds again in this thread.
   */
  async rebuild(progress?: BuildProgress, batch = 5_000): Promise<LexicalIndex> {
    const revision = this.revisionOf();
    const seq = await this.source.lastChange();
    let index: LexicalIndex;
    try {
      index = await this.fill(this.workers, batch, progress);
    } catch (err) {
      if (!this.workers) throw err;
      this.onWorkerFailure?.(err as Error);
      index = await this.fill(0, batch, progress);
    }
    this.index = index;
    this.seq = seq;
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
    const first = await this.source.firstChange();
    if (first > this.seq + 1 && this.seq > 0) return this.rebuild();
    for (;;) {
      const changes = await this.source.changesSince(this.seq, CHANGE_BATCH);
      for (const c of changes) {
        if (c.kind === 'votes' && c.doc) this.index.setUpvotes(c.rowid, c.doc.upvotes);
        else if (c.doc) this.index.add(c.doc);
        else this.index.remove(c.rowid);
        this.seq = c.seq;
      }
      if (changes.length < CHANGE_BATCH) break;
    }
    this.revision = revision;
    if (this.seq - this.prunedAt > KEEP_CHANGES / 4) {
      this.prunedAt = this.seq;
      await this.source.prune(KEEP_CHANGES);
    }
    return this.index;
  }
}
