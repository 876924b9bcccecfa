import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../jobs/workerEntry.ts';
import type { LexicalDocRow, LexicalStore } from '../../storage/lexicalStore.ts';
import type { BuildRequest, BuildResult } from './buildWorker.ts';
import type { LexicalIndex } from './lexicalIndex.ts';

/** How a parallel build runs: worker threads, papers read per batch, progress. */
export interface ParallelBuildOptions {
  workers: number;
  batch: number;
  progress?: (done: number) => void;
}

/**
 * Adds every paper after `first` (already read) to `index`, in rowid order, with the text analysis — scanning,
 * stemming, term lookups, acronym mining, three quarters of a build — spread over worker threads (buildWorker.ts).
 * This thread reads batches from the store, translates each worker's term ids to the index's (one lookup per new
 * term, not per word) and stores postings, in batch order, so the index is the one a serial build makes.
 * Returns how many papers it added; throws if a worker fails (the caller then builds serially).
 */
export async function buildInWorkers(index: LexicalIndex, source: LexicalStore, first: LexicalDocRow[], options: ParallelBuildOptions): Promise<number> {
  const { workers: count, batch } = options;
  // a young generation of 192 MB (V8's default is a few tens): a worker allocates a batch's strings and arrays and
  // drops them, and with the default it spent a tenth of its time in scavenges (7 % less build CPU at 1M papers)
  const workers = Array.from({ length: count }, () => new Worker(workerEntry('buildWorker', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 192 } }));
  const translations = workers.map(() => ({ ids: new Int32Array(1 << 16), n: 0 }));
  const results = new Map<number, BuildResult>();
  const rowsOf = new Map<number, LexicalDocRow[]>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  workers.forEach((worker) => {
    worker.on('message', (r: BuildResult) => {
      results.set(r.seq, r);
      wake?.();
    });
    worker.on('error', (err) => ((failure = err), wake?.()));
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`an index build worker stopped (exit ${code})`);
      wake?.();
    });
  });
  let sent = 0;
  let applied = 0;
  let done = 0;
  const send = (rows: LexicalDocRow[]) => {
    const seq = sent++;
    rowsOf.set(seq, rows);
    const docs = rows.map((r) => ({ title: r.title, abstract: r.abstract, authors: r.authors, categories: r.categories, orgName: r.orgName }));
    workers[seq % count]!.postMessage({ seq, docs } satisfies BuildRequest);
  };
  const apply = (r: BuildResult) => {
    const t = translations[r.seq % count]!;
    if (t.n + r.newTerms.length > t.ids.length) {
      const ids = new Int32Array(Math.max(t.ids.length * 2, t.n + r.newTerms.length));
      ids.set(t.ids);
      t.ids = ids;
    }
    for (const term of r.newTerms) t.ids[t.n++] = index.termId(term);
    const { termIds, packed, ends, lens, acronyms } = r;
    for (let p = 0; p < termIds.length; p++) termIds[p] = t.ids[termIds[p]!]!;
    const rows = rowsOf.get(r.seq)!;
    let a = 0;
    for (let i = 0; i < rows.length; i++) {
      index.addAnalyzed(rows[i]!, termIds, packed, i ? ends[i - 1]! : 0, ends[i]!, lens, i * 3);
      for (; a < acronyms.length && acronyms[a]!.doc === i; a++) index.acronyms.learnTerms(acronyms[a]!.key, acronyms[a]!.terms);
    }
    done += rows.length;
    options.progress?.(done);
  };
  try {
    send(first);
    let after = first[first.length - 1]!.rowid;
    let exhausted = first.length < batch;
    while (applied < sent || !exhausted) {
      while (!exhausted && sent - applied < 2 * count) {
        const rows = await source.scan(after, batch);
        if (rows.length) {
          after = rows[rows.length - 1]!.rowid;
          send(rows);
        }
        exhausted = rows.length < batch;
      }
      while (!results.has(applied)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      apply(results.get(applied)!);
      results.delete(applied);
      rowsOf.delete(applied);
      applied++;
    }
    return done;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
