import { serve } from '@hono/node-server';
import { communityJobs } from '../community/communityJobs.ts';
import { ensureSecret, loadConfig } from '../config/config.ts';
import { isoDay } from '../feed/periods.ts';
import { digestJobs } from '../digest/digestJobs.ts';
import { createDigestMailer } from '../digest/digestMailer.ts';
import { createApp } from '../http/app.ts';
import { PageCache } from '../http/pageCache.ts';
import { loadDemoCorpus } from '../ingest/demoCorpus.ts';
import { ingestJobs } from '../ingest/ingestJobs.ts';
import { startScheduler } from '../jobs/scheduler.ts';
import { createLogger } from '../logging/logger.ts';
import { searchJobs, searchReady } from '../search/searchJobs.ts';
import { searchContext } from '../search/searchPapers.ts';
import { openSqliteStore } from '../storage/sqlite/sqliteStore.ts';

/** `paperwire serve`: opens the store (migrating and loading the demo corpus when empty) and serves the app. */
export async function serveCommand(): Promise<number> {
  const config = ensureSecret(loadConfig());
  const log = createLogger(config.logLevel);
  const store = openSqliteStore(config.databasePath, { migrate: config.autoMigrate, revisionPerTurn: true });
  if (config.loadDemo && (await store.papers.count()) === 0) {
    const summary = await loadDemoCorpus(store);
    log.info('loaded the demo corpus into the empty database', { papers: summary.new, featured: summary.featured });
  }
  const app = createApp({ store, config, log, cache: new PageCache(), today: () => isoDay(new Date()) });
  const mailer = createDigestMailer(config, log);
  const stopJobs = startScheduler(
    [
      ...(config.digest.enabled ? digestJobs({ store, mailer, config, log }, () => isoDay(new Date())) : []),
      ...searchJobs(store, config, log),
      ...ingestJobs({ store, config, log }),
      ...communityJobs(store, log),
    ],
    log,
  );
  const lexicalStarted = Date.now();
  void searchContext(store).lexical.current().then(
    (index) => log.info('lexical search index built', { papers: index.size, ms: Date.now() - lexicalStarted }),
    (err) => log.error('lexical search index failed to build', { error: err instanceof Error ? err.message : String(err) }),
  );
  await searchReady(store);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`paperwire is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, { database: config.databasePath });

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      server.close(async () => {
        await stopJobs();
        mailer.close();
        store.close();
        resolve(0);
      });
      setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 5000).unref();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
