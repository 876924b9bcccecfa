import type { MetricsRegistry } from '../metrics/metricsRegistry.ts';
import type { JobOutcome } from './scheduler.ts';

const BUCKETS = [0.01, 0.1, 1, 10, 60, 300, 1800, 7200];

/**
 * The scheduler's `onRun` hook for metrics: runs of each job on this server by outcome (ok, failed, or skipped
 * because another server holds its lease or ran it lately), their durations, and when each last succeeded here.
 */
export function jobMetrics(metrics: MetricsRegistry): (job: string, outcome: JobOutcome, ms: number) => void {
  const runs = metrics.counter('paperwire_job_runs_total', 'Scheduled job runs on this server, by job and outcome (ok, failed; skipped: leased elsewhere or run lately by another server).');
  const duration = metrics.histogram('paperwire_job_duration_seconds', 'How long scheduled job runs took on this server (runs that were not skipped).', BUCKETS);
  const lastOk = new Map<string, number>();
  metrics.gauge('paperwire_job_last_success_timestamp_seconds', 'When each job last finished without error on this server (Unix time).', () =>
    [...lastOk].map(([job, t]) => ({ labels: { job }, value: t })),
  );
  return (job, outcome, ms) => {
    runs.inc({ job, outcome });
    if (outcome === 'skipped') return;
    duration.observe({ job }, ms / 1000);
    if (outcome === 'ok') lastOk.set(job, Math.round(Date.now() / 1000));
  };
}
