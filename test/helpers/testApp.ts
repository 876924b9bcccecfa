import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { PageCache } from '../../src/http/pageCache.ts';
import { loadDemoCorpus } from '../../src/ingest/demoCorpus.ts';
import { openStore } from '../../src/storage/openStore.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createSearchContext, type SearchContext } from '../../src/search/searchContext.ts';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import type { Store } from '../../src/storage/store.ts';
import { freshPgDatabase, freshPgStore, type Backend } from './backends.ts';

/** A temporary data folder, removed by the returned cleanup. */
export function tempDir(prefix = 'paperwire-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What testStore gives: the store, its data folder, the PostgreSQL URL when on PostgreSQL, and a cleanup. */
export interface TestStore<S extends Store> {
  store: S;
  dir: string;
  /** Set on PostgreSQL: the URL of the test's own database (PAPERWIRE_DATABASE_URL for processes it starts). */
  databaseUrl?: string;
  cleanup: () => void;
}

/** A real SQLite store in a temp folder (or, with `backend`, a fresh PostgreSQL database), migrated, optionally holding the demo corpus. */
export async function testStore(options?: { demo?: boolean; backend?: undefined }): Promise<TestStore<SqliteStore>>;
export async function testStore(options: { demo?: boolean; backend: Backend }): Promise<TestStore<Store>>;
export async function testStore(options: { demo?: boolean; backend?: Backend } = {}): Promise<TestStore<Store>> {
  const { dir, cleanup } = tempDir();
  let kit: TestStore<Store>;
  if (options.backend === 'postgres') {
    const pg = await freshPgStore();
    kit = { store: pg.store, dir, databaseUrl: pg.url, cleanup: () => (void pg.cleanup().catch(() => {}), cleanup()) };
  } else {
    const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
    kit = { store, dir, cleanup: () => (store.close(), cleanup()) };
  }
  if (options.demo) await loadDemoCorpus(kit.store);
  return kit;
}

/**
 * The environment a `paperwire` child process needs to use a test store's database: its data folder, and on
 * PostgreSQL the test's own database URL.
 */
export function storeEnv(kit: { dir: string; databaseUrl?: string }): Record<string, string> {
  return { PAPERWIRE_DATA_DIR: kit.dir, ...(kit.databaseUrl ? { PAPERWIRE_DATABASE_URL: kit.databaseUrl } : {}) };
}

/** Another store over a test store's database, as a restarted (or second) process opens it. */
export function reopenStore(kit: { dir: string; databaseUrl?: string }): Promise<Store> {
  return openStore(loadConfig(storeEnv(kit)));
}

/**
 * An empty database (no schema yet), as a first start finds it: a temp folder on SQLite, a fresh bare database
 * on PostgreSQL. `env` is what a `paperwire` child process needs to use it; `cleanup` removes both.
 */
export async function bareDatabase(backend: Backend): Promise<{ dir: string; databaseUrl?: string; env: Record<string, string>; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  if (backend === 'sqlite') return { dir, env: storeEnv({ dir }), cleanup };
  const { url, drop } = await freshPgDatabase({ unmigrated: true });
  return { dir, databaseUrl: url, env: storeEnv({ dir, databaseUrl: url }), cleanup: () => (cleanup(), void drop().catch(() => {})) };
}

/** What testApp gives: the app, its store and configuration, the log lines, and a cleanup. */
export interface TestApp<S extends Store> {
  app: ReturnType<typeof createApp>;
  store: S;
  config: Config;
  logs: string[];
  dir: string;
  cleanup: () => void;
  /** This app's search context (its indexes), as `serve` makes one per server. */
  search: SearchContext;
}

/** What testApp takes: the demo corpus or not, "today", extra environment, and the backend (SQLite when unset). */
export interface TestAppOptions {
  demo?: boolean;
  today?: string;
  env?: Record<string, string>;
  backend?: Backend;
  /** How long a request waits for the first lexical build (see createSearchContext). */
  requestWaitMs?: number;
}

/** The whole app over a real temp database with the demo corpus, "today" pinned, logs kept for assertions. */
export async function testApp(options?: TestAppOptions & { backend?: undefined }): Promise<TestApp<SqliteStore>>;
export async function testApp(options: TestAppOptions): Promise<TestApp<Store>>;
export async function testApp(options: TestAppOptions = {}): Promise<TestApp<Store>> {
  const { store, dir, databaseUrl, cleanup } = await testStore({ demo: options.demo ?? true, backend: options.backend ?? 'sqlite' });
  const env = { ...storeEnv({ dir, databaseUrl }), ...options.env };
  const config: Config = { ...loadConfig(env), secret: 'x'.repeat(64) };
  const logs: string[] = [];
  const log = createLogger('debug', (l) => logs.push(l));
  const search = createSearchContext(store, { requestWaitMs: options.requestWaitMs });
  const app = createApp({ store, config, log, cache: new PageCache(), today: () => options.today ?? '2026-11-23', search });
  return { app, store, config, logs, dir, cleanup, search };
}
