/**
 * The extracting half of the keywords job when it runs off the server thread (keywordJob.ts): keyword extraction
 * is pure text work except for document frequencies, which live in the server's lexical index. So each batch
 * takes two rounds — the first runs extraction with the frequencies known so far and answers the terms it lacked;
 * the server looks them up and the second runs it again with them — and the worker keeps the frequencies it was
 * sent, exactly like the in-thread job's cache (`reset` empties it when the server drops its own).
 *
 * Started with a store (`KeywordWorkerSetup`), the worker also reads the queued papers (`take`) and writes their
 * keywords with the removal of their queue rows (`write`) through its own connection, so the server thread neither
 * reads paper texts, nor writes, nor runs the WAL checkpoints those writes bring; only the look-ups stay there.
 * Without one (or when its store cannot be opened) the server sends the texts (`terms`) and writes what `score`
 * answers itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { restWhileServing } from '../../jobs/requestActivity.ts';
import { lowerThreadPriority } from '../../jobs/threadPriority.ts';
import { openStore, SERVE_PAGE_CACHE_MB, type StoreConfig } from '../../storage/openStore.ts';
import type { QueuedPaper } from '../../storage/searchIndexStore.ts';
import type { Store } from '../../storage/store.ts';
import { cachedStats, extractKeywords } from './extractKeywords.ts';

/** What the worker is started with: the store it reads the queue from and writes keywords to, if any. */
export interface KeywordWorkerSetup {
  store?: StoreConfig;
  /** The server's activity cells (trackRequests): extraction rests while requests run (restWhileServing). */
  activity?: SharedArrayBuffer;
}
type Doc = { title: string; abstract: string };
/** A batch's round: the texts' `terms` or `take` (the worker reads the batch), then `score` or `write`; `close` ends it. */
export type KeywordRequest =
  | { seq: number; op: 'terms'; documents: number; reset: boolean; docs: Doc[] }
  | { seq: number; op: 'score'; documents: number; df: [string, number][]; docs: Doc[] }
  | { seq: number; op: 'take'; documents: number; reset: boolean; batch: number }
  | { seq: number; op: 'write'; documents: number; df: [string, number][] }
  | { seq: number; op: 'close' };
/** `pending`: the frequencies lacked (with `taken`, how many papers `take` read); `keywords`; `written`; an error. */
export type KeywordResponse =
  | { seq: number; pending: string[]; taken?: number }
  | { seq: number; keywords: string[][] }
  | { seq: number; written: number }
  | { seq: number; error: string; fatal?: boolean };

lowerThreadPriority(); // background work: the server thread's requests come first
const setup = (workerData ?? {}) as KeywordWorkerSetup;
const cache = new Map<string, number>();
const rest = restWhileServing(setup.activity);
let store: Promise<Store> | undefined;
/** The papers `take` read, kept for the `write` that follows. */
let taken: QueuedPaper[] = [];
const post = (r: KeywordResponse) => parentPort!.postMessage(r);

/** Extraction of every text with the frequencies cached; `pending` collects the ones missing. */
function extract(docs: Doc[], documents: number, pending: Set<string>): string[][] {
  const stats = cachedStats(documents, cache, (term) => pending.add(term));
  return docs.map((d) => {
    rest(); // a paper at a time, between the server's requests
    return extractKeywords(d.title, d.abstract, stats);
  });
}

async function answer(req: KeywordRequest): Promise<void> {
  if (req.op === 'close') {
    taken = [];
    if (store) await (await store.catch(() => undefined))?.close();
    store = undefined;
    return void parentPort!.close();
  }
  if ((req.op === 'terms' || req.op === 'take') && req.reset) cache.clear();
  if (req.op === 'score' || req.op === 'write') for (const [term, n] of req.df) cache.set(term, n);
  if (req.op === 'take' || req.op === 'write') {
    let opened: Store;
    try {
      if (!setup.store) throw new Error('the keyword worker was started without a store');
      opened = await (store ??= openStore(setup.store, { poolSize: 1, pageCacheMb: SERVE_PAGE_CACHE_MB }));
    } catch (err) {
      store = undefined;
      // this worker cannot reach the store: the server reads and writes the papers itself from now on
      return post({ seq: req.seq, error: err instanceof Error ? err.message : String(err), fatal: true });
    }
    if (req.op === 'take') {
      taken = await opened.searchIndex.queued('keywords', req.batch);
      const pending = new Set<string>();
      extract(taken, req.documents, pending);
      return post({ seq: req.seq, pending: [...pending], taken: taken.length });
    }
    const rows = taken;
    taken = [];
    const keywords = extract(rows, req.documents, new Set());
    // one transaction: the papers' keywords and their queue rows go together (a crash leaves the batch queued)
    await opened.searchIndex.putKeywords(rows.map((r, i) => ({ rowid: r.rowid, keywords: keywords[i]! })));
    return post({ seq: req.seq, written: rows.length });
  }
  const pending = new Set<string>();
  const keywords = extract(req.docs, req.documents, pending);
  post(req.op === 'terms' ? { seq: req.seq, pending: [...pending] } : { seq: req.seq, keywords });
}

// one request at a time, in order (a `write` must find the rows its `take` read)
let chain = Promise.resolve();
parentPort!.on('message', (req: KeywordRequest) => {
  chain = chain.then(() => answer(req)).catch((err) => post({ seq: req.seq, error: err instanceof Error ? err.message : String(err) }));
});
