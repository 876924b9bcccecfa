import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { jobLeaseName, type ScheduledJob } from '../jobs/scheduler.ts';
import { withLease } from '../jobs/jobLease.ts';
import { PIECE_MS, timeSlices } from '../jobs/timeSlices.ts';
import { untilQuiet } from '../jobs/requestActivity.ts';
import type { Logger } from '../logging/logger.ts';
import { createKeywordJob } from './keywords/keywordJob.ts';
import { setWarmUp, type SearchContext } from './searchContext.ts';
import { createEmbedder } from './semantic/createEmbedder.ts';
import type { Embedder } from './semantic/embedder.ts';
import { createSemanticSearch } from './semantic/semanticSearch.ts';
import { vectorSnapshotName } from './semantic/vectorSnapshot.ts';
import { offThreadEmbedder } from './semantic/workerEmbedder.ts';
import { offThreadEmbedJob } from './semantic/offThreadEmbedJob.ts';
import { embedQueued } from './semantic/embedQueued.ts';
import { warmEnglish } from './query/englishWords.ts';
import { warmSpelling } from './spelling/correctTerm.ts';
import { warmSearches } from './warmSearches.ts';
import { createChatClient } from './summaries/chatClient.ts';
import { summarizePapers } from './summaries/summarizePapers.ts';

