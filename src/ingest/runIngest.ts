import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { RunCounts } from '../storage/ingestStore.ts';
import type { Store } from '../storage/store.ts';
import { harvestApi } from './arxivApi.ts';
import { harvestRss } from './arxivRss.ts';
import type { HarvestContext } from './harvestContext.ts';
import { harvestOai, oaiSetFor } from './oaiPmh.ts';
import { createPoliteClient } from './politeClient.ts';

/** The arXiv sources paperwire ingests from. */
export type SourceKind = 'api' | 'oai' | 'rss';

/** One ingestion to run: a source, its categories (or a raw API query), and optionally where to start. */
export interface IngestJob {
  kind: SourceKind;
  categories: string[];
  query?: string;
  since?: string;
  pageSize?: number;
}

/** How one source's run ended, as the CLI prints it and the run log keeps it. */
export interface IngestOutcome {
  source: string;
  status: 'ok' | 'failed';
  counts: RunCounts;
  error?: string;
  ms: number;
}

/** What a run needs; `onPage` drives the progress display. */
export interface IngestDeps {
  store: Store;
  config: Config;
  log: Logger;
  signal?: AbortSignal;
  now?: () => Date;
  onPage?: (source: string, counts: RunCounts, total?: number) => void;
}

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);

/** The cursor names of a job: one per source and category set (OAI: one per archive set). */
function sourcesOf(job: IngestJob): { source: string; set?: string; categories: string[] }[] {
  const cats = [...job.categories].sort();
  if (job.kind === 'api') return [{ source: `arxiv-api:${job.query ? `q=${job.query}` : cats.join(',')}`, categories: cats }];
  if (job.kind === 'rss') return [{ source: `arxiv-rss:${cats.join('+')}`, categories: cats }];
  if (!cats.length) return [{ source: 'arxiv-oai:all', categories: [] }];
  const sets = [...new Set(cats.map(oaiSetFor))];
  return sets.map((set) => ({ source: `arxiv-oai:${set}:${cats.filter((c) => oaiSetFor(c) === set).join(',')}`, set, categories: cats.filter((c) => oaiSetFor(c) === set) }));
}

/**
 * Runs one ingestion job against arXiv, politely, recording each source's run (counts, errors) in the run log.
 * The single entry point the CLI (`paperwire ingest`), the scheduler in `paperwire serve` and tests call; the first
 * two hold the `job:ingest` lease, so a run of a source still marked running died with its process and is closed.
 */
export async function runIngest(deps: IngestDeps, job: IngestJob): Promise<IngestOutcome[]> {
  const { store, config, log } = deps;
  const now = deps.now ?? (() => new Date());
  if (job.kind !== 'api' || !job.query) {
    if (!job.categories.length) throw new Error('no categories to ingest: give --cats or set PAPERWIRE_INGEST_CATEGORIES');
  }
  const client = createPoliteClient({ store: store.ingest, log, intervalMs: config.ingest.intervalMs, contact: config.ingest.contact });
  const defaultSince = daysAgo(now(), config.ingest.backfillDays);
  const outcomes: IngestOutcome[] = [];
  for (const { source, set, categories } of sourcesOf(job)) {
    const started = Date.now();
    const abandoned = await store.ingest.abandonRuns(source, 'interrupted: the process running it stopped; a later run resumed from its last committed page');
    if (abandoned) log.warn('an earlier run of this source was interrupted; resuming from its cursor', { source });
    const runId = await store.ingest.startRun(source);
    const counts: RunCounts = { read: 0, new: 0, updated: 0, unchanged: 0, skipped: 0, requests: 0 };
    const before = client.requests;
    const ctx: HarvestContext = {
      store,
      client,
      log,
      signal: deps.signal,
      counts,
      now,
      onPage: (c, total) => {
        c.requests = client.requests - before;
        void store.ingest.updateRun(runId, c);
        deps.onPage?.(source, c, total);
      },
    };
    try {
      if (job.kind === 'api') {
        await harvestApi(ctx, source, { apiUrl: config.ingest.apiUrl, categories, query: job.query, since: job.since, defaultSince, pageSize: job.pageSize });
      } else if (job.kind === 'oai') {
        await harvestOai(ctx, source, { oaiUrl: config.ingest.oaiUrl, set, categories, since: job.since, defaultSince });
      } else {
        await harvestRss(ctx, source, { rssUrl: config.ingest.rssUrl, categories, featureNew: config.ingest.featureNew });
      }
      counts.requests = client.requests - before;
      await store.ingest.updateRun(runId, counts, { status: 'ok', message: `${counts.read} read, ${counts.new} new, ${counts.updated} updated` });
      log.info('ingestion finished', { source, ...counts });
      outcomes.push({ source, status: 'ok', counts, ms: Date.now() - started });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      counts.requests = client.requests - before;
      await store.ingest.updateRun(runId, counts, { status: 'failed', message: error, errors: [error] });
      log.error('ingestion failed; the next run resumes from the last committed page', { source, error });
      outcomes.push({ source, status: 'failed', counts, error, ms: Date.now() - started });
      if (deps.signal?.aborted) break;
    }
  }
  return outcomes;
}

/** Runs every configured source for the configured categories: what the schedule in `paperwire serve` does. */
export async function runConfiguredIngest(deps: IngestDeps): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const kind of deps.config.ingest.sources) {
    outcomes.push(...(await runIngest(deps, { kind, categories: deps.config.ingest.categories })));
    if (deps.signal?.aborted) break;
  }
  return outcomes;
}
