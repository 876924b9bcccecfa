import { Worker } from 'node:worker_threads';
import { nextTurn, PIECE_MS, timeSlices } from '../../jobs/timeSlices.ts';
import { workerEntry } from '../../jobs/workerEntry.ts';
import { wordTerms } from '../lexical/compileQuery.ts';
import type { LexicalIndex } from '../lexical/lexicalIndex.ts';
import type { SearchContext } from '../searchContext.ts';
import { extractKeywords, type CorpusStats } from './extractKeywords.ts';
import type { KeywordRequest, KeywordResponse } from './keywordWorker.ts';

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
 * `retire` ends it once the queue is empty (a thread with its own heap, ≈ 25–40 MB at 1M papers, kept for nothing
 * otherwise); the next queued paper starts a fresh one, whose frequency cache the server refills (it answers every
 * term a worker lacks from its own cache).
 */
function keywordWorker() {
  let worker: Worker | undefined;
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    worker = undefined;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  return {
    call<T>(req: DistributiveOmit<KeywordRequest, 'seq'>): Promise<T> {
      if (!worker) {
        const w = new Worker(workerEntry('keywordWorker', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
        w.on('message', (r: KeywordResponse) => {
          const p = waiting.get(r.seq);
          waiting.delete(r.seq);
          if (!waiting.size) w.unref();
          if ('error' in r) p?.reject(new Error(r.error));
          else p?.resolve(('pending' in r ? r.pending : r.keywords) as never);
        });
        w.on('error', fail);
        w.on('exit', (code) => code !== 0 && fail(new Error(`the keyword worker stopped (exit ${code})`)));
        worker = w;
      }
      const w = worker;
      w.ref();
      const n = seq++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(n, { resolve: resolve as (v: never) => void, reject });
        w.postMessage({ ...req, seq: n });
      });
    },
    async retire(): Promise<void> {
      const w = worker;
      if (!w || waiting.size) return;
      worker = undefined;
      w.removeAllListeners('exit');
      await w.terminate();
    },
  };
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
 * slowly); the cache is dropped when the corpus grew by a tenth.
 */
export function createKeywordJob(
  ctx: Pick<SearchContext, 'store' | 'lexical'>,
  setup: { worker?: boolean } = {},
): (options?: { batch?: number; signal?: AbortSignal; onProgress?: (done: number) => void }) => Promise<number> {
  const { store } = ctx;
  let cache = new Map<string, number>();
  let cachedFor = 0;
  const worker = setup.worker ? keywordWorker() : undefined;
  return async (options = {}) => {
    let done = 0;
    for (;;) {
      if (options.signal?.aborted) break;
      const rows = await store.searchIndex.queued('keywords', options.batch ?? 200);
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
        const pending = await worker.call<string[]>({ op: 'terms', documents, reset, docs });
        // the look-ups run on the server thread (a phrase's is an AND count, microseconds): in pieces of at most
        // a millisecond between requests, taking at most a third of the thread
        const df: [string, number][] = [];
        const slices = timeSlices(PIECE_MS, LOOKUP_SHARE);
        for (const term of pending) {
          const n = cache.get(term) ?? documentFrequency(index, term);
          cache.set(term, n);
          df.push([term, n]);
          await slices.pause();
        }
        const keywords = await worker.call<string[][]>({ op: 'score', documents, df, docs });
        await putKeywordsInPieces(ctx, rows.map((r, i) => ({ rowid: r.rowid, keywords: keywords[i]! })));
        done += rows.length;
        options.onProgress?.(done);
        continue;
      }
      const pending: string[] = [];
      const stats: CorpusStats = {
        documents,
        df: (term) => {
          const hit = cache.get(term);
          if (hit === undefined) pending.push(term);
          return hit ?? 1;
        },
      };
      // two passes: the first learns which frequencies are missing, they are fetched, the second scores
      for (const r of rows) extractKeywords(r.title, r.abstract, stats);
      const slices = timeSlices(PIECE_MS, LOOKUP_SHARE);
      for (const term of new Set(pending)) {
        cache.set(term, documentFrequency(index, term));
        await slices.pause();
      }
      await putKeywordsInPieces(ctx, rows.map((r) => ({ rowid: r.rowid, keywords: extractKeywords(r.title, r.abstract, stats) })));
      done += rows.length;
      options.onProgress?.(done);
      await nextTurn();
    }
    return done;
  };
}
