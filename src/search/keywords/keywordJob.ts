import { Worker } from 'node:worker_threads';
import { nextTurn, PIECE_MS, timeSlices } from '../../jobs/timeSlices.ts';
import { workerEntry } from '../../jobs/workerEntry.ts';
import { wordTerms } from '../lexical/compileQuery.ts';
import type { LexicalIndex } from '../lexical/lexicalIndex.ts';
import type { SearchContext } from '../searchContext.ts';
import { cachedStats, extractKeywords } from './extractKeywords.ts';
import type { KeywordRequest, KeywordResponse, KeywordWorkerSetup } from './keywordWorker.ts';
import type { Logger } from '../../logging/logger.ts';
import type { StoreConfig } from '../../storage/openStore.ts';

const CACHE = 50_000;
/**
 * Papers whose keywords are written in one transaction. A batch of 200 written at once held the server thread
 * 17–119 ms on a busy machine (each row's pages read again after the embedding worker's commits emptied this
 * connection's page cache, now and then a WAL checkpoint); in pieces of 25, requests run between them. Each
 * piece removes its own papers from the queue with their keywords, so a crash mid-batch leaves the rest queued.
 */
const WRITE_PIECE = 25;

/** Writes a batch's keywords in pieces of WRITE_PIECE papers, a turn of the event loop between them. */
async function putKeywordsInPieces(ctx: Pick<SearchContext, 'store'>, rows: { rowid: number; keywords: string[] }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_PIECE) {
    if (i > 0) await nextTurn();
    await ctx.store.searchIndex.putKeywords(rows.slice(i, i + WRITE_PIECE));
  }
}
/** The share of the server thread the frequency look-ups may take while they run (see timeSlices). */
const LOOKUP_SHARE = 1 / 3;

/**
 * A keyword worker thread, started on first use, not keeping the process alive while idle; one call at a time.
 * With a store (`setup.store`) it reads the queued papers and writes their keywords through its own connection.
 * `retire` ends it once the queue is empty (a thread with its own heap, ≈ 25–40 MB at 1M papers, kept for nothing
 * otherwise; its store connection is closed first); the next queued paper starts a fresh one, whose frequency
 * cache the server refills (it answers every term a worker lacks from its own cache).
 */
function keywordWorker(setup: KeywordWorkerSetup) {
  let worker: Worker | undefined;
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: KeywordResponse) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    worker = undefined;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  return {
    /** Whether a worker thread is running now (else the next call starts one). */
    get running(): boolean {
      return worker !== undefined;
    },
    call(req: DistributiveOmit<KeywordRequest, 'seq'>): Promise<KeywordResponse> {
      if (!worker) {
        // a small heap: what it keeps is a batch and a frequency cache of at most ~70k terms; uncapped, its old
        // generation grew with garbage to 40–60 MB (1M papers: the server 994–1,042 MB after bench:memory's queries
        // against 982–984 capped, extraction as fast). A worker that outgrows it exits; the next run starts another.
        const w = new Worker(workerEntry('keywordWorker', import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 } });
        w.on('message', (r: KeywordResponse) => {
          const p = waiting.get(r.seq);
          waiting.delete(r.seq);
          if (!waiting.size) w.unref();
          if ('error' in r && !r.fatal) p?.reject(new Error(r.error));
          else p?.resolve(r);
        });
        w.on('error', fail);
        w.on('exit', (code) => code !== 0 && fail(new Error(`the keyword worker stopped (exit ${code})`)));
        worker = w;
      }
      const w = worker;
      w.ref();
      const n = seq++;
      return new Promise<KeywordResponse>((resolve, reject) => {
        waiting.set(n, { resolve, reject });
        w.postMessage({ ...req, seq: n });
      });
    },
    async retire(): Promise<void> {
      const w = worker;
      if (!w || waiting.size) return;
      worker = undefined;
      w.removeAllListeners('exit');
      // the worker closes its store and ends by itself; a second later it is stopped regardless
      const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage({ op: 'close', seq: seq++ } satisfies KeywordRequest);
      const late = setTimeout(() => void w.terminate(), 1000);
      await ended;
      clearTimeout(late);
    },
  };
}

