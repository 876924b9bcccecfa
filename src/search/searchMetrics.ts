import type { MetricsRegistry } from '../metrics/metricsRegistry.ts';
import type { SearchContext } from './searchContext.ts';
import type { SemanticSearch } from './semantic/semanticSearch.ts';

const isSemanticSearch = (s: unknown): s is SemanticSearch => typeof s === 'object' && s !== null && 'embedder' in s;

/**
 * This server's search indexes as gauges: documents in the lexical index and how many change-log entries it
 * has yet to apply, vectors in memory against vectors stored for the active model. Each server builds its own
 * indexes, so a lag that stays above zero on one server shows that it stopped following the others' writes.
 */
export function registerSearchMetrics(metrics: MetricsRegistry, search: SearchContext): void {
  const { store } = search;
  metrics.gauge('paperwire_search_lexical_documents', "Papers in this server's lexical index.", () => search.lexical.index.size);
  metrics.gauge('paperwire_search_lexical_lag_changes', "Change-log entries written (by any process) that this server's lexical index has not applied yet.", async () =>
    search.lexical.isBuilt ? Math.max(0, (await store.lexical.lastChange()) - search.lexical.position) : undefined,
  );
  metrics.gauge('paperwire_search_vectors', "Paper vectors in this server's semantic index.", () => search.semantic?.size);
  metrics.gauge('paperwire_search_vectors_stored', "Paper vectors stored in the database for the active model (this server's index lags by the difference).", async () => {
    const semantic = search.semantic;
    return isSemanticSearch(semantic) ? store.searchIndex.vectorCount(semantic.embedder.id) : undefined;
  });
}
