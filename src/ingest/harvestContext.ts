import type { Logger } from '../logging/logger.ts';
import type { IngestItem, RunCounts } from '../storage/ingestStore.ts';
import type { Store } from '../storage/store.ts';
import type { PoliteClient } from './politeClient.ts';

/** What every arXiv source gets for one run: storage, the polite client, where to report, and the clock. */
export interface HarvestContext {
  store: Store;
  client: PoliteClient;
  log: Logger;
  signal?: AbortSignal;
  counts: RunCounts;
  /** Called after each committed page, for the progress bar. */
  onPage?: (counts: RunCounts, total?: number) => void;
  now: () => Date;
}

/** Commits a page of items with the cursor that follows it and adds the outcome to the run's counts. */
export async function commitPage(ctx: HarvestContext, source: string, items: IngestItem[], cursor: string): Promise<void> {
  const { statuses } = await ctx.store.ingest.commit(source, items, cursor);
  ctx.counts.read += items.length;
  for (const s of statuses) ctx.counts[s]++;
}

/** A clear line for the operator when a run finds nothing: the usual, harmless reasons named. */
export function logNothingArrived(ctx: HarvestContext, what: string): void {
  ctx.log.info(`nothing new arrived from ${what}; weekends, holidays and arXiv's announcement lag (updates land around 20:00 US Eastern, Sunday to Thursday) are the usual reasons`);
}
