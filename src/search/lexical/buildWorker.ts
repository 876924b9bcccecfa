/**
 * The analysing half of a parallel index build (parallelBuild.ts), run in a worker thread: it turns batches of
 * papers into term ids of its own dictionary, packed field frequencies, field lengths and acronym pairs, and
 * posts them back with the terms it met for the first time, so the index only translates ids and stores postings.
 */
import { parentPort } from 'node:worker_threads';
import { acronymTerms, findAcronymPairs } from './acronyms.ts';
import { DocAnalyzer, type AnalyzableDoc } from './docAnalyzer.ts';

/** A batch of papers to analyse, numbered so results can be applied in order. */
export interface BuildRequest {
  seq: number;
  docs: AnalyzableDoc[];
}

/** A batch analysed: doc i's terms are termIds[ends[i-1]..ends[i]) (local ids; new ones named in newTerms). */
export interface BuildResult {
  seq: number;
  /** Terms first met in this batch, in id order: their ids continue from the previous batch's. */
  newTerms: string[];
  ends: Uint32Array;
  termIds: Uint32Array;
  packed: Uint32Array;
  /** Title, abstract and author word counts, three per doc. */
  lens: Uint32Array;
  /** Acronym pairs found in the abstracts, already analysed (acronymTerms), with the doc they came from. */
  acronyms: { doc: number; key: string; terms: string[] }[];
}

// A smaller word memo than the index's own: words are Zipf-distributed, so 200k still catch nearly all, and
// each worker's copy would otherwise add ~100 MB at 1M papers while the index is being built.
const analyzer = new DocAnalyzer(200_000);
const ids: number[] = [];
const packed: number[] = [];
const lens = [0, 0, 0];

parentPort!.on('message', (req: BuildRequest) => {
  const known = analyzer.dict.size;
  const ends = new Uint32Array(req.docs.length);
  const docLens = new Uint32Array(req.docs.length * 3);
  let outIds = new Uint32Array(req.docs.length * 128);
  let outPacked = new Uint32Array(outIds.length);
  let n = 0;
  const acronyms: BuildResult['acronyms'] = [];
  req.docs.forEach((doc, i) => {
    analyzer.analyze(doc, ids, packed, lens);
    if (n + ids.length > outIds.length) {
      const size = Math.max(outIds.length * 2, n + ids.length);
      const a = new Uint32Array(size);
      a.set(outIds);
      outIds = a;
      const b = new Uint32Array(size);
      b.set(outPacked);
      outPacked = b;
    }
    for (let k = 0; k < ids.length; k++) {
      outIds[n] = ids[k]!;
      outPacked[n++] = packed[k]!;
    }
    ends[i] = n;
    docLens.set(lens, i * 3);
    if (doc.abstract) {
      for (const pair of findAcronymPairs(doc.abstract)) {
        const analysed = acronymTerms(pair);
        if (analysed) acronyms.push({ doc: i, ...analysed });
      }
    }
  });
  const termIds = outIds.slice(0, n);
  const packedOut = outPacked.slice(0, n);
  const result: BuildResult = { seq: req.seq, newTerms: analyzer.dict.termsFrom(known), ends, termIds, packed: packedOut, lens: docLens, acronyms };
  parentPort!.postMessage(result, [ends.buffer, termIds.buffer, packedOut.buffer, docLens.buffer]);
});
