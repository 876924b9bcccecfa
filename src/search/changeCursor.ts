import type { ChangeLog } from '../storage/changeLog.ts';

/** How many changes are kept for readers that are behind (older ones are pruned). */
export const KEEP_CHANGES = 200_000;

/**
 * One reader's position in a change log: the seq its in-memory state reflects. A full load records the log's
 * `lastChange()` taken before it (`startAt`), then `replay` applies whatever came after, from any process. The
 * same position is what a snapshot on disk would store, so loading a snapshot is a load plus a replay.
 */
export class ChangeCursor<C extends { seq: number }> {
  /** The newest change applied (or covered by the last full load). */
  seq = 0;
  private prunedAt = 0;

  /**
   * `keep`: changes kept for readers behind; `batch`: changes read at a time; `keepFrom`: the position of the snapshot
   * a restart would load (undefined: none), whose later changes are kept too, with `keep` more before it — pruned,
   * they would make that restart read everything from the database instead of replaying them.
   */
  constructor(
    private readonly log: ChangeLog<C>,
    private readonly options: { keep?: number; batch?: number; keepFrom?: () => number | undefined } = {},
  ) {}

  /** The log's newest change now: call before a full load, and `startAt` it once the load is in place. */
  head(): Promise<number> {
    return this.log.lastChange();
  }

  /** Sets the position after a full load (or a snapshot) that covered every change up to `seq`. */
  startAt(seq: number): void {
    this.seq = seq;
  }

  /**
   * Applies changes handed over by the process that logged them (a worker's own commit, read back inside it:
   * VectorFeedStep) instead of reading them from the log again — only when the position is exactly `after`, where
   * they begin; otherwise (another write came between, or the reader is already past them) it returns false,
   * having applied nothing, and the reader replays the log as usual. `pause` as in `replay`.
   */
  async applyHanded(step: { after: number; changes: C[] }, apply: (change: C) => void, pause?: () => Promise<void> | undefined): Promise<boolean> {
    if (this.seq !== step.after) return false;
    for (const c of step.changes) {
      apply(c);
      this.seq = c.seq;
      const wait = pause?.();
      if (wait) await wait;
    }
    return true;
  }

  /**
   * Applies every change after the position, oldest first, and prunes the log now and then. Returns false, having
   * applied nothing, when changes after the position were pruned already: the reader must load in full again.
   * (A reader at position 0 is behind too once the log starts after 1.) `pause`, when given, is offered after
   * each change (a time-slice budget, see timeSlices.ts): when it returns a promise, the replay waits for it, so a
   * reader on a server thread applies a large batch in pieces between requests.
   */
  async replay(apply: (change: C) => void, pause?: () => Promise<void> | undefined): Promise<boolean> {
    const batch = this.options.batch ?? 5_000;
    const keep = this.options.keep ?? KEEP_CHANGES;
    if ((await this.log.firstChange()) > this.seq + 1) return false;
    for (;;) {
      const changes = await this.log.changesSince(this.seq, batch);
      for (const c of changes) {
        apply(c);
        this.seq = c.seq;
        const wait = pause?.();
        if (wait) await wait;
      }
      if (changes.length < batch) break;
    }
    if (this.seq - this.prunedAt > keep / 4) {
      this.prunedAt = this.seq;
      const from = this.options.keepFrom?.();
      await this.log.prune(from === undefined ? keep : Math.max(keep, this.seq - from + keep));
    }
    return true;
  }
}
