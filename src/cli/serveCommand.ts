import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { communityJobs } from '../community/communityJobs.ts';
import { ensureSecret, loadConfig, type Config } from '../config/config.ts';
import { isoDay } from '../feed/periods.ts';
import { digestJobs } from '../digest/digestJobs.ts';
import { createDigestMailer } from '../digest/digestMailer.ts';
import { createApp } from '../http/app.ts';
import { PageCache } from '../http/pageCache.ts';
import { loadDemoCorpus } from '../ingest/demoCorpus.ts';
import { ingestJobs } from '../ingest/ingestJobs.ts';
import { jobMetrics } from '../jobs/jobMetrics.ts';
import { trackRequests } from '../jobs/requestActivity.ts';
import { startScheduler } from '../jobs/scheduler.ts';
import { createLogger } from '../logging/logger.ts';
import { createMetricsRegistry } from '../metrics/metricsRegistry.ts';
import { registerProcessMetrics } from '../metrics/processMetrics.ts';
import { registerStoreMetrics } from '../metrics/storeMetrics.ts';
import { createSearchContext, searchReadiness } from '../search/searchContext.ts';
import { followSearchChanges, searchJobs } from '../search/searchJobs.ts';
import { registerSearchMetrics } from '../search/searchMetrics.ts';
import { describeStore, openStore, SERVE_PAGE_CACHE_MB } from '../storage/openStore.ts';

/** How long a request waits for the first lexical build before it is answered 503 (or without search). */
const REQUEST_WAIT_MS = 1000;

/**
 * `paperwire serve`: takes the port first (answering 503 until the app is ready), so a port already in use fails at
 * once with one line instead of a stack trace after the demo has loaded; then opens the store (migrating and
 * loading the demo corpus when empty) and serves at once, while the search indexes warm up in the background
 * (`/readyz` says ready once they are loaded).
 */
export async function serveCommand(): Promise<number> {
  const loaded = loadConfig();
  // the app gets the node-server's env too (its `incoming` socket is where the client's address comes from)
  type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;
  let handler: Fetch = () => new Response('paperwire is starting; try again in a few seconds\n', { status: 503, headers: { 'Retry-After': '5' } });
  const server = serve({ fetch: (req, env) => handler(req, env), port: loaded.port, hostname: loaded.host });
  const bound = await new Promise<true | Error>((resolve) => {
    server.once('listening', () => resolve(true));
    server.once('error', (err) => resolve(err));
  });
  if (bound !== true) {
    process.stderr.write(`paperwire serve: ${listenProblem(bound, loaded.host, loaded.port)}\n`);
    return 1;
  }
  try {
    return await serveOn(server, loaded, (app) => (handler = app));
  } catch (err) {
    server.close(); // a refused database (or any start-up failure) must not leave the port held open
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    throw err;
  }
}

/** The rest of `serve` once the port is taken: store, demo, app, jobs, warm-up; `ready` hands the app to the server. */
async function serveOn(server: ReturnType<typeof serve>, loaded: Config, ready: (fetch: (req: Request, env?: unknown) => Response | Promise<Response>) => void): Promise<number> {
  const config = ensureSecret(loaded);
  const log = createLogger(config.logLevel);
  const store = await openStore(config, { migrate: config.autoMigrate, revisionPerTurn: true, pageCacheMb: SERVE_PAGE_CACHE_MB });
  if (config.loadDemo && (await store.papers.count()) === 0) {
    const summary = await loadDemoCorpus(store);
    log.info('loaded the demo corpus into the empty database', { papers: summary.new, featured: summary.featured });
  }
  // the search indexes are saved under the data folder and loaded from there at the next start
  const search = createSearchContext(store, { requestWaitMs: REQUEST_WAIT_MS, snapshotDir: join(config.dataDir, 'search'), log });
  const metrics = config.metricsToken ? createMetricsRegistry() : undefined;
  if (metrics) {
    registerProcessMetrics(metrics);
    registerStoreMetrics(metrics, store);
    registerSearchMetrics(metrics, search);
  }
  const app = createApp({ store, config, log, cache: new PageCache(), today: () => isoDay(new Date()), search, metrics });
  ready(app.fetch);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`paperwire is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, { database: describeStore(config) });

  // shutdown is wired before warm-up starts, so a SIGTERM during warm-up still drains requests and exits cleanly
  const stops: (() => Promise<void>)[] = [];
  const mailer = createDigestMailer(config, log);
  const stopping = new AbortController();
  const exited = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      const started = Date.now();
      stopping.abort();
      server.close(async () => {
        await Promise.all(stops.map((s) => s()));
        mailer.close();
        store.close();
        log.info('stopped', { ms: Date.now() - started });
        resolve(0);
      });
      setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 5000).unref();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

  // warm-up starts once the server listens: /healthz answers at once, /readyz once the indexes are loaded
  // the background workers (embedding, keywords) rest while this server answers requests
  const activity = trackRequests(server);
  const warmStarted = Date.now();
  stops.push(
    startScheduler(
      [
        ...(config.digest.enabled ? digestJobs({ store, mailer, config, log, search }, () => isoDay(new Date())) : []),
        ...searchJobs(search, config, log, { activity, stopping: stopping.signal }),
        ...ingestJobs({ store, config, log }),
        ...communityJobs(store, log),
        // every server follows the change logs itself: this one is per server, never leased to one of them
        followSearchChanges(search),
      ],
      log,
      { leases: store.jobLeases, leaseTtlMs: config.jobLeaseTtlMs, onRun: metrics && jobMetrics(metrics) },
    ),
  );
  // what changed since the last background snapshots is saved before exit, so the next start reads it (a cluster
  // build in progress gets BUILD_GRACE_MS, then is stopped: a service manager kills a slow stop)
  stops.push(async () => {
    await Promise.all([search.lexical.persist(), search.semantic?.persist?.({ stopBuild: true })]);
    search.lexical.close(); // after the save, which copies the loaded snapshot's window layouts into the new one
    search.semantic?.close?.(); // its background work ends too: nothing it would do now is saved
  });
  void search.warmUp?.then(() => {
    const r = searchReadiness(search);
    // where the memory is at that moment (V8 heap against typed arrays and other memory outside it), in MB
    const m = process.memoryUsage();
    const mb = (b: number) => Math.round(b / 2 ** 20);
    const memory = { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), arrayBuffers: mb(m.arrayBuffers), external: mb(m.external) };
    log.info('search is ready', { papers: r.lexical.papers, vectors: r.semantic?.vectors, ms: Date.now() - warmStarted, memory });
  });
  return exited;
}

/** One line saying why the port could not be taken, naming the setting that changes it. */
export function listenProblem(err: Error, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use: stop the program using it, or choose another port with PORT or PAPERWIRE_PORT`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}: choose a port above 1023 with PORT or PAPERWIRE_PORT`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on address ${host}: check PAPERWIRE_HOST`;
  return `cannot listen on ${host}:${port}: ${err.message}`;
}
