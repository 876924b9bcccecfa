import type { Config } from '../config/config.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import type { Logger } from '../logging/logger.ts';
import type { Store } from '../storage/store.ts';
import { createKeywordJob } from './keywords/keywordJob.ts';
import { searchContext } from './searchPapers.ts';
import { createEmbedder } from './semantic/createEmbedder.ts';
import type { Embedder } from './semantic/embedder.ts';
import { createSemanticSearch } from './semantic/semanticSearch.ts';
import { createChatClient } from './summaries/chatClient.ts';
import { summarizePapers } from './summaries/summarizePapers.ts';

/** Instances up to this many papers are made fully searchable before the server listens (see `searchReady`). */
const WARM_UP_TO = 20_000;
const readiness = new WeakMap<Store, Promise<void>>();

/**
 * Resolves when search over a small instance (the demo corpus, a reading group's few thousand papers) is whole:
 * the lexical index built and every paper embedded, so that the first search after `npm start` is already
 * hybrid. `paperwire serve` waits for it before listening; on a large instance it resolves at once and the
 * indexes catch up in the background while the server answers.
 */
export function searchReady(store: Store): Promise<void> {
  return readiness.get(store) ?? Promise.resolve();
}

/**
 * The search side of `paperwire serve`: attaches the semantic index to the store's search context (loaded in
 * the background, so the server answers lexically at once) and returns the jobs that keep it and the papers'
 * keywords and summaries up to date. Imports only queue work; these jobs do it.
 */
export function searchJobs(store: Store, config: Config, log: Logger, bundled?: () => Embedder | undefined): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  const embedder = createEmbedder(config, bundled);
  if (embedder) {
    const semantic = createSemanticSearch(store, embedder, log);
    searchContext(store).semantic = semantic;
    const started = Date.now();
    const loaded = semantic.load().then(
      (r) => log.info('semantic index loaded', { model: embedder.id, vectors: r.vectors, reembedding: r.model === 'changed', ms: Date.now() - started }),
      (err) => log.error('semantic index failed to load', { error: err instanceof Error ? err.message : String(err) }),
    );
    // Decided before the vectors load, so a large instance never waits for them.
    const warm = store.papers.count().then(async (papers) => {
      if (papers > WARM_UP_TO) return;
      await loaded;
      const t = Date.now();
      const [n] = await Promise.all([semantic.embedPending({ batch: 128 }), searchContext(store).lexical.current()]);
      if (n) log.info('embedded papers', { papers: n, model: embedder.id, ms: Date.now() - t });
    });
    readiness.set(store, warm.catch((err) => log.error('search warm-up failed', { error: err instanceof Error ? err.message : String(err) })));
    jobs.push({
      name: 'embed papers',
      leased: true,
      everyMs: 2000,
      firstAfterMs: 200,
      async run(signal) {
        await loaded;
        await warm.catch(() => undefined);
        const t = Date.now();
        const n = await semantic.embedPending({ signal, batch: 128 });
        if (n) log.info('embedded papers', { papers: n, model: embedder.id, ms: Date.now() - t });
      },
    });
  }
  const keywords = createKeywordJob(store);
  jobs.push({
    name: 'paper keywords',
    leased: true,
    everyMs: 5000,
    firstAfterMs: 1000,
    async run(signal) {
      const n = await keywords({ signal });
      if (n) log.debug('extracted keywords', { papers: n });
    },
  });
  if (config.chatUrl) {
    const chat = createChatClient({ url: config.chatUrl, model: config.chatModel, apiKey: config.chatKey });
    jobs.push({
      name: 'paper summaries',
      leased: true,
      everyMs: 60_000,
      firstAfterMs: 10_000,
      async run(signal) {
        const n = await summarizePapers(store, chat, { signal });
        if (n) log.info('summarized papers', { papers: n });
      },
    });
  }
  return jobs;
}