/** The field of a worker's answer a round expects; an error answer (a fatal one included) throws. */
function expect<K extends 'pending' | 'keywords' | 'written'>(r: KeywordResponse, key: K): Extract<KeywordResponse, Record<K, unknown>>[K] {
  if (!(key in r)) throw new Error('error' in r ? r.error : `the keyword worker answered without ${key}`);
  return (r as unknown as Record<K, never>)[key];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * How many papers of the lexical index contain a word, or every word of a phrase (the AND-count of its terms,
 * a close upper bound of the phrase's own count, counted by `countAll` without running a search). Text of
 * stopwords only counts as in every paper.
 */
export function documentFrequency(index: LexicalIndex, text: string): number {
  const terms = [...new Set(wordTerms(text))];
  if (!terms.length) return index.size;
  if (terms.length === 1) return index.docFreq(terms[0]!);
  return index.countAll(terms);
}

/**
 * The keywords background job: takes papers off the 'keywords' queue (new papers and changed texts), writes
 * their ai_keywords, and returns how many it did. Document frequencies come from the store's in-memory lexical
 * index (the one search uses, already built in a server) and are cached across runs (corpus statistics move
 * slowly); the cache is dropped when the corpus grew by a tenth. With `worker`, extraction runs in a worker
 * thread; with `store` too (the server's), that worker reads the batch and writes its keywords through its own
 * connection (keywordWorker.ts) and this thread only answers the frequency look-ups — unless the worker cannot
 * open the store, when this thread reads and writes as without it (logged once). With `activity` (the server's
 * activity cells, trackRequests) the worker rests while requests run.
 */
export function createKeywordJob(
  ctx: Pick<SearchContext, 'store' | 'lexical'>,
  setup: { worker?: boolean; store?: StoreConfig; log?: Logger; activity?: SharedArrayBuffer } = {},
): (options?: { batch?: number; signal?: AbortSignal; onProgress?: (done: number) => void }) => Promise<number> {
  const { store } = ctx;
  let cache = new Map<string, number>();
  let cachedFor = 0;
  const worker = setup.worker ? keywordWorker({ store: setup.store, activity: setup.activity }) : undefined;
  let workerWrites = !!(worker && setup.store);
  /** The frequencies of `pending` terms, from the cache or the index: in pieces of at most a millisecond. */
  const lookUp = async (index: LexicalIndex, pending: Iterable<string>): Promise<[string, number][]> => {
    // a phrase's is an AND count (microseconds), run between requests, taking at most a third of the thread
    const df: [string, number][] = [];
    const slices = timeSlices(PIECE_MS, LOOKUP_SHARE);
    for (const term of pending) {
      const n = cache.get(term) ?? documentFrequency(index, term);
      cache.set(term, n);
      df.push([term, n]);
      await slices.pause();
    }
    return df;
  };
  return async (options = {}) => {
    let done = 0;
    const batch = options.batch ?? 200;
    for (;;) {
      if (options.signal?.aborted) break;
      if (worker && workerWrites) {
        // nothing queued: no worker thread is started for nothing (its start, under tsx its loader too, costs more
        // CPU than a run that finds the queue empty) — one indexed row read on this thread says so
        if (!worker.running && !(await store.searchIndex.queued('keywords', 1)).length) break;
        // the worker reads the batch and writes it; this thread reads no texts and writes nothing
        const index = await ctx.lexical.current();
        const documents = index.size;
        const reset = documents > cachedFor * 1.1 || cache.size > CACHE;
        if (reset) (cache = new Map()), (cachedFor = documents);
        const took = await worker.call({ op: 'take', documents, reset, batch });
        if ('fatal' in took && took.fatal) {
          setup.log?.warn('the keyword worker cannot open the store; keywords are read and written on the server thread', { error: took.error });
          workerWrites = false;
          continue;
        }
        const pending = expect(took, 'pending');
        if (!('taken' in took) || !took.taken) {
          await worker.retire();
          break;
        }
        const df = await lookUp(index, pending);
        if (options.signal?.aborted) break; // the lease was lost: the batch stays queued for whoever holds it now
        const written = expect(await worker.call({ op: 'write', documents, df }), 'written');
        done += written;
        options.onProgress?.(done);
        continue;
      }
      const rows = await store.searchIndex.queued('keywords', batch);
      if (!rows.length) {
        await worker?.retire();
        break;
      }
      const index = await ctx.lexical.current();
      const documents = index.size;
      const reset = documents > cachedFor * 1.1 || cache.size > CACHE;
      if (reset) (cache = new Map()), (cachedFor = documents);
      if (worker) {
        // extraction in the worker; only the frequency look-ups (index reads) and the writes stay on this thread
        const docs = rows.map((r) => ({ title: r.title, abstract: r.abstract }));
        const pending = expect(await worker.call({ op: 'terms', documents, reset, docs }), 'pending');
        const df = await lookUp(index, pending);
        const keywords = expect(await worker.call({ op: 'score', documents, df, docs }), 'keywords');
        await putKeywordsInPieces(ctx, rows.map((r, i) => ({ rowid: r.rowid, keywords: keywords[i]! })));
        done += rows.length;
        options.onProgress?.(done);
        continue;
      }
      const pending = new Set<string>();
      const stats = cachedStats(documents, cache, (term) => pending.add(term));
      // two passes: the first learns which frequencies are missing, they are fetched, the second scores
      for (const r of rows) extractKeywords(r.title, r.abstract, stats);
      await lookUp(index, pending);
      await putKeywordsInPieces(ctx, rows.map((r) => ({ rowid: r.rowid, keywords: extractKeywords(r.title, r.abstract, stats) })));
      done += rows.length;
      options.onProgress?.(done);
      await nextTurn();
    }
    return done;
  };
}
