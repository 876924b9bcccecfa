import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { PageCache } from '../../src/http/pageCache.ts';
import { loadDemoCorpus } from '../../src/ingest/demoCorpus.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';

/** A temporary data folder, removed by the returned cleanup. */
export function tempDir(prefix = 'paperwire-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real SQLite store in a temp folder, migrated, optionally holding the demo corpus. */
export async function testStore(options: { demo?: boolean } = {}): Promise<{ store: SqliteStore; dir: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
  if (options.demo) await loadDemoCorpus(store);
  return { store, dir, cleanup: () => (store.close(), cleanup()) };
}

/** The whole app over a real temp database with the demo corpus, "today" pinned, logs kept for assertions. */
export async function testApp(options: { demo?: boolean; today?: string; env?: Record<string, string>; requestWaitMs?: number } = {}) {
  const { store, dir, cleanup } = await testStore({ demo: options.demo ?? true });
  const config: Config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir, ...options.env }), secret: 'x'.repeat(64) };
  const logs: string[] = [];
  const log = createLogger('debug', (l) => logs.push(l));
  const search = createSearchContext(store, { requestWaitMs: options.requestWaitMs });
  const app = createApp({ store, config, log, cache: new PageCache(), today: () => options.today ?? '2026-11-23', search });
  return { app, store, config, logs, dir, cleanup, search };
}
