import { loadConfig } from '../config/config.ts';
import { createProgress } from '../ingest/progress.ts';
import { runConfiguredIngest, runIngest, type IngestOutcome, type SourceKind } from '../ingest/runIngest.ts';
import { withLease } from '../jobs/jobLease.ts';
import { jobLeaseName } from '../jobs/scheduler.ts';
import { createLogger } from '../logging/logger.ts';
import { openStore } from '../storage/openStore.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

const USAGE = `usage: paperwire ingest <arxiv|oai|rss|all|status> [--cats cs.CV,cs.LG] [--query Q] [--since YYYY-MM-DD] [--page-size N]
  arxiv   the arXiv API, by category (or --query) and last-update date, from the stored cursor or --since
  oai     OAI-PMH ListRecords (metadataPrefix=arXiv), incremental by day, resumption tokens followed
  rss     today's announcements (new, replace, cross) of the categories
  all     every source in PAPERWIRE_INGEST_SOURCES for PAPERWIRE_INGEST_CATEGORIES
  status  the last run of each source`;
const KINDS: Record<string, SourceKind> = { arxiv: 'api', api: 'api', oai: 'oai', rss: 'rss' };

/** One line per source outcome: counts, requests, time, and the error of a failed run. */
export function formatOutcome(o: IngestOutcome): string {
  const c = o.counts;
  const head = `${o.source}: ${o.status}, read ${c.read}, new ${c.new}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${c.skipped}, ${c.requests} requests in ${(o.ms / 1000).toFixed(1)} s`;
  return o.error ? `${head}\n  error: ${o.error}` : head;
}

/**
 * `paperwire ingest SOURCE`: fetches papers from arXiv politely and resumably, shows progress, prints a summary
 * per source, and exits 1 when a source failed (its cursor stays at the last committed page).
 */
export async function ingestCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(args, {
    cats: { type: 'string' },
    query: { type: 'string' },
    since: { type: 'string' },
    'page-size': { type: 'string' },
  });
  const what = positionals[0];
  if (!what || positionals.length > 1) throw new UsageError(USAGE);
  if (what !== 'all' && what !== 'status' && !KINDS[what]) throw new UsageError(`unknown source "${what}"\n${USAGE}`);
  if (values.since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(values.since) || Number.isNaN(Date.parse(values.since)))) {
    throw new UsageError(`--since must be a day like 2025-01-01, got "${values.since}"`);
  }
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 2000)) throw new UsageError('--page-size must be between 1 and 2000');
  const categories = values.cats?.split(',').map((c) => c.trim()).filter(Boolean);
  if (categories?.some((c) => !/^[a-z-]+(\.[A-Za-z-]+)?$/.test(c))) throw new UsageError(`--cats must be arXiv categories like cs.CV,cs.LG, got "${values.cats}"`);
  if (values.query !== undefined && what !== 'arxiv' && what !== 'api') throw new UsageError('--query works with the arxiv source only');

  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const store = await openStore(config, { migrate: config.autoMigrate });
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (what === 'status') {
      const runs = await store.ingest.lastRuns();
      if (!runs.length) process.stdout.write('no ingestion has run yet\n');
      for (const r of runs) {
        process.stdout.write(`${r.source}: ${r.status} at ${r.finishedAt ?? r.startedAt}, read ${r.read}, new ${r.new}, updated ${r.updated}, skipped ${r.skipped}${r.errors.length ? `, error: ${r.errors[0]}` : ''}\n`);
      }
      return 0;
    }
    const progress = createProgress('papers', { log });
    // The same lease as the scheduled ingestion of every server, so a manual run and a server never harvest at once.
    const outcomes = await withLease(
      store.jobLeases,
      jobLeaseName('ingest'),
      async ({ signal }) => {
        const deps = { store, config, log, signal, onPage: (_s: string, c: { read: number }) => progress.update({ done: c.read }) };
        return what === 'all'
          ? runConfiguredIngest(deps)
          : runIngest(deps, { kind: KINDS[what]!, categories: categories ?? config.ingest.categories, query: values.query, since: values.since, pageSize });
      },
      { ttlMs: config.jobLeaseTtlMs, signal: controller.signal },
    );
    progress.finish();
    if (!outcomes) {
      process.stderr.write('paperwire ingest: another process (a server\'s scheduled ingestion or another `paperwire ingest`) is ingesting now; run it again when that finishes\n');
      return 1;
    }
    for (const o of outcomes) process.stdout.write(formatOutcome(o) + '\n');
    return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  } catch (err) {
    process.stderr.write(`paperwire ingest: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    store.close();
  }
}
