import type { Config } from '../config/config.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import type { DigestDeps } from './deliverDigests.ts';
import { runDigest } from './runDigest.ts';
import { runAlerts } from './savedSearchAlerts.ts';

/**
 * The digest and alert jobs that `paperwire serve` runs. Digests are checked every PAPERWIRE_DIGEST_CHECK_EVERY
 * (15 minutes) and go out from the configured UTC hour on; both jobs are leased (one server of the site runs
 * each) and idempotent, so frequent checks, restarts and a killed server's takeover never send twice.
 */
export function digestJobs(deps: DigestDeps & { config: Config }, today: () => string, now: () => Date = () => new Date()): ScheduledJob[] {
  const { digest } = deps.config;
  return [
    {
      name: 'digest',
      leased: true,
      everyMs: digest.checkEveryMs,
      firstAfterMs: Math.min(digest.checkEveryMs, 60_000),
      async run(signal) {
        if (now().getUTCHours() < digest.hour) return;
        for (const frequency of ['daily', 'weekly'] as const) {
          const s = await runDigest(deps, { frequency, today: today(), size: digest.size, concurrency: digest.concurrency, signal });
          if (s.recorded || s.delivery?.sent || s.delivery?.failed) deps.log.info('digest run', { frequency, period: s.period, recorded: s.recorded, ...s.delivery });
        }
      },
    },
    {
      name: 'saved-search-alerts',
      leased: true,
      everyMs: 5 * 60_000,
      firstAfterMs: 90_000,
      async run(signal) {
        const s = await runAlerts(deps, { signal });
        if (s && (s.found || s.recorded)) deps.log.info('saved-search alerts', { found: s.found, recorded: s.recorded, ...s.delivery });
      },
    },
  ];
}
