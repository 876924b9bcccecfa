import { ensureSecret, loadConfig } from '../config/config.ts';
import { runDigest, type DigestRunSummary } from '../digest/runDigest.ts';
import { runAlerts } from '../digest/savedSearchAlerts.ts';
import { isoDay, parseDay } from '../feed/periods.ts';
import { createLogger } from '../logging/logger.ts';
import { createDigestMailer } from '../digest/digestMailer.ts';
import { openStore } from '../storage/openStore.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

const USAGE = 'usage: paperwire digest [--dry-run] [--to ADDRESS] [--period day|week] [--date YYYY-MM-DD] [--alerts]';

/** One line per run, for people and cron logs. */
export function formatDigestSummary(s: DigestRunSummary, dryRun: boolean): string {
  const what = s.frequency === 'daily' ? 'daily' : 'weekly';
  if (s.busy) return `${what}: another digest run is in progress; nothing done\n`;
  const head = s.period ? `${what} ${s.period}` : `${what}: ${s.skipped}`;
  if (s.preview) return `${head}: ${s.skipped ? 'no preview sent' : 'preview sent'}\n`;
  if (dryRun) return `${head}: would send ${s.recorded} digest${s.recorded === 1 ? '' : 's'} (dry run)\n`;
  const d = s.delivery;
  return `${head}: recorded ${s.recorded}, sent ${d?.sent ?? 0}, failed ${d?.failed ?? 0}, resumed ${d?.resumed ?? 0}, cancelled ${d?.cancelled ?? 0}\n`;
}

/**
 * `paperwire digest`: sends the digests due today (for system cron), resuming whatever an interrupted run left.
 * Exit code 1 when a send failed, so cron reports it.
 */
export async function digestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'dry-run': { type: 'boolean' },
    to: { type: 'string' },
    period: { type: 'string' },
    date: { type: 'string' },
    alerts: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(USAGE);
  if (values.period && !['day', 'week'].includes(values.period)) throw new UsageError(`--period must be day or week\n${USAGE}`);
  if (values.date && !parseDay(values.date)) throw new UsageError(`--date must be a real day written YYYY-MM-DD\n${USAGE}`);
  if (values.to !== undefined && !/^[^\s@]+@[^\s@]+$/.test(values.to)) throw new UsageError(`--to must be an email address\n${USAGE}`);
  const config = ensureSecret(loadConfig());
  const log = createLogger(config.logLevel);
  const store = await openStore(config, { migrate: config.autoMigrate });
  const mailer = createDigestMailer(config, log);
  const deps = { store, mailer, config, log };
  try {
    let failed = 0;
    if (values.alerts) {
      const a = await runAlerts(deps);
      process.stdout.write(a ? `alerts: found ${a.found}, recorded ${a.recorded}, sent ${a.delivery?.sent ?? 0}, failed ${a.delivery?.failed ?? 0}\n` : 'alerts: another digest run is in progress; nothing done\n');
      failed += a?.delivery?.failed ?? 0;
    }
    const frequencies = values.period ? [values.period === 'day' ? 'daily' : 'weekly'] as const : (['daily', 'weekly'] as const);
    for (const frequency of values.alerts && !values.period ? [] : frequencies) {
      const s = await runDigest(deps, { frequency, today: values.date ?? isoDay(new Date()), size: config.digest.size, concurrency: config.digest.concurrency, dryRun: values['dry-run'], to: values.to });
      process.stdout.write(formatDigestSummary(s, values['dry-run'] ?? false));
      failed += s.delivery?.failed ?? 0;
    }
    return failed ? 1 : 0;
  } finally {
    mailer.close();
    store.close();
  }
}
