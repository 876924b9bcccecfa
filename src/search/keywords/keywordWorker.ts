/**
 * The extracting half of the keywords job when it runs off the server thread (keywordJob.ts): keyword extraction
 * is pure text work except for document frequencies, which live in the server's lexical index. So each batch
 * takes two rounds — `terms` runs extraction with the frequencies known so far and answers the terms it lacked;
 * the server looks them up and `score` runs it again with them — and the worker keeps the frequencies it was
 * sent, exactly like the in-thread job's cache (`reset` empties it when the server drops its own).
 */
import { lowerThreadPriority } from '../../jobs/threadPriority.ts';
import { parentPort } from 'node:worker_threads';
import { extractKeywords, type CorpusStats } from './extractKeywords.ts';

/** A batch's papers and the round: `terms` (what frequencies are missing) or `score` (with them). */
export type KeywordRequest =
  | { seq: number; op: 'terms'; documents: number; reset: boolean; docs: { title: string; abstract: string }[] }
  | { seq: number; op: 'score'; documents: number; df: [string, number][]; docs: { title: string; abstract: string }[] };
export type KeywordResponse = { seq: number; pending: string[] } | { seq: number; keywords: string[][] } | { seq: number; error: string };

lowerThreadPriority(); // background work: the server thread's requests come first
const cache = new Map<string, number>();

parentPort!.on('message', (req: KeywordRequest) => {
  try {
    if (req.op === 'terms' && req.reset) cache.clear();
    if (req.op === 'score') for (const [term, n] of req.df) cache.set(term, n);
    const pending = new Set<string>();
    const stats: CorpusStats = {
      documents: req.documents,
      df: (term) => {
        const hit = cache.get(term);
        if (hit === undefined) pending.add(term);
        return hit ?? 1;
      },
    };
    const keywords = req.docs.map((d) => extractKeywords(d.title, d.abstract, stats));
    parentPort!.postMessage((req.op === 'terms' ? { seq: req.seq, pending: [...pending] } : { seq: req.seq, keywords }) satisfies KeywordResponse);
  } catch (err) {
    parentPort!.postMessage({ seq: req.seq, error: err instanceof Error ? err.message : String(err) } satisfies KeywordResponse);
  }
});
