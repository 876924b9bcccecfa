import { availableParallelism } from 'node:os';
import type { LexicalStore } from '../../storage/lexicalStore.ts';
import { LexicalIndex } from './lexicalIndex.ts';
import { buildInWorkers } from './parallelBuild.ts';

/** Changes read per round trip while catching up. */
const CHANGE_BATCH = 5_000;
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

  /** Called when build workers fail and the build falls back to this thread. */
  onWorkerFailure?: (err: Error) => void;

  constructor(
    private readonly source: LexicalStore,
    private readonly revisionOf: () => number,
    /** Threads that analyse text during a rebuild (0: analyse in this thread). */
    private readonly workers = Math.min(2, availableParallelism()),
  ) {}

  /**
   * Rebuilds from scratch: every paper, in rowid order. When there is more than one batch of papers, the text
   * analysis runs in `workers` threads (parallelBuild.ts); if they cannot start, it builds in this thread.
   */
  async rebuild(progress?: BuildProgress, batch = 5_000): Promise<LexicalIndex> {
    const revision = this.revisionOf();
    const seq = await this.source.lastChange();
    const first = await this.source.scan(0, batch);
    let index: LexicalIndex | undefined;
    if (this.workers > 0 && first.length === batch) {
      index = new LexicalIndex();
      index.beginBulk();
      try {
        await buildInWorkers(index, this.source, first, { workers: this.workers, batch, progress });
      } catch (err) {
        this.onWorkerFailure?.(err as Error);
        index = undefined;
      }
    }
    if (!index) {
      index = new LexicalIndex();
      index.beginBulk();
      let rows = first;
      let done = 0;
      while (rows.length) {
        for (const row of rows) index.add(row);
        done += rows.length;
        progress?.(done);
        rows = await this.source.scan(rows[rows.length - 1]!.rowid, batch);
      }
    }
    index.endBulk();
    this.index = index;
    this.seq = seq;
    this.revision = revision;
    this.built = true;
    await this.catchUp();
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
