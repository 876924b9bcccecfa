import type { Store } from '../storage/store.ts';
import type { MetricsRegistry } from './metricsRegistry.ts';

/** The database connections of this server as a gauge (open, idle, waiting), from the store's `poolStats`. */
export function registerStoreMetrics(metrics: MetricsRegistry, store: Store): void {
  metrics.gauge('paperwire_db_connections', 'Database connections of this server by state (open, idle; waiting: callers queued for one).', async () => {
    const s = await store.poolStats();
    return [
      { labels: { state: 'open' }, value: s.open },
      { labels: { state: 'idle' }, value: s.idle },
      { labels: { state: 'waiting' }, value: s.waiting },
    ];
  });
}
