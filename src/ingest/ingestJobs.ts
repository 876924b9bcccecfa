import type { Config } from '../config/config.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import type { Logger } from '../logging/logger.ts';
import type { Store } from '../storage/store.ts';
import { runConfiguredIngest } from './runIngest.ts';

/**
 * The scheduled ingestion `paperwire serve` runs: every configured source for the configured categories, every
 * PAPERWIRE_INGEST_EVERY (off by default, so the demo never calls arXiv). A minute after start, then on the interval.
 */
export function ingestJobs(deps: { store: Store; config: Config; log: Logger }): ScheduledJob[] {
  const { everyMs, categories, sources } = deps.config.ingest;
  if (!everyMs) return [];
  if (!categories.length) {
    deps.log.warn('PAPERWIRE_INGEST_EVERY is set but PAPERWIRE_INGEST_CATEGORIES is empty: scheduled ingestion stays off');
    return [];
  }
  deps.log.info('scheduled ingestion is on', { every: `${Math.round(everyMs / 60_000)} min`, sources: sources.join(','), categories: categories.join(',') });
  return [
    {
      name: 'ingest',
      leased: true,
      everyMs,
      firstAfterMs: Math.min(everyMs, 60_000),
      run: async (signal) => {
        const outcomes = await runConfiguredIngest({ ...deps, signal });
        const failed = outcomes.filter((o) => o.status === 'failed');
        if (failed.length) throw new Error(failed.map((o) => `${o.source}: ${o.error}`).join('; '));
      },
    },
  ];
}