/** Instances up to this many papers are made fully searchable during warm-up, before the server reports ready. */
const WARM_UP_TO = 20_000;
/** The scheduled embedding job's name, whose lease the warm-up's embedding takes too. */
const EMBED_JOB = 'embed papers';
/** The commonest words whose window layouts are computed once the lexical index is loaded (LexicalIndex.warmWindows). */
const WARM_WINDOW_TERMS = 256;
/** How long no request must have run before the next search of the warm-up starts. */
const WARM_QUIET_MS = 20;
/** How often a server whose warm-up waits for another server's embedding looks at the queue again. */
const WARM_UP_POLL_MS = 250;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The search side of `paperwire serve`: attaches the semantic index to the server's search context, starts
 * warm-up in the background (the lexical build; the vectors' load; on a small instance — the demo corpus, a
 * reading group's few thousand papers — embedding every paper, so the first search after `npm start` is
 * already hybrid), records it in the context so `/readyz` reports ready only once it is over, and returns the
 * jobs that keep the papers' vectors, keywords and summaries up to date. Imports only queue work; these jobs do it.
 * `bundled`: the model a test embeds with; `activity`: the server's activity cells (trackRequests), which the keyword worker
 * rests on while requests run or the embedding job has both cores, and the warm-up's searches wait on for a lull;
 * `stopping`: aborted when the server shuts down (a warm-up search cut off by the store's closing is no failure).
 */
export function searchJobs(
  ctx: SearchContext,
  config: Config,
  log: Logger,
  options: { bundled?: () => Embedder | undefined; activity?: SharedArrayBuffer; stopping?: AbortSignal } = {},
): ScheduledJob[] {
  const { bundled, activity, stopping } = options;
  const { store } = ctx;
  const jobs: ScheduledJob[] = [];
  const lexicalStarted = Date.now();
  const lexical = ctx.lexical.current().then(
    (index) => log.info('lexical search index built', { papers: index.size, ms: Date.now() - lexicalStarted }),
    (err) => log.error('lexical search index failed to build', { error: errorText(err) }),
  );
  // then, in 1 ms pieces beside the requests, what the first searches after a start would otherwise each pay for:
  // the English model and the dictionary's term lists that query revision reads, its spelling code, the
  // commonest words' window layouts, and the lexical search code itself, compiled by a few searches for the
  // instance's own titles; then, with a local model once the vectors are loaded, the same titles searched hybrid
  // (the Gram kernel compiled, the first scans made: the first hybrid query over HTTP at 126k real took 29–43 ms
  // after them, 61–65 without; a remote endpoint would bill them, so not there).
  // Not part of readiness: searches are correct and only slower without it.
  ctx.searchesWarmed = lexical.then(async () => {
    const t = Date.now();
    const index = await ctx.lexical.current();
    const { pause } = timeSlices(PIECE_MS, 1 / 2);
    await warmEnglish(pause);
    await index.warmTermShapes(pause);
    await warmSpelling(index, pause);
    const layouts = await index.warmWindows(WARM_WINDOW_TERMS, pause);
    // a warm-up search is one step of 5–20 ms: each waits for a lull between requests (untilQuiet), where the
    // pieces above, which a request needing them would otherwise build whole (the term lists: 0.2–0.4 s), go on
    const lull = () => untilQuiet(activity, WARM_QUIET_MS) ?? pause();
    const searches = await warmSearches(ctx, 'lexical', lull);
    let hybrid = 0;
    if (ctx.semantic && local) {
      await ctx.warmUp;
      hybrid = await warmSearches(ctx, 'hybrid', lull);
    }
    log.debug('search warmed', { layouts, searches, hybrid, ms: Date.now() - t });
  }).catch((err) => (stopping?.aborted ? log.debug('search warm-up cut off by shutdown') : log.error('search warm-up failed', { error: errorText(err) })));
  const chosen = createEmbedder(config, bundled);
  // a local model (not a test's, not a remote endpoint) embeds papers in a worker thread, off the request loop
  const local = bundled || config.embeddingsUrl ? undefined : config.embeddingsDir ? ({ kind: 'onnx', dir: config.embeddingsDir } as const) : ({ kind: 'bundled' } as const);
  const embedder = chosen && local ? offThreadEmbedder(chosen, local, log) : chosen;
  if (!embedder) {
    setWarmUp(ctx, lexical);
  } else {
    // the vectors are saved in the data folder and loaded from there at the next start (vectorSnapshot.ts)
    const snapshot = ctx.snapshotDir ? { path: join(ctx.snapshotDir, vectorSnapshotName(embedder.id)) } : undefined;
    // with a local model the job's worker thread also writes the vectors, over its own store connection
    const writer = local
      ? offThreadEmbedJob({ databasePath: config.databasePath, databaseUrl: config.databaseUrl }, local, (options) => embedQueued(store, embedder, options), log, { activity })
      : undefined;
    const semantic = createSemanticSearch(store, embedder, log, { snapshot, writer });
    ctx.semantic = semantic;
    const started = Date.now();
    const loaded = semantic.load().then(
      (r) => log.info('semantic index loaded', { model: embedder.id, vectors: r.vectors, reembedding: r.model === 'changed', ms: Date.now() - started }),
      (err) => log.error('semantic index failed to load', { error: errorText(err) }),
    );
    // Decided before the vectors load, so a large instance never waits for them.
    const warm = store.papers.count().then(async (papers) => {
      await loaded;
      if (papers > WARM_UP_TO) return;
      const t = Date.now();
      const n = await embedBacklogOnce(ctx, semantic, config.jobLeaseTtlMs);
      if (n) log.info('embedded papers', { papers: n, model: embedder.id, ms: Date.now() - t });
    });
    setWarmUp(ctx, Promise.all([warm, lexical]).then(() => undefined, (err) => log.error('search warm-up failed', { error: errorText(err) })));
    jobs.push({
      name: EMBED_JOB,
      leased: true,
      everyMs: 2000,
      firstAfterMs: 200,
      // from the moment the vectors are loaded: a large instance's backlog is embedded while its lexical index
      // builds (a freshly imported 126k: every paper embedded ~5 s sooner); a small one's warm-up embeds it first,
      // under this job's lease (`warm` settles after that)
      after: warm,
      async run(signal) {
        // nothing queued: the job's worker (a thread, its store connection and a copy of the model, ≈ 30 MB) is
        // not started for nothing — one indexed row read on this thread says so
        if (!(await store.searchIndex.queued('embed', 1)).length) return;
        const t = Date.now();
        const n = await semantic.embedPending({ signal, batch: 256 });
        if (n) log.info('embedded papers', { papers: n, model: embedder.id, ms: Date.now() - t });
      },
    });
  }
  // the server extracts keywords in a worker thread, off the request loop, which reads the queued papers and writes
  // their keywords over its own store connection (the CLI's reindex in its own thread)
  const keywords = createKeywordJob(ctx, { worker: true, store: { databasePath: config.databasePath, databaseUrl: config.databaseUrl }, log, activity });
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

/**
 * Warm-up's embedding of a small instance's backlog, once across the servers of a site: under the embedding
 * job's lease (the scheduled job takes it only after warm-up), so of servers that start together one embeds and
 * the others wait until the queue is empty, then follow the feed; either way warm-up ends with every queued
 * paper's vector in this server's index. Returns how many papers this server embedded.
 */
async function embedBacklogOnce(ctx: SearchContext, semantic: { embedPending(o: { signal?: AbortSignal; batch?: number }): Promise<number>; sync(): Promise<void> }, ttlMs: number): Promise<number> {
  const { store } = ctx;
  for (;;) {
    if ((await store.searchIndex.queuedCount('embed')) === 0) {
      await semantic.sync();
      return 0;
    }
    const n = await withLease(store.jobLeases, jobLeaseName(EMBED_JOB), ({ signal }) => semantic.embedPending({ signal, batch: 128 }), { ttlMs });
    if (n !== undefined) return n;
    await new Promise((r) => setTimeout(r, WARM_UP_POLL_MS)); // another server embeds: its vectors come through the feed
  }
}

/**
 * The server's own follower (every server runs it; it takes no job lease): once a second, brings the lexical
 * index and the vectors up to date with the change logs, whichever process wrote — so searches, similar papers
 * and For you on this server see another server's, an import's or a reindex's writes within about a second,
 * and the catch-up cost is paid here rather than by a request.
 */
export function followSearchChanges(ctx: SearchContext, everyMs = 1000): ScheduledJob {
  return {
    name: 'follow search changes',
    everyMs,
    leased: false,
    async run() {
      if (ctx.lexical.isBuilt) await ctx.lexical.current();
      await ctx.semantic?.sync?.();
    },
  };
}
