import type { MetricsRegistry } from '../metrics/metricsRegistry.ts';
import type { Store } from '../storage/store.ts';
import { searchContext } from './searchPapers.ts';
import type { SemanticSearch } from './semantic/semanticSearch.ts';

const isSemanticSearch = (s: unknown): s is SemanticSearch => typeof s === 'object' && s !== null && 'embedder' in s && 'index' in s;

/**
 * This server's search indexes as gauges: documents in the lexical index and how many change-log entries it
 * has yet to apply, vectors in memory against vectors stored for the active model. Each server builds its own
 * indexes, so a lag that stays above zero on one server shows that it stopped following the others' writes.
 */
export function registerSearchMetrics(metrics: MetricsRegistry, store: Store): void {
  metrics.gauge('paperwire_search_lexical_documents', 'Papers in this server\'s lexical index.', () => searchContext(store).lexical.index.size);
  metrics.gauge('paperwire_search_lexical_lag_changes', 'Change-log entries written (by any process) that this server\'s lexical index has not applied yet.', async () => {
    const applied = searchContext(store).lexical.appliedSeq;
    return applied === undefined ? undefined : Math.max(0, (await store.lexical.lastChange()) - applied);
  });
  metrics.gauge('paperwire_search_vectors', 'Paper vectors in this server\'s semantic index.', () => {
    const semantic = searchContext(store).semantic;
    return isSemanticSearch(semantic) ? (semantic.index?.size ?? 0) : undefined;
  });
  metrics.gauge('paperwire_search_vectors_stored', 'Paper vectors stored in the database for the active model (this server\'s index lags by the difference).', async () => {
    const semantic = searchContext(store).semantic;
    return isSemanticSearch(semantic) ? store.searchIndex.vectorCount(semantic.embedder.id) : undefined;
  });
}
