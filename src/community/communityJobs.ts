import type { ScheduledJob } from '../jobs/scheduler.ts';
import type { Logger } from '../logging/logger.ts';
import type { Store } from '../storage/store.ts';

/** The community's background work inside `paperwire serve`: hourly removal of expired sessions and mail links. */
export function communityJobs(store: Store, log: Logger): ScheduledJob[] {
  return [
    {
      name: 'purge-expired-sessions',
      leased: true,
      everyMs: 3600_000,
      firstAfterMs: 60_000,
      async run() {
        const n = await store.accounts.purgeExpired(new Date().toISOString());
        if (n) log.info('purged expired sessions and mail links', { rows: n });
      },
    },
  ];
}
